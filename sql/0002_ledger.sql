-- The verifiable ledger: leaf encoding, the RFC 6962 tree's right edge and stored subtrees, checkpoints.
--
-- Guarantees. Every event's leaf hash is computed by the appending function that inserts it, under the
-- lock that assigns its position, and the tree's right edge moves in the same transaction, so the tree
-- always has exactly one leaf per event. Stored subtrees and signed checkpoints are append-only.
-- docs/ledger-format.md is the specification; these functions are one implementation of it, and
-- `docket verify` is another, written independently in Swift.

-- The leaf bytes of one event, format version 1 (docs/ledger-format.md, "Leaf encoding"):
--   text      = u32 byte length ‖ UTF-8 bytes (the database is UTF8, so octet_length counts UTF-8 bytes);
--   optional  = 0x00 when absent, else 0x01 ‖ the value;
--   time      = i64 microseconds since 1970-01-01T00:00:00Z (subtracting the epoch keeps it immutable).
-- Written as one expression, without helper functions, so that PostgreSQL inlines it into the INSERT
-- of the appending functions instead of calling a function per field per event. It is STABLE, not IMMUTABLE,
-- only because convert_to() is; its result depends on nothing but its arguments.
CREATE FUNCTION docket.leaf_bytes(
    p_position bigint, p_event_id uuid, p_stream text, p_version bigint, p_type text, p_schema integer,
    p_occurred timestamptz, p_recorded timestamptz, p_actor text, p_authority text, p_reason text,
    p_correlation uuid, p_causation uuid,
    p_metadata_digest bytea, p_payload_digest bytea, p_restricted_digest bytea
) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN '\x01'::bytea
        || int8send(p_position)
        || uuid_send(p_event_id)
        || int4send(octet_length(p_stream)) || convert_to(p_stream, 'UTF8')
        || int8send(p_version)
        || int4send(octet_length(p_type)) || convert_to(p_type, 'UTF8')
        || int4send(p_schema)
        || int8send((extract(epoch FROM p_occurred - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint)
        || int8send((extract(epoch FROM p_recorded - timestamptz '1970-01-01 00:00:00+00') * 1000000)::bigint)
        || CASE WHEN p_actor IS NULL THEN '\x00'::bytea
                ELSE '\x01'::bytea || int4send(octet_length(p_actor)) || convert_to(p_actor, 'UTF8') END
        || CASE WHEN p_authority IS NULL THEN '\x00'::bytea
                ELSE '\x01'::bytea || int4send(octet_length(p_authority)) || convert_to(p_authority, 'UTF8') END
        || CASE WHEN p_reason IS NULL THEN '\x00'::bytea
                ELSE '\x01'::bytea || int4send(octet_length(p_reason)) || convert_to(p_reason, 'UTF8') END
        || CASE WHEN p_correlation IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || uuid_send(p_correlation) END
        || CASE WHEN p_causation IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || uuid_send(p_causation) END
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

-- Events whose payload, metadata or restricted fields do not match the digests committed when they were
-- appended (the appending functions cannot recompute RFC 8785 digests, so they commit to the writer's).
-- Found and recorded by `docket checkpoint` before it signs a tree covering the event, and committed to
-- by that signed checkpoint (its `docket-append-faults` line: the count and digest of the faults at or
-- below its size), so `docket verify` trusts only faults a signed checkpoint covers. Append-only.
CREATE TABLE docket.append_faults (
    position bigint      PRIMARY KEY REFERENCES docket.events (position),
    -- The parts that differ: payload, metadata, restricted, comma-separated in that order.
    part     text        NOT NULL CHECK (part ~ '^(payload|metadata|restricted)(,(metadata|restricted))*$'),
    found_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    detail   text        NOT NULL
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
CREATE TRIGGER ledger_head_no_truncate BEFORE TRUNCATE ON docket.ledger_head
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER append_faults_append_only BEFORE UPDATE OR DELETE ON docket.append_faults
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER append_faults_no_truncate BEFORE TRUNCATE ON docket.append_faults
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON docket.checkpoints
    FOR EACH ROW EXECUTE FUNCTION docket.refuse_change();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON docket.checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION docket.refuse_change();

REVOKE ALL ON docket.ledger_head, docket.ledger_nodes, docket.checkpoints, docket.append_faults FROM PUBLIC;
GRANT SELECT ON docket.ledger_head, docket.ledger_nodes, docket.checkpoints, docket.append_faults TO docket_reader;
