-- The worker walks finding_links in both directions with `SELECT DISTINCT <other end> … WHERE <one end> =
-- ANY($1)`. With an index on each end alone, every match is also fetched from the table; with both ends in
-- each index the walks are index-only scans (once the table is vacuumed).
DROP INDEX projection.finding_links_from;
DROP INDEX projection.finding_links_to;
CREATE INDEX finding_links_from ON projection.finding_links (from_key, to_key);
CREATE INDEX finding_links_to ON projection.finding_links (to_key, from_key);
