-- Lists that grew by one item per event become tables of their own, one row per item.
--
-- In 0004 a programme kept its stages and services, a contract its notices and reviews, as jsonb lists,
-- and a consultation counted its responses. Each such event therefore wrote a new version of the whole
-- parent row, growing list included: a 1,000,000-event synthetic ledger produced 351,494 versions of
-- consultations for 24,967 consultations, and 165 MB of contract versions, most of it repeated reviews.
-- Now each item is a row of its own, written once (and versioned again only if a correction or retraction
-- changes it), and the parent gets a new version only when one of its own fields changes. The number of
-- responses is `SELECT count(*) FROM projection.consultation_responses WHERE consultation_id = $1`.
--
-- Item rows follow consultation_responses: `id` is the id of the event that added the item, the parent's
-- id is a column, a retracted item stays with is_retracted = true, and the history columns are those of
-- every projection table (0004). The lists that only accompany changes to the parent's own fields
-- (decisions.revisions, allocations.adjustments, contracts.variations) stay on the parent.
--
-- Projections are derived data: this migration empties them and resets the checkpoints, and the next
-- `docket worker` (or `docket projections rebuild`) replays the log into the new shape.

ALTER TABLE projection.programmes DROP COLUMN stages, DROP COLUMN services;
ALTER TABLE projection.contracts DROP COLUMN notices, DROP COLUMN reviews;
ALTER TABLE projection.consultations DROP COLUMN response_count;

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

CREATE INDEX programme_stages_id_valid_from ON projection.programme_stages (id, valid_from);
CREATE INDEX programme_stages_current ON projection.programme_stages (programme_id) WHERE valid_to_position IS NULL;
CREATE INDEX programme_services_id_valid_from ON projection.programme_services (id, valid_from);
CREATE INDEX programme_services_current ON projection.programme_services (programme_id) WHERE valid_to_position IS NULL;
CREATE INDEX contract_notices_id_valid_from ON projection.contract_notices (id, valid_from);
CREATE INDEX contract_notices_current ON projection.contract_notices (contract_id) WHERE valid_to_position IS NULL;
CREATE INDEX contract_reviews_id_valid_from ON projection.contract_reviews (id, valid_from);
CREATE INDEX contract_reviews_current ON projection.contract_reviews (contract_id) WHERE valid_to_position IS NULL;

REVOKE ALL ON projection.programme_stages, projection.programme_services, projection.contract_notices,
    projection.contract_reviews FROM PUBLIC;
GRANT SELECT ON projection.programme_stages, projection.programme_services, projection.contract_notices,
    projection.contract_reviews TO docket_reader;

TRUNCATE projection.organisations, projection.programmes, projection.decisions, projection.consultations,
    projection.consultation_responses, projection.consultation_respondents, projection.allocations,
    projection.contracts, projection.interests, projection.findings;
UPDATE projection.checkpoints SET position = 0, updated_at = clock_timestamp(),
       error = NULL, error_position = NULL, error_event_id = NULL, error_type = NULL;
