-- Watches: standing questions that send a webhook message when a story
-- matches or grows, what each has sent (watch_hits), and every attempt to
-- send (watch_deliveries), kept as the log a user checks.
CREATE TABLE watches (
    id          INTEGER PRIMARY KEY,
    query       TEXT    NOT NULL DEFAULT '',
    entity      TEXT    NOT NULL DEFAULT '',
    min_outlets INTEGER NOT NULL DEFAULT 0,
    webhook     TEXT    NOT NULL,
    created     INTEGER NOT NULL -- Unix nanoseconds, UTC
);

CREATE TABLE watch_hits (
    watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    outlets  INTEGER NOT NULL,
    PRIMARY KEY (watch_id, story_id)
) WITHOUT ROWID;

CREATE TABLE watch_deliveries (
    seq       INTEGER PRIMARY KEY,
    watch_id  INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    story_id  INTEGER NOT NULL,
    event     TEXT    NOT NULL,
    at        INTEGER NOT NULL, -- Unix nanoseconds, UTC
    attempt   INTEGER NOT NULL,
    status    INTEGER NOT NULL,
    error     TEXT    NOT NULL DEFAULT '',
    delivered INTEGER NOT NULL
);
CREATE INDEX watch_deliveries_by_watch ON watch_deliveries(watch_id, seq);
