-- The findings detector's facts move from the worker's memory into the database.
--
-- Until now the worker kept a FindingsDetector in memory for its whole life, fed every event of the log,
-- and rewrote the whole findings table whenever it caught up. Its memory grew with the ledger (about
-- 140 MB at 1,000,000 events). Now each finding has an anchor (the decision, contract or service
-- commencement it is about), and the worker keeps, per batch, only which events make up which fact
-- (finding_groups) and which facts each anchor's findings read (finding_links); see
-- Sources/Commissioning/Findings/FindingsDetector+Partition.swift. The anchors a batch may have changed
-- are queued in finding_dirty, in the batch's transaction; when the worker has caught up it recomputes
-- their findings from their events, a few thousand anchors at a time, and replaces their rows.
--
-- Projections are derived data: this migration empties them and resets the checkpoints, and the next
-- `docket worker` (or `docket projections rebuild`) replays the log.

TRUNCATE projection.organisations, projection.programmes, projection.decisions, projection.consultations,
    projection.consultation_responses, projection.consultation_respondents, projection.allocations,
    projection.contracts, projection.interests, projection.programme_stages, projection.programme_services,
    projection.contract_notices, projection.contract_reviews, projection.findings;
UPDATE projection.checkpoints SET position = 0, updated_at = clock_timestamp(),
       error = NULL, error_position = NULL, error_event_id = NULL, error_type = NULL;

ALTER TABLE projection.findings ADD COLUMN anchor text NOT NULL;
CREATE INDEX findings_anchor ON projection.findings (anchor);

-- The events (by log position) that make up each fact the detector keeps.
CREATE TABLE projection.finding_groups (
    group_key text   NOT NULL,
    position  bigint NOT NULL
);
CREATE UNIQUE INDEX finding_groups_key ON projection.finding_groups (group_key, position);

-- Which groups an anchor's findings read besides its own (a decision's consultations, voters' interests
-- and allocations; a commencement's programme and contracts). A link established twice is kept twice.
CREATE TABLE projection.finding_links (
    from_key text NOT NULL,
    to_key   text NOT NULL
);
CREATE INDEX finding_links_from ON projection.finding_links (from_key);
CREATE INDEX finding_links_to ON projection.finding_links (to_key);

-- Anchors whose findings are to be recomputed: events after checkpoint 'findings' may have changed them.
CREATE TABLE projection.finding_dirty (
    anchor text PRIMARY KEY
);

REVOKE ALL ON projection.finding_groups, projection.finding_links, projection.finding_dirty FROM PUBLIC;
GRANT SELECT ON projection.finding_groups, projection.finding_links, projection.finding_dirty TO docket_reader;
