-- Articles, their copy sketches, full-text index and feed validators.
CREATE TABLE articles (
    seq                   INTEGER PRIMARY KEY AUTOINCREMENT, -- ingest order
    id                    TEXT    NOT NULL UNIQUE,
    origin                TEXT    NOT NULL,
    url                   TEXT    NOT NULL DEFAULT '',
    title                 TEXT    NOT NULL DEFAULT '',
    outlet                TEXT    NOT NULL DEFAULT '',
    authors               TEXT    NOT NULL DEFAULT '[]', -- JSON array
    language              TEXT    NOT NULL DEFAULT '',
    text                  TEXT    NOT NULL,
    published             INTEGER,                       -- Unix nanoseconds, UTC; NULL when unknown
    published_offset      INTEGER NOT NULL DEFAULT 0,    -- seconds east of UTC
    published_has_zone    INTEGER NOT NULL DEFAULT 0,
    published_source      TEXT    NOT NULL DEFAULT '',
    published_reliability TEXT    NOT NULL DEFAULT 'unknown',
    ingested              INTEGER NOT NULL,              -- Unix nanoseconds, UTC
    content_hash          TEXT    NOT NULL,
    copy_of               TEXT    NOT NULL DEFAULT '',
    copy_similarity       REAL    NOT NULL DEFAULT 0,
    removed               TEXT    NOT NULL DEFAULT '[]', -- JSON array of {kind, text}
    extra                 TEXT    NOT NULL DEFAULT '{}', -- JSON object
    signature             BLOB                           -- MinHash, little-endian uint32s
);
CREATE INDEX articles_url ON articles(url) WHERE url <> '';
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_copy_of ON articles(copy_of) WHERE copy_of <> '';

-- LSH band keys of each article's sketch (uint64 stored as its int64 bit pattern).
-- Clustered on (band, article_seq): a lookup by band reads one range and an
-- insert writes one b-tree, not a table and an index.
CREATE TABLE article_bands (
    band        INTEGER NOT NULL,
    article_seq INTEGER NOT NULL REFERENCES articles(seq),
    PRIMARY KEY (band, article_seq)
) WITHOUT ROWID;

-- Full-text index over titles and texts; rows are written with the article.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE feed_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    checked_at    INTEGER NOT NULL
);
