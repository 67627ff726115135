-- The clusterer's saved state (a cluster snapshot), the replay of the
-- assignments with seq up to seq. As in the SQLite store, any change that
-- would make a replay differ from it deletes the row in the same
-- transaction, so a state read is never stale: an assignment with seq up
-- to covers added, moved, relabelled or removed, or the clustering inputs
-- of such an article (its annotations; its title, text, language,
-- publication time or shortness) changed. covers may run ahead of seq
-- while a newer state is being made; token tells a saver whether the row
-- it watched survived.
CREATE TABLE cluster_state (
    id      integer PRIMARY KEY CHECK (id = 1),
    token   bigint  NOT NULL,
    covers  bigint  NOT NULL,
    seq     bigint  NOT NULL DEFAULT 0,
    version integer NOT NULL DEFAULT 0,
    data    bytea
);

-- cluster_state_covers reports whether an assignment seq is covered by the state.
CREATE FUNCTION cluster_state_covers(s bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT 1 FROM cluster_state WHERE s <= covers) $$;

-- cluster_state_covers_article reports whether an article's assignment is covered.
CREATE FUNCTION cluster_state_covers_article(a bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT 1 FROM story_articles sa, cluster_state c
        WHERE sa.article_seq = a AND sa.seq <= c.covers) $$;

CREATE FUNCTION cluster_state_drop_assignment() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'DELETE' AND cluster_state_covers(NEW.seq))
        OR (TG_OP <> 'INSERT' AND cluster_state_covers(OLD.seq)) THEN
        DELETE FROM cluster_state;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION cluster_state_drop_article() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP <> 'DELETE' AND cluster_state_covers_article(NEW.article_seq))
        OR (TG_OP <> 'INSERT' AND cluster_state_covers_article(OLD.article_seq)) THEN
        DELETE FROM cluster_state;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION cluster_state_drop_text() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF cluster_state_covers_article(OLD.seq) THEN
        DELETE FROM cluster_state;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER cluster_state_assignment AFTER INSERT OR UPDATE OR DELETE ON story_articles
    FOR EACH ROW EXECUTE FUNCTION cluster_state_drop_assignment();
CREATE TRIGGER cluster_state_annotations AFTER INSERT OR UPDATE OR DELETE ON article_annotations
    FOR EACH ROW EXECUTE FUNCTION cluster_state_drop_article();
CREATE TRIGGER cluster_state_article_update
    AFTER UPDATE OF id, title, text, language, published, published_source, published_reliability, short ON articles
    FOR EACH ROW EXECUTE FUNCTION cluster_state_drop_text();
-- No trigger on deleting an article: its assignment (a foreign key) must
-- go first, and that drops the state.
