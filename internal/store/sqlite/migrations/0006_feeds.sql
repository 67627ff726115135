-- Feed subscriptions: what `storywire feeds` and the server poll, with
-- each feed's schedule and health. Times are Unix nanoseconds, UTC; NULL
-- when it has not happened. The validators for conditional GET stay in
-- feed_state, keyed by URL.
CREATE TABLE feeds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: API clients hold ids
    url            TEXT    NOT NULL UNIQUE,
    title          TEXT    NOT NULL DEFAULT '',
    interval       INTEGER NOT NULL,                  -- nanoseconds between polls when healthy
    added          INTEGER NOT NULL,
    next_poll      INTEGER NOT NULL,
    last_poll      INTEGER,
    last_success   INTEGER,
    last_error     TEXT    NOT NULL DEFAULT '',
    last_error_at  INTEGER,
    failing_since  INTEGER,                           -- first failure of the current run
    failures       INTEGER NOT NULL DEFAULT 0,        -- consecutive failures
    items_seen     INTEGER NOT NULL DEFAULT 0,
    articles_added INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_poll ON feeds(next_poll);

-- The items each feed has listed (GUID, else link), so a changed feed's
-- old items are not fetched and ingested again. Keys the feed has not
-- listed for a long time are forgotten.
CREATE TABLE feed_items (
    feed_id   INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    key       TEXT    NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
