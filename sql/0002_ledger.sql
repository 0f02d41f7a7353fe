-- The verifiable ledger: leaf encoding, the RFC 6962 tree's right edge and stored subtrees, checkpoints.
-- docs/ledger-format.md is the specification; these functions are one implementation of it, and
-- `docket verify` is another, written independently in Swift.

-- Length-prefixed UTF-8 text: u32 big-endian byte count, then the bytes (the database is UTF8).
CREATE FUNCTION docket.leaf_text(value text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN int4send(octet_length(value)) || textsend(value);

-- An optional text: 0x00 when absent, else 0x01 and the length-prefixed text.
CREATE FUNCTION docket.leaf_optional_text(value text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN value IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || docket.leaf_text(value) END;

CREATE FUNCTION docket.leaf_optional_uuid(value uuid) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN value IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || uuid_send(value) END;

-- Microseconds since 1970-01-01T00:00:00Z, as a signed 64-bit integer. (Subtracting the epoch keeps the
-- expression immutable, so PostgreSQL can inline it; extract() on a timestamptz is only stable.)
CREATE FUNCTION docket.leaf_time(value timestamptz) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN int8send((extract(epoch FROM value - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint);

-- The leaf bytes of one event, format version 1 (docs/ledger-format.md, "Leaf encoding").
CREATE FUNCTION docket.leaf_bytes(
    p_position bigint, p_event_id uuid, p_stream text, p_version bigint, p_type text, p_schema integer,
    p_occurred timestamptz, p_recorded timestamptz, p_actor text, p_authority text, p_reason text,
    p_correlation uuid, p_causation uuid,
    p_metadata_digest bytea, p_payload_digest bytea, p_restricted_digest bytea
) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN '\x01'::bytea
        || int8send(p_position)
        || uuid_send(p_event_id)
        || docket.leaf_text(p_stream)
        || int8send(p_version)
        || docket.leaf_text(p_type)
        || int4send(p_schema)
        || docket.leaf_time(p_occurred)
        || docket.leaf_time(p_recorded)
        || docket.leaf_optional_text(p_actor)
        || docket.leaf_optional_text(p_authority)
        || docket.leaf_optional_text(p_reason)
        || docket.leaf_optional_uuid(p_correlation)
        || docket.leaf_optional_uuid(p_causation)
        || p_metadata_digest
        || p_payload_digest
        || CASE WHEN p_restricted_digest IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || p_restricted_digest END;

-- The tree's right edge: the roots of the perfect subtrees that make up the tree of `size` leaves,
-- left to right (one per set bit of size). The root and every new node come from it without rereading
-- the log. Updated under the same lock that assigns positions.
CREATE TABLE docket.ledger_head (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    size   bigint  NOT NULL DEFAULT 0,
    hashes bytea[] NOT NULL DEFAULT '{}'
);
INSERT INTO docket.ledger_head DEFAULT VALUES;

-- Completed perfect subtrees of 256 leaves or more (level >= 8), so a proof needs at most a few hundred
-- leaf hashes besides these rows. Node (level, index) covers leaves [index * 2^level, (index + 1) * 2^level).
CREATE TABLE docket.ledger_nodes (
    level   smallint NOT NULL CHECK (level >= 8),
    "index" bigint   NOT NULL CHECK ("index" >= 0),
    hash    bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, "index")
);

-- Signed checkpoints (C2SP tlog-checkpoint signed notes), newest last.
CREATE TABLE docket.checkpoints (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin      text        NOT NULL,
    tree_size   bigint      NOT NULL CHECK (tree_size >= 0),
    root_hash   bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    signed_note text        NOT NULL,
    key_name    text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TRIGGER ledger_nodes_append_only BEFORE UPDATE OR DELETE ON docket.ledger_nodes
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER ledger_nodes_no_truncate BEFORE TRUNCATE ON docket.ledger_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER ledger_head_no_delete BEFORE DELETE ON docket.ledger_head
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON docket.checkpoints
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON docket.checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();

REVOKE ALL ON docket.ledger_head, docket.ledger_nodes, docket.checkpoints FROM PUBLIC;
GRANT SELECT ON docket.ledger_head, docket.ledger_nodes, docket.checkpoints TO docket_reader;
