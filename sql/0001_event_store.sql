-- The append-only event store: the log, stream versions, the serialising head row, and the roles.
--
-- Guarantees. Every event has a gap-free global position equal to commit order: positions are assigned
-- only by the appending functions (0004_append.sql), which first lock the single docket.log_head row, so
-- appending transactions take positions one after another and commit in that order. Nobody, whatever
-- their privileges, can change or remove an event: triggers refuse UPDATE, DELETE and TRUNCATE. Personal
-- data lives apart (docket.event_restricted), out of the reader role's reach.

DO $$
BEGIN
    IF pg_encoding_to_char(encoding) <> 'UTF8' FROM pg_database WHERE datname = current_database() THEN
        RAISE EXCEPTION 'Docket needs a UTF8 database; % is %', current_database(),
            (SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database())
            USING HINT = 'create the database with ENCODING ''UTF8''';
    END IF;
END
$$;

CREATE TABLE docket.events (
    position          bigint      PRIMARY KEY CHECK (position > 0),
    event_id          uuid        NOT NULL UNIQUE,
    stream_id         text        NOT NULL CHECK (stream_id <> ''),
    stream_version    bigint      NOT NULL CHECK (stream_version > 0),
    event_type        text        NOT NULL CHECK (event_type <> ''),
    schema_version    integer     NOT NULL DEFAULT 1 CHECK (schema_version > 0),
    payload           jsonb       NOT NULL,
    metadata          jsonb       NOT NULL DEFAULT '{}',
    actor             text,
    authority         text,
    reason            text,
    correlation_id    uuid,
    causation_id      uuid,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    -- The ledger's commitments (docs/ledger-format.md): SHA-256 of the canonical (RFC 8785) payload and
    -- metadata, of the salted restricted part if any, and the RFC 6962 leaf hash of the whole event.
    payload_digest    bytea       NOT NULL CHECK (octet_length(payload_digest) = 32),
    metadata_digest   bytea       NOT NULL CHECK (octet_length(metadata_digest) = 32),
    restricted_digest bytea       CHECK (octet_length(restricted_digest) = 32),
    leaf_hash         bytea       NOT NULL CHECK (octet_length(leaf_hash) = 32),
    UNIQUE (stream_id, stream_version)
);

COMMENT ON TABLE docket.events IS 'The log. Append-only: rows are written only by the appending functions (0004) and never changed.';

-- Restricted (personal) payload fields live apart from the log so the reader role never sees them and an
-- erasure can destroy them; the leaf keeps only their salted digest, so proofs still verify.
CREATE TABLE docket.event_restricted (
    position bigint PRIMARY KEY REFERENCES docket.events (position),
    salt     bytea  NOT NULL CHECK (octet_length(salt) = 16),
    fields   jsonb  NOT NULL
);

CREATE TABLE docket.streams (
    stream_id text   PRIMARY KEY,
    version   bigint NOT NULL CHECK (version > 0)
);

-- One row. Locking it serialises position assignment; it carries the last position and recorded time.
CREATE TABLE docket.log_head (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    position    bigint      NOT NULL DEFAULT 0,
    recorded_at timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO docket.log_head DEFAULT VALUES;

-- Append-only in the database: even a role with the privilege cannot change or remove events.
CREATE FUNCTION docket.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on docket.% is not allowed: the log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'DK010',
              HINT = 'record a correction as a new event instead';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON docket.events
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON docket.events
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER streams_no_delete BEFORE DELETE ON docket.streams
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER streams_no_truncate BEFORE TRUNCATE ON docket.streams
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER restricted_no_update BEFORE UPDATE ON docket.event_restricted
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER restricted_no_truncate BEFORE TRUNCATE ON docket.event_restricted
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER log_head_no_delete BEFORE DELETE ON docket.log_head
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER log_head_no_truncate BEFORE TRUNCATE ON docket.log_head
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();

-- The application roles. Roles belong to the whole cluster, so they may exist already, and migrations of
-- two databases of one cluster may race to create them (advisory locks are per database).
DO $$
BEGIN
    BEGIN
        CREATE ROLE docket_writer NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        CREATE ROLE docket_reader NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
END
$$;

REVOKE ALL ON docket.events, docket.event_restricted, docket.streams, docket.log_head FROM PUBLIC;
GRANT USAGE ON SCHEMA docket TO docket_writer, docket_reader;
-- The reader may read the log, never the restricted fields.
GRANT SELECT ON docket.events, docket.streams, docket.log_head TO docket_reader;
-- The writer holds no table privileges at all: it may only call the appending functions (granted in 0004).
