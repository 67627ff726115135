-- Stories: which articles report the same event, why, and the user's
-- corrections.

-- One row per clustered article: its story and the clusterer's
-- explanation (JSON). seq orders assignments for replay.
CREATE TABLE story_articles (
    article_seq INTEGER PRIMARY KEY REFERENCES articles(seq),
    story_id    INTEGER NOT NULL,
    seq         INTEGER NOT NULL UNIQUE,
    reason      TEXT    NOT NULL,
    explanation TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Related stories (same subject, different time), stored once per pair
-- with a < b.
CREATE TABLE story_links (
    a        INTEGER NOT NULL,
    b        INTEGER NOT NULL,
    strength REAL    NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX story_links_b ON story_links(b);

-- Corrections survive re-clustering: they name articles, not stories.
CREATE TABLE story_corrections (
    seq     INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('join', 'apart')),
    article TEXT NOT NULL,
    other   TEXT NOT NULL,
    created TEXT NOT NULL
);
