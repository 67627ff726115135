-- Analysis results and canonical entities.

-- Each analysed article's annotations (model.Annotations as JSON): sentences,
-- mentions with offsets, roles, and the article's own entities with the
-- canonical entity ids they were resolved to.
CREATE TABLE article_annotations (
    article_seq INTEGER PRIMARY KEY REFERENCES articles(seq),
    tagger      TEXT NOT NULL,
    json        TEXT NOT NULL
);

-- Canonical entities: one per real person, organisation or place.
CREATE TABLE entities (
    id       INTEGER PRIMARY KEY,
    type     TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    country  TEXT    NOT NULL DEFAULT '', -- ISO 3166 code for countries
    mentions INTEGER NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0,
    -- mentions the tagger typed PER, ORG, LOC, MISC: the entity's type is
    -- the most frequent (countries stay LOC)
    votes    TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX entities_type ON entities(type, mentions);

-- Lookup keys that find candidate entities for a new mention (surname
-- spellings, country codes, organisation names).
CREATE TABLE entity_keys (
    key       TEXT    NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);

CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias     TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_alias ON entity_aliases(alias COLLATE NOCASE);

-- Roles seen, with the affiliation the text gave and the article's date.
CREATE TABLE entity_roles (
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    role        TEXT    NOT NULL,
    affiliation TEXT    NOT NULL,
    article_seq INTEGER NOT NULL REFERENCES articles(seq),
    PRIMARY KEY (entity_id, role, affiliation, article_seq)
) WITHOUT ROWID;
CREATE INDEX entity_roles_article ON entity_roles(article_seq);

-- Which articles mention an entity, how often.
CREATE TABLE entity_mentions (
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    article_seq INTEGER NOT NULL REFERENCES articles(seq),
    count       INTEGER NOT NULL,
    PRIMARY KEY (entity_id, article_seq)
) WITHOUT ROWID;
CREATE INDEX entity_mentions_article ON entity_mentions(article_seq);
