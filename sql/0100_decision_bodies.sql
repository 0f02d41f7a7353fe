-- Read models for decision bodies, their memberships and the members themselves (from the body-… and
-- member-… streams), with the same history columns as every projection table (sql/0004_projections.sql).
-- The tables start empty and every projection checkpoint goes back to 0, so the worker (or `docket
-- projections rebuild`) refolds the whole log into all tables, old and new, consistently.

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

-- One row per membership; id is "<body>/<member>".
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

CREATE UNIQUE INDEX decision_bodies_current ON projection.decision_bodies (id) WHERE valid_to_position IS NULL;
CREATE INDEX body_members_current ON projection.body_members (body_id) WHERE valid_to_position IS NULL;
CREATE UNIQUE INDEX members_current ON projection.members (id) WHERE valid_to_position IS NULL;

REVOKE ALL ON projection.decision_bodies, projection.body_members, projection.members FROM PUBLIC;
GRANT SELECT ON projection.decision_bodies, projection.body_members, projection.members TO docket_reader;

TRUNCATE projection.organisations, projection.programmes, projection.decisions, projection.consultations,
    projection.consultation_responses, projection.consultation_respondents, projection.allocations,
    projection.contracts, projection.interests, projection.programme_stages, projection.programme_services,
    projection.contract_notices, projection.contract_reviews, projection.findings, projection.finding_groups,
    projection.finding_links, projection.finding_dirty;
UPDATE projection.checkpoints SET position = 0, updated_at = clock_timestamp(),
       error = NULL, error_position = NULL, error_event_id = NULL, error_type = NULL;
