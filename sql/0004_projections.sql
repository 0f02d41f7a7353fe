-- Read models ("projections") folded from the log by the projection worker (docs/architecture.md,
-- "Projections"). Nothing here is a source of truth: every row can be rebuilt from docket.events.
--
-- History. Every table keeps every version of every row, by log position and by recorded time:
--   valid_from_position / valid_from   the event (position, recorded_at) that produced this version
--   valid_to_position   / valid_to     the event that replaced it; NULL while it is the current version
-- A version is "the state as the ledger stood at T" when valid_from <= T AND (valid_to IS NULL OR valid_to > T).
-- Versions produced and replaced by one append batch share recorded_at and so are never visible by time
-- (an empty [from, to) range) but remain visible by position.
--
-- The two documented as-of queries, each one indexed statement:
--   -- the state of decision $1 as the ledger stood at $2 (uses decisions_id_valid_from)
--   SELECT * FROM projection.decisions
--    WHERE id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
--    ORDER BY valid_from DESC LIMIT 1;
--   -- every allocation as the ledger stood at $1 (uses allocations_valid_during, a GiST range index)
--   SELECT * FROM projection.allocations
--    WHERE tstzrange(valid_from, valid_to, '[)') @> $1::timestamptz;
-- By position instead of time: valid_from_position <= $P AND (valid_to_position IS NULL OR valid_to_position > $P).
--
-- The worker writes these tables only in transactions that also advance projection.checkpoints with a
-- compare-and-set, so tables and checkpoint always agree. `docket projections rebuild` builds a copy in
-- schema projection_rebuild (CREATE TABLE … (LIKE projection.x INCLUDING ALL)) and swaps the schemas.

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
    stages              jsonb,
    services            jsonb,
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
    response_count      bigint,
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
    notices             jsonb,
    variations          jsonb,
    reviews             jsonb,
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

-- Governance findings (FindingsDetector) as of checkpoint 'findings': the current set, no history.
CREATE TABLE projection.findings (
    rule           text   NOT NULL,
    summary        text   NOT NULL,
    events         jsonb  NOT NULL,
    first_position bigint NOT NULL,
    last_position  bigint NOT NULL
);
CREATE INDEX findings_rule ON projection.findings (rule, first_position);

-- Per table: (id, valid_from) for one row's history, and the current version by id.
CREATE INDEX organisations_id_valid_from ON projection.organisations (id, valid_from);
CREATE UNIQUE INDEX organisations_current ON projection.organisations (id) WHERE valid_to_position IS NULL;
CREATE INDEX programmes_id_valid_from ON projection.programmes (id, valid_from);
CREATE UNIQUE INDEX programmes_current ON projection.programmes (id) WHERE valid_to_position IS NULL;
CREATE INDEX decisions_id_valid_from ON projection.decisions (id, valid_from);
CREATE UNIQUE INDEX decisions_current ON projection.decisions (id) WHERE valid_to_position IS NULL;
CREATE INDEX consultations_id_valid_from ON projection.consultations (id, valid_from);
CREATE UNIQUE INDEX consultations_current ON projection.consultations (id) WHERE valid_to_position IS NULL;
CREATE INDEX consultation_responses_id_valid_from ON projection.consultation_responses (id, valid_from);
CREATE INDEX consultation_responses_current ON projection.consultation_responses (consultation_id) WHERE valid_to_position IS NULL;
CREATE INDEX consultation_respondents_current ON projection.consultation_respondents (consultation_id) WHERE valid_to_position IS NULL;
CREATE INDEX allocations_id_valid_from ON projection.allocations (id, valid_from);
CREATE UNIQUE INDEX allocations_current ON projection.allocations (id) WHERE valid_to_position IS NULL;
CREATE INDEX allocations_valid_during ON projection.allocations USING gist (tstzrange(valid_from, valid_to, '[)'));
CREATE INDEX contracts_id_valid_from ON projection.contracts (id, valid_from);
CREATE UNIQUE INDEX contracts_current ON projection.contracts (id) WHERE valid_to_position IS NULL;
CREATE INDEX interests_id_valid_from ON projection.interests (id, valid_from);
CREATE INDEX interests_current ON projection.interests (member_id) WHERE valid_to_position IS NULL;

CREATE VIEW projection.commissioners AS SELECT * FROM projection.organisations WHERE sector = 'commissioner';
CREATE VIEW projection.providers AS SELECT * FROM projection.organisations WHERE sector = 'provider';

REVOKE ALL ON ALL TABLES IN SCHEMA projection FROM PUBLIC;
GRANT USAGE ON SCHEMA projection TO docket_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA projection TO docket_reader;
REVOKE SELECT ON projection.consultation_respondents FROM docket_reader;
