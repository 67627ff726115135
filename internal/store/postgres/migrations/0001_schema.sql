-- Storywire's schema on PostgreSQL: the tables of the SQLite store's
-- migrations 0001 to 0009, in one. Times are Unix nanoseconds, UTC
-- (bigint), as in SQLite, so that a time reads back to the nanosecond;
-- uint64 keys (sketch bands, site lines) are stored as their int64 bit
-- pattern; JSON is kept as text, exactly as encoded (jsonb would reorder
-- keys and refuses \u0000).

-- Full-text search: words lower-cased, without diacritics (unaccent, a
-- trusted extension) and stemmed by the English Snowball stemmer, with no
-- stop-word list, so that a query of stop words alone still finds them
-- (the store leaves them out of a query that holds other words).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY storywire_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION storywire (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION storywire
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, storywire_stem;

CREATE TABLE articles (
    seq                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- ingest order
    id                    text    NOT NULL UNIQUE,
    origin                text    NOT NULL,
    url                   text    NOT NULL DEFAULT '',
    title                 text    NOT NULL DEFAULT '',
    outlet                text    NOT NULL DEFAULT '',
    authors               text    NOT NULL DEFAULT '[]', -- JSON array
    language              text    NOT NULL DEFAULT '',
    text                  text    NOT NULL,
    published             bigint,                        -- NULL when unknown
    published_offset      integer NOT NULL DEFAULT 0,    -- seconds east of UTC
    published_has_zone    boolean NOT NULL DEFAULT false,
    published_source      text    NOT NULL DEFAULT '',
    published_reliability text    NOT NULL DEFAULT 'unknown',
    ingested              bigint  NOT NULL,
    content_hash          text    NOT NULL,
    copy_of               text    NOT NULL DEFAULT '',
    copy_similarity       double precision NOT NULL DEFAULT 0,
    removed               text    NOT NULL DEFAULT '[]', -- JSON array of {kind, text}
    extra                 text    NOT NULL DEFAULT '{}', -- JSON object
    kind                  text    NOT NULL DEFAULT '',
    short                 boolean NOT NULL DEFAULT false,
    signature             bytea,                         -- MinHash, little-endian uint32s
    -- The search document: the title weighs more than the text. Written
    -- with the article (titles and texts are never changed afterwards).
    search                tsvector NOT NULL
);
CREATE INDEX articles_url ON articles(url) WHERE url <> '';
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_outlet ON articles(lower(outlet));
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_copy_of ON articles(copy_of) WHERE copy_of <> '';
CREATE INDEX articles_search ON articles USING gin(search);

-- LSH band keys of each article's sketch.
CREATE TABLE article_bands (
    band        bigint NOT NULL,
    article_seq bigint NOT NULL REFERENCES articles(seq),
    PRIMARY KEY (band, article_seq)
);
CREATE INDEX article_bands_article ON article_bands(article_seq);

CREATE TABLE feed_state (
    url           text PRIMARY KEY,
    etag          text   NOT NULL DEFAULT '',
    last_modified text   NOT NULL DEFAULT '',
    checked_at    bigint NOT NULL
);

-- Each analysed article's annotations (model.Annotations as JSON).
CREATE TABLE article_annotations (
    article_seq bigint PRIMARY KEY REFERENCES articles(seq),
    tagger      text NOT NULL,
    json        text NOT NULL
);

-- Canonical entities: one per real person, organisation or place.
CREATE TABLE entities (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type     text    NOT NULL,
    name     text    NOT NULL,
    country  text    NOT NULL DEFAULT '', -- ISO 3166 code for countries
    mentions integer NOT NULL DEFAULT 0,
    articles integer NOT NULL DEFAULT 0,
    votes    text    NOT NULL DEFAULT '{}' -- JSON: mentions by tagger type
);
CREATE INDEX entities_type ON entities(type, mentions);

CREATE TABLE entity_keys (
    key       text   NOT NULL,
    entity_id bigint NOT NULL REFERENCES entities(id),
    PRIMARY KEY (key, entity_id)
);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);

CREATE TABLE entity_aliases (
    entity_id bigint  NOT NULL REFERENCES entities(id),
    alias     text    NOT NULL,
    count     integer NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_alias ON entity_aliases(lower(alias));

CREATE TABLE entity_roles (
    entity_id   bigint NOT NULL REFERENCES entities(id),
    role        text   NOT NULL,
    affiliation text   NOT NULL,
    article_seq bigint NOT NULL REFERENCES articles(seq),
    PRIMARY KEY (entity_id, role, affiliation, article_seq)
);
CREATE INDEX entity_roles_article ON entity_roles(article_seq);

CREATE TABLE entity_mentions (
    entity_id   bigint  NOT NULL REFERENCES entities(id),
    article_seq bigint  NOT NULL REFERENCES articles(seq),
    count       integer NOT NULL,
    PRIMARY KEY (entity_id, article_seq)
);
CREATE INDEX entity_mentions_article ON entity_mentions(article_seq);

-- One row per clustered article: its story and the clusterer's
-- explanation (JSON). seq orders assignments for replay.
CREATE TABLE story_articles (
    article_seq bigint PRIMARY KEY REFERENCES articles(seq),
    story_id    bigint NOT NULL,
    seq         bigint NOT NULL UNIQUE,
    reason      text   NOT NULL,
    explanation text   NOT NULL DEFAULT '{}'
);
CREATE INDEX story_articles_story ON story_articles(story_id);

-- Related stories, stored once per pair with a < b.
CREATE TABLE story_links (
    a        bigint NOT NULL,
    b        bigint NOT NULL,
    strength double precision NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX story_links_b ON story_links(b);

-- Corrections survive re-clustering: they name articles, not stories.
CREATE TABLE story_corrections (
    seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    text NOT NULL CHECK (kind IN ('join', 'apart')),
    article text NOT NULL,
    other   text NOT NULL,
    created text NOT NULL -- RFC 3339
);

-- Lines of page copies, by site, with how many stored pages carry each.
CREATE TABLE site_lines (
    site  text    NOT NULL,
    line  bigint  NOT NULL,
    pages integer NOT NULL,
    PRIMARY KEY (site, line)
);

-- Feed subscriptions with their schedule and health; ids are never
-- reused (API clients hold them).
CREATE TABLE feeds (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url            text    NOT NULL UNIQUE,
    title          text    NOT NULL DEFAULT '',
    interval       bigint  NOT NULL,
    added          bigint  NOT NULL,
    next_poll      bigint  NOT NULL,
    last_poll      bigint,
    last_success   bigint,
    last_error     text    NOT NULL DEFAULT '',
    last_error_at  bigint,
    failing_since  bigint,
    failures       integer NOT NULL DEFAULT 0,
    items_seen     integer NOT NULL DEFAULT 0,
    articles_added integer NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_poll ON feeds(next_poll);

CREATE TABLE feed_items (
    feed_id   bigint NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key       text   NOT NULL,
    last_seen bigint NOT NULL,
    PRIMARY KEY (feed_id, key)
);

-- Watches, what each has sent, and every attempt to send.
CREATE TABLE watches (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    query       text    NOT NULL DEFAULT '',
    entity      text    NOT NULL DEFAULT '',
    min_outlets integer NOT NULL DEFAULT 0,
    webhook     text    NOT NULL,
    created     bigint  NOT NULL
);

CREATE TABLE watch_hits (
    watch_id bigint  NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    story_id bigint  NOT NULL,
    outlets  integer NOT NULL,
    PRIMARY KEY (watch_id, story_id)
);

CREATE TABLE watch_deliveries (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    watch_id  bigint  NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    story_id  bigint  NOT NULL,
    event     text    NOT NULL,
    at        bigint  NOT NULL,
    attempt   integer NOT NULL,
    status    integer NOT NULL,
    error     text    NOT NULL DEFAULT '',
    delivered boolean NOT NULL
);
CREATE INDEX watch_deliveries_by_watch ON watch_deliveries(watch_id, seq);
