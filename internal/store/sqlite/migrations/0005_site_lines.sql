-- Lines of page copies, by site: how many stored pages of a site carry
-- each line (a key of its normalised text). A line on many of a site's
-- pages is the site's furniture, whatever its shape.
CREATE TABLE site_lines (
    site  TEXT    NOT NULL,
    line  INTEGER NOT NULL, -- uint64 key stored as its int64 bit pattern
    pages INTEGER NOT NULL,
    PRIMARY KEY (site, line)
) WITHOUT ROWID;
