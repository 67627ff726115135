-- What an item is when it is not an ordinary article (video, photo, ...),
-- and whether it carried only a headline or a short summary.
ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN short INTEGER NOT NULL DEFAULT 0;
