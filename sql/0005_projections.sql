-- Read models ("projections"), folded from the log by the projection worker (docs/architecture.md,
-- "Projections"). Nothing here is a source of truth: every row can be rebuilt from docket.events, and
-- `docket projections rebuild` does so into schema projection_rebuild, then swaps the schemas.
--
-- History. Every table except the findings keeps every version of every row, by log position and by
-- recorded time:
--   valid_from_position / valid_from   the event (position, recorded_at) that produced this version
--   valid_to_position   / valid_to     the event that replaced it; NULL while it is the current version
-- A version is "the state as the ledger stood at T" when valid_from <= T AND (valid_to IS NULL OR valid_to > T);
-- by position P: valid_from_position <= P AND (valid_to_position IS NULL OR valid_to_position > P).
-- Versions produced and replaced by one append batch share recorded_at, so they are never visible by time
-- (an empty [from, to) range) but remain visible by position.
--
-- Indexes. Each table has its primary key (id, valid_from_position) and a partial index on its current
-- rows (<table>_current). Recorded time never decreases along the log (every append stamps
-- greatest(clock_timestamp(), the head's last recorded_at) under the position lock), so one row's versions
-- in time order are its versions in position order, and the primary key, walked backwards, serves the
-- as-of-time read of one row too:
--   SELECT * FROM projection.decisions
--    WHERE id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
--    ORDER BY valid_from_position DESC LIMIT 1;
-- Every allocation as of a time uses the GiST range index allocations_valid_during:
--   SELECT * FROM projection.allocations WHERE tstzrange(valid_from, valid_to, '[)') @> $1::timestamptz;
--
-- Lists. A list that grows by one item per event is a table of its own, one row per item (id: the id of
-- the event that added it; the parent's id a column; a retracted item stays with is_retracted = true):
-- consultation_responses, programme_stages, programme_services, contract_notices, contract_reviews.
-- Otherwise every such event would write a new version of the whole parent, list included. Lists that
-- only accompany a change to the parent's own fields (decisions.revisions, allocations.adjustments,
-- contracts.variations) stay on the parent as jsonb.
--
-- The worker writes these tables only in transactions that also advance projection.checkpoints with a
-- compare-and-set, so tables and checkpoint always agree.

CREATE SCHEMA projection;

CREATE TABLE projection.checkpoints (
    name           text        PRIMARY KEY,
    position       bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- The event the projection could not apply; it stops there until the cause is fixed.
    error          text,
    error_position bigint,
    error_event_id uuid,
    error_type     text
);
INSERT INTO projection.checkpoints (name) VALUES ('tables'), ('findings');

-- Commissioners and providers (sector tells which), with succession.
CREATE TABLE projection.organisations (
    id                   text    NOT NULL,
    name                 text,
    kind                 text,
    sector               text,
    is_foundation_trust  boolean,
    population           bigint,
    population_source    text,
    geography            text,
    registered_on        date,
    successors           jsonb,
    succeeded_on         date,
    succession_functions text,
    is_retracted         boolean NOT NULL DEFAULT false,
    valid_from_position  bigint      NOT NULL,
    valid_to_position    bigint,
    valid_from           timestamptz NOT NULL,
    valid_to             timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

CREATE TABLE projection.programmes (
    id                  text    NOT NULL,
    commissioner        text,
    title               text,
    service_area        text,
    geography           text,
    trigger             text,
    trigger_note        text,
    description         text,
    launched_on         date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Decisions with their participants (members present, recusals, votes) and objectives as jsonb lists.
CREATE TABLE projection.decisions (
    id                     text NOT NULL,
    programme              text,
    body                   text,
    title                  text,
    status                 text,
    proposal               text,
    proposed_amount_pence  bigint,
    proposed_on            date,
    outcome                text,
    service_change         text,
    taken_on               date,
    rationale              text,
    options_considered     jsonb,
    evidence               jsonb,
    consultations          jsonb,
    objectives             jsonb,
    members_present        jsonb,
    recusals               jsonb,
    votes                  jsonb,
    affected_organisations jsonb,
    approved_amount_pence  bigint,
    financial_year         text,
    revisions              jsonb,
    rescinded_on           date,
    rescission_grounds     text,
    is_retracted           boolean NOT NULL DEFAULT false,
    valid_from_position    bigint      NOT NULL,
    valid_to_position      bigint,
    valid_from             timestamptz NOT NULL,
    valid_to               timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

CREATE TABLE projection.consultations (
    id                  text NOT NULL,
    programme           text,
    title               text,
    is_statutory        boolean,
    audience            text,
    planned_close_on    date,
    conducted_by        text,
    opened_on           date,
    closed_on           date,
    closed_by           text,
    outcome             text,
    grounds             text,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- One row per response; id is the response event's id.
CREATE TABLE projection.consultation_responses (
    id                  text NOT NULL,
    consultation_id     text NOT NULL,
    respondent_category text,
    stance              text,
    summary             text,
    received_on         date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Personal data (respondents' names, from docket.event_restricted). Never granted to docket_reader.
CREATE TABLE projection.consultation_respondents (
    id                  text NOT NULL,
    consultation_id     text NOT NULL,
    respondent_name     text,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

CREATE TABLE projection.allocations (
    id                    text NOT NULL,
    payer                 text,
    payee                 text,
    programme             text,
    decision              text,
    amount_pence          bigint,
    original_amount_pence bigint,
    financial_year        text,
    control_type          text,
    payment_mechanism     text,
    purpose               text,
    made_on               date,
    adjustments           jsonb,
    status                text,
    withdrawn_on          date,
    is_retracted          boolean NOT NULL DEFAULT false,
    valid_from_position   bigint      NOT NULL,
    valid_to_position     bigint,
    valid_from            timestamptz NOT NULL,
    valid_to              timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

CREATE TABLE projection.contracts (
    id                  text NOT NULL,
    programme           text,
    commissioner        text,
    provider            text,
    decision            text,
    route               text,
    start_on            date,
    end_on              date,
    value_pence         bigint,
    payment_mechanism   text,
    service             text,
    awarded_on          date,
    variations          jsonb,
    status              text,
    ended_on            date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Declared interests of members; id is "<member>/<interest>".
CREATE TABLE projection.interests (
    id                  text NOT NULL,
    member_id           text NOT NULL,
    interest_id         text,
    kind                text,
    organisation        text,
    description         text,
    from_on             date,
    to_on               date,
    ended_on            date,
    declared_on         date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Decision bodies (boards, committees), from the body-… streams.
CREATE TABLE projection.decision_bodies (
    id                  text NOT NULL,
    name                text,
    kind                text,
    organisation        text,
    established_on      date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- One row per membership of a body; id is "<body>/<member>".
CREATE TABLE projection.body_members (
    id                  text NOT NULL,
    body_id             text NOT NULL,
    member_id           text,
    role                text,
    appointed_on        date,
    ended_on            date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Members (people, recorded by role), from the member-… streams.
CREATE TABLE projection.members (
    id                  text NOT NULL,
    role                text,
    registered_on       date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Stages a programme entered; one row per stage event.
CREATE TABLE projection.programme_stages (
    id                  text NOT NULL,
    programme_id        text NOT NULL,
    stage               text,
    note                text,
    entered_on          date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Services a programme's providers commenced; one row per commencement event.
CREATE TABLE projection.programme_services (
    id                  text NOT NULL,
    programme_id        text NOT NULL,
    provider            text,
    contract            text,
    service             text,
    commenced_on        date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Notices given on a contract (to vary, extend or end it); one row per notice event.
CREATE TABLE projection.contract_notices (
    id                  text NOT NULL,
    contract_id         text NOT NULL,
    intent              text,
    effective_on        date,
    terms               text,
    given_on            date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Reviews of a contracted service against its objectives; results[] as the event gave them.
CREATE TABLE projection.contract_reviews (
    id                  text NOT NULL,
    contract_id         text NOT NULL,
    period_from         date,
    period_to           date,
    activity            text,
    spend_pence         bigint,
    quality             text,
    results             jsonb,
    conclusion          text,
    reviewed_on         date,
    is_retracted        boolean NOT NULL DEFAULT false,
    valid_from_position bigint      NOT NULL,
    valid_to_position   bigint,
    valid_from          timestamptz NOT NULL,
    valid_to            timestamptz,
    PRIMARY KEY (id, valid_from_position)
);

-- Governance findings (FindingsDetector) as of checkpoint 'findings': the current set, no history. Each
-- finding is about one anchor (the decision, contract or service commencement it concerns).
CREATE TABLE projection.findings (
    rule           text   NOT NULL,
    summary        text   NOT NULL,
    events         jsonb  NOT NULL,
    first_position bigint NOT NULL,
    last_position  bigint NOT NULL,
    anchor         text   NOT NULL
);
CREATE INDEX findings_rule ON projection.findings (rule, first_position);
CREATE INDEX findings_anchor ON projection.findings (anchor);

-- What the worker needs to keep findings current without holding a detector in memory
-- (Sources/Commissioning/Findings/FindingsDetector+Partition.swift): the events (by log position) that
-- make up each fact a rule reads ...
CREATE TABLE projection.finding_groups (
    group_key text   NOT NULL,
    position  bigint NOT NULL
);
CREATE UNIQUE INDEX finding_groups_key ON projection.finding_groups (group_key, position);

-- ... which groups an anchor's findings read besides its own (a decision's consultations, voters'
-- interests and allocations; a commencement's programme and contracts; a link made twice is kept twice),
-- walked in both directions by index-only scans ...
CREATE TABLE projection.finding_links (
    from_key text NOT NULL,
    to_key   text NOT NULL
);
CREATE INDEX finding_links_from ON projection.finding_links (from_key, to_key);
CREATE INDEX finding_links_to ON projection.finding_links (to_key, from_key);

-- ... and the anchors whose findings are to be recomputed: events after checkpoint 'findings' may have
-- changed them.
CREATE TABLE projection.finding_dirty (
    anchor text PRIMARY KEY
);

-- The current version of each row.
CREATE UNIQUE INDEX organisations_current ON projection.organisations (id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX programmes_current ON projection.programmes (id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX decisions_current ON projection.decisions (id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX consultations_current ON projection.consultations (id) WHERE valid_to_position IS NULL;
CREATE INDEX consultation_responses_current ON projection.consultation_responses (consultation_id) WHERE valid_to_position IS NULL;
CREATE INDEX consultation_respondents_current ON projection.consultation_respondents (consultation_id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX allocations_current ON projection.allocations (id) WHERE valid_to_position IS NULL;
CREATE INDEX allocations_valid_during ON projection.allocations USING gist (tstzrange(valid_from, valid_to, '[)'));
CREATE UNIQUE INDEX contracts_current ON projection.contracts (id) WHERE valid_to_position IS NULL;
CREATE INDEX interests_current ON projection.interests (member_id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX decision_bodies_current ON projection.decision_bodies (id) WHERE valid_to_position IS NULL;
CREATE INDEX body_members_current ON projection.body_members (body_id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX members_current ON projection.members (id) WHERE valid_to_position IS NULL;
CREATE INDEX programme_stages_current ON projection.programme_stages (programme_id) WHERE valid_to_position IS NULL;
CREATE INDEX programme_services_current ON projection.programme_services (programme_id) WHERE valid_to_position IS NULL;
CREATE INDEX contract_notices_current ON projection.contract_notices (contract_id) WHERE valid_to_position IS NULL;
CREATE INDEX contract_reviews_current ON projection.contract_reviews (contract_id) WHERE valid_to_position IS NULL;

CREATE VIEW projection.commissioners AS SELECT * FROM projection.organisations WHERE sector = 'commissioner';
CREATE VIEW projection.providers AS SELECT * FROM projection.organisations WHERE sector = 'provider';

-- The reader may read every read model except the respondents' names (personal data).
REVOKE ALL ON ALL TABLES IN SCHEMA projection FROM PUBLIC;
GRANT USAGE ON SCHEMA projection TO docket_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA projection TO docket_reader;
REVOKE SELECT ON projection.consultation_respondents FROM docket_reader;

-- The projection locks (docs/architecture.md, "One worker"). Three locks coordinate the worker and the rebuild:
--   docket.projection_worker_lock   held by the one running `docket worker`, for its whole life, on a
--                                   connection of its own (application_name 'docket worker lease')
--   docket.projection_apply_lock    held by every transaction that writes schema projection: each worker
--                                   batch and findings refresh, and the rebuild's final catch-up and swap
--   docket.projection_rebuild_lock  held by the one running `docket projections rebuild`, for its whole life
-- Each is taken with LOCK TABLE … IN SHARE UPDATE EXCLUSIVE MODE, a mode that conflicts with itself.
-- Only roles entitled to project may take them: the owner (the role that migrates, which the worker and the
-- rebuild connect as) and superusers. PUBLIC and docket_reader have no privilege on them, and LOCK TABLE
-- checks privileges before it locks. Not advisory locks, which any login can take (one granted only
-- docket_reader could stall the worker). Not a row lock (SELECT … FOR UPDATE) either: held for the worker's
-- life, it would keep a transaction id open, and no row version that died after it could be vacuumed
-- (docket.log_head would keep one more version per append). A table lock needs no transaction id, and an
-- idle READ COMMITTED transaction holds no snapshot. The mode: the parser locks a relation before the
-- executor checks privileges, and a statement PREPAREd in an open transaction keeps that lock (ACCESS
-- SHARE, ROW SHARE or ROW EXCLUSIVE) without ever running, so any login could hold one of those;
-- SHARE UPDATE EXCLUSIVE conflicts with none of them. Views, not tables: they have no storage, so
-- autovacuum never needs a lock on them (an anti-wraparound vacuum of a table would wait behind the
-- worker's lock for as long as the worker runs). They are outside schema projection, which the rebuild swaps.
CREATE VIEW docket.projection_worker_lock AS SELECT 'held by the running docket worker'::text AS purpose WHERE false;
CREATE VIEW docket.projection_apply_lock AS SELECT 'held by each transaction that writes schema projection'::text AS purpose WHERE false;
CREATE VIEW docket.projection_rebuild_lock AS SELECT 'held by the running docket projections rebuild'::text AS purpose WHERE false;
REVOKE ALL ON docket.projection_worker_lock, docket.projection_apply_lock, docket.projection_rebuild_lock FROM PUBLIC;
