-- The clusterer's state saved for a quick start (a cluster snapshot): the
-- replay of the assignments with seq up to seq. Any change that would make
-- a replay differ from it drops the row in the same transaction, so a
-- state read here is never stale: an assignment with seq up to covers
-- added, moved, relabelled or removed, or the clustering inputs of such an
-- article (its annotations; its title, text, language, publication time
-- or shortness) changed. covers may run ahead of seq while a newer state
-- is being made (WatchClusterState); token tells a saver whether the row
-- it watched survived.
CREATE TABLE cluster_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    token   INTEGER NOT NULL,
    covers  INTEGER NOT NULL,
    seq     INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 0,
    data    BLOB
);

CREATE TRIGGER cluster_state_assignment_insert AFTER INSERT ON story_articles
    WHEN new.seq <= (SELECT covers FROM cluster_state)
    BEGIN DELETE FROM cluster_state; END;
CREATE TRIGGER cluster_state_assignment_update AFTER UPDATE ON story_articles
    WHEN old.seq <= (SELECT covers FROM cluster_state) OR new.seq <= (SELECT covers FROM cluster_state)
    BEGIN DELETE FROM cluster_state; END;
CREATE TRIGGER cluster_state_assignment_delete AFTER DELETE ON story_articles
    WHEN old.seq <= (SELECT covers FROM cluster_state)
    BEGIN DELETE FROM cluster_state; END;

CREATE TRIGGER cluster_state_annotations_insert AFTER INSERT ON article_annotations
    WHEN EXISTS (SELECT 1 FROM story_articles
        WHERE article_seq = new.article_seq AND seq <= (SELECT covers FROM cluster_state))
    BEGIN DELETE FROM cluster_state; END;
CREATE TRIGGER cluster_state_annotations_update AFTER UPDATE ON article_annotations
    WHEN EXISTS (SELECT 1 FROM story_articles
        WHERE article_seq IN (old.article_seq, new.article_seq) AND seq <= (SELECT covers FROM cluster_state))
    BEGIN DELETE FROM cluster_state; END;
CREATE TRIGGER cluster_state_annotations_delete AFTER DELETE ON article_annotations
    WHEN EXISTS (SELECT 1 FROM story_articles
        WHERE article_seq = old.article_seq AND seq <= (SELECT covers FROM cluster_state))
    BEGIN DELETE FROM cluster_state; END;

CREATE TRIGGER cluster_state_article_update
    AFTER UPDATE OF id, title, text, language, published, published_source, published_reliability, short ON articles
    WHEN EXISTS (SELECT 1 FROM story_articles
        WHERE article_seq = old.seq AND seq <= (SELECT covers FROM cluster_state))
    BEGIN DELETE FROM cluster_state; END;
CREATE TRIGGER cluster_state_article_delete AFTER DELETE ON articles
    WHEN EXISTS (SELECT 1 FROM story_articles
        WHERE article_seq = old.seq AND seq <= (SELECT covers FROM cluster_state))
    BEGIN DELETE FROM cluster_state; END;
