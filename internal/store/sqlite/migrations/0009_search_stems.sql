-- Full-text search by word stems ("strikes" finds "strike"): the index is
-- rebuilt with the Porter stemmer in front of the same tokenizer. Quoted
-- phrases are still matched exactly; the store checks them against the
-- text (sqlite.go, Search).
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
