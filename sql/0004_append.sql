-- The append contract: the only ways events enter the log.
--
-- Three functions take events, for three shapes of input, and keep one contract:
--   docket.append_event(…)    one event as scalar parameters (clients call it through a prepared
--                             statement); the common single append.
--   docket.append(jsonb)      a JSON array of events; small batches, events with restricted fields, psql.
--   docket.append_staged()    a batch the caller COPYed into its session's pg_temp.docket_staging
--                             (made by docket.open_staging()); large batches.
-- Every one of them, through the shared functions below:
--   * refuses malformed input before taking any lock (docket.event_malformed, DK003), ids repeated
--     within one batch (DK003);
--   * locks the single rows of docket.log_head and docket.ledger_head (docket.lock_heads) and holds them
--     until commit, so positions are head + 1, head + 2, … in commit order, gap-free;
--   * skips an event whose id is already in the log with the same content (idempotent retry) and refuses
--     one with different content (docket.same_event, docket.raise_content_conflict: DK001);
--   * checks each event's expected version against its stream's version just before it, counting earlier
--     events of the same stream in the batch (docket.expectation_met, docket.raise_version_conflict: DK002);
--   * refuses an event in a stream the domain owns that the domain could not apply, at the version it
--     would take (docket.domain_event_fits, and docket.domain_event_problem to say why, 0003_domain_rules.sql;
--     docket.raise_domain_refusal: DK004);
--   * inserts the events with their leaf hashes (docket.leaf_bytes, 0002), their restricted parts and
--     their streams' versions, then extends the Merkle tree and moves both heads (docket.advance_heads),
--     and notifies `docket_events`;
--   * returns (event_id, position, stream_id, stream_version, is_duplicate) per input event, in order.
-- Errors carry a JSON DETAIL (index: the event's 1-based place in the batch) that EventStoreError decodes.
--
-- An input event has the fields of docket.append_item:
--   id uuid, stream text, type text, schema_version int (default 1), data object, metadata object
--   (default {}), actor, authority, reason text, correlation_id, causation_id uuid, occurred_at timestamptz
--   (default: now), expected text: 'any' (default) | 'no_stream' | 'stream_exists' | a version number,
--   payload_digest, metadata_digest: SHA-256 of the canonical (RFC 8785) data and metadata,
--   restricted object, restricted_salt (16 bytes), restricted_digest (docs/ledger-format.md).
--
-- Performance (docs/performance.md): every statement a PL/pgSQL function runs costs tens of microseconds
-- before it does any work, so the single-event function runs three; batches are set-based; the functions
-- never JIT-compile (before a new database's first ANALYZE the planner's estimate for the locking read of
-- the one-row heads could pass jit_above_cost, and compiling it cost 4–8 ms on every append), and the heads
-- start out analyzed. They keep the default plan cache mode: forcing generic plans froze plans made while
-- the log was empty (sequential scans) for the rest of a session.

-- One input event, parsed once per call.
CREATE TYPE docket.append_item AS (
    ord bigint, id uuid, stream text, type text, schema_version integer, data jsonb, metadata jsonb,
    actor text, authority text, reason text, correlation_id uuid, causation_id uuid,
    occurred_at timestamptz, expected text, payload_digest bytea, metadata_digest bytea,
    restricted jsonb, restricted_salt bytea, restricted_digest bytea
);

-- ---------------------------------------------------------------------------------------------------
-- The shared contract.
-- ---------------------------------------------------------------------------------------------------

-- Whether an input event is malformed, field by field (applied to a whole row, a function would build
-- the row, payload included, for every field it reads). Inlined where it is used.
CREATE FUNCTION docket.event_malformed(
    id uuid, stream text, type text, schema_version integer, data jsonb, metadata jsonb, expected text,
    payload_digest bytea, metadata_digest bytea, restricted jsonb, restricted_salt bytea, restricted_digest bytea
) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN id IS NULL OR stream IS NULL OR stream = '' OR type IS NULL OR type = ''
        OR data IS NULL OR jsonb_typeof(data) <> 'object' OR metadata IS NULL OR jsonb_typeof(metadata) <> 'object'
        OR schema_version IS NULL OR schema_version < 1 OR expected IS NULL
        OR octet_length(payload_digest) IS DISTINCT FROM 32 OR octet_length(metadata_digest) IS DISTINCT FROM 32
        OR (restricted IS NOT NULL AND (jsonb_typeof(restricted) <> 'object'
            OR octet_length(restricted_salt) IS DISTINCT FROM 16 OR octet_length(restricted_digest) IS DISTINCT FROM 32))
        OR (restricted IS NULL AND (restricted_salt IS NOT NULL OR restricted_digest IS NOT NULL))
        OR (expected NOT IN ('any', 'no_stream', 'stream_exists') AND expected !~ '^[0-9]{1,18}$');

CREATE FUNCTION docket.raise_malformed(p_ord bigint, p_id uuid, p_expected text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event % of the batch is malformed', p_ord USING ERRCODE = 'DK003',
        DETAIL = json_build_object('index', p_ord, 'id', p_id, 'expected', p_expected)::text;
END
$$;

CREATE FUNCTION docket.raise_repeated_id(p_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event id % appears twice in one batch', p_id USING ERRCODE = 'DK003',
        DETAIL = json_build_object('id', p_id)::text;
END
$$;

-- Whether an expected version ('any', 'no_stream', 'stream_exists' or a number) holds for a stream whose
-- version is `actual` (0: no such stream).
CREATE FUNCTION docket.expectation_met(expected text, actual bigint) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN CASE expected
        WHEN 'any' THEN true
        WHEN 'no_stream' THEN actual = 0
        WHEN 'stream_exists' THEN actual > 0
        ELSE actual = expected::bigint
    END;

CREATE FUNCTION docket.raise_version_conflict(p_ord bigint, p_stream text, p_expected text, p_actual bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stream % is at version %, but event % of the batch expected %', p_stream, p_actual, p_ord, p_expected
        USING ERRCODE = 'DK002',
              DETAIL = json_build_object('index', p_ord, 'stream', p_stream, 'expected', p_expected, 'actual', p_actual)::text,
              HINT = 'read the stream again and decide whether your change still applies';
END
$$;

-- Whether the logged event `e` (with restricted fields `restricted`) is the input event given by the other
-- arguments: an idempotent retry. An input without occurred_at matches any occurred time. Inlined.
CREATE FUNCTION docket.same_event(
    e docket.events, restricted jsonb, stream text, type text, schema_version integer, data jsonb, metadata jsonb,
    actor text, authority text, reason text, correlation_id uuid, causation_id uuid, occurred_at timestamptz,
    input_restricted jsonb
) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN e.stream_id = stream AND e.event_type = type AND e.schema_version = schema_version
        AND e.payload = data AND e.metadata = metadata
        AND e.actor IS NOT DISTINCT FROM actor AND e.authority IS NOT DISTINCT FROM authority
        AND e.reason IS NOT DISTINCT FROM reason
        AND e.correlation_id IS NOT DISTINCT FROM correlation_id
        AND e.causation_id IS NOT DISTINCT FROM causation_id
        AND (occurred_at IS NULL OR e.occurred_at = occurred_at)
        AND restricted IS NOT DISTINCT FROM input_restricted;

CREATE FUNCTION docket.raise_content_conflict(p_ord bigint, p_id uuid, p_position bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event % was already appended at position % with different content', p_id, p_position
        USING ERRCODE = 'DK001',
              DETAIL = json_build_object('index', p_ord, 'id', p_id, 'position', p_position)::text,
              HINT = 'give a new event a new id; retry an append only with identical content';
END
$$;

-- Serialises appenders: locks the one row of each head until commit and returns the log's last position,
-- the tree's size and right edge, and the recorded time for this append (never before the last one, even
-- if the clock goes back). From here to commit no other appender can take a position or grow the tree.
CREATE FUNCTION docket.lock_heads(
    OUT head bigint, OUT recorded_at timestamptz, OUT size bigint, OUT hashes bytea[]
)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
AS $$
DECLARE
    v_last_at timestamptz;
BEGIN
    SELECT h.position, h.recorded_at, l.size, l.hashes INTO head, v_last_at, size, hashes
    FROM docket.log_head h CROSS JOIN docket.ledger_head l
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the log''s or the ledger''s head row is missing' USING ERRCODE = 'DK020',
            HINT = 'the database was altered outside Docket; restore it from a backup';
    END IF;
    IF size <> head THEN
        RAISE EXCEPTION 'the ledger holds % leaves but the log % events', size, head USING ERRCODE = 'DK020';
    END IF;
    recorded_at := greatest(clock_timestamp(), v_last_at);
END
$$;

-- The RFC 6962 tree of `p_size` leaves, whose right edge is `p_hashes`, extended by `p_leaves`: returns the
-- new right edge and stores every completed subtree of 256 leaves or more in docket.ledger_nodes.
CREATE FUNCTION docket.extend_tree(p_size bigint, p_hashes bytea[], p_leaves bytea[]) RETURNS bytea[]
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_hash  bytea;
    v_level integer;
    -- p_hashes is used as a stack with v_top entries: element assignment updates PostgreSQL's expanded
    -- array in place, where slicing would copy it for every leaf.
    v_top   integer := cardinality(p_hashes);
BEGIN
    FOREACH v_hash IN ARRAY p_leaves LOOP
        v_level := 0;
        WHILE ((p_size >> v_level) & 1) = 1 LOOP
            v_hash := sha256('\x01'::bytea || p_hashes[v_top] || v_hash);
            v_top := v_top - 1;
            v_level := v_level + 1;
            IF v_level >= 8 THEN
                INSERT INTO docket.ledger_nodes (level, "index", hash)
                VALUES (v_level, ((p_size + 1) >> v_level) - 1, v_hash);
            END IF;
        END LOOP;
        v_top := v_top + 1;
        p_hashes[v_top] := v_hash;
        p_size := p_size + 1;
    END LOOP;
    RETURN p_hashes[1:v_top];
END
$$;

-- After the new events (leaf hashes `p_leaves`, in position order, the last at `p_last`) are inserted:
-- extends the tree, moves both heads and wakes tailing readers (which never rely on the wake-up alone).
-- The caller holds the heads' lock (docket.lock_heads).
CREATE FUNCTION docket.advance_heads(p_size bigint, p_hashes bytea[], p_leaves bytea[], p_last bigint, p_now timestamptz)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off
AS $$
BEGIN
    IF cardinality(p_leaves) > 0 THEN
        p_hashes := docket.extend_tree(p_size, p_hashes, p_leaves);
        WITH tree AS (UPDATE docket.ledger_head SET size = p_size + cardinality(p_leaves), hashes = p_hashes)
        UPDATE docket.log_head SET position = p_last, recorded_at = p_now;
        PERFORM pg_notify('docket_events', p_last::text);
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------------------
-- docket.append_event(…): one event as scalar parameters, three statements.
-- An event with restricted fields goes through docket.append() instead.
-- ---------------------------------------------------------------------------------------------------

CREATE FUNCTION docket.append_event(
    p_id uuid, p_stream text, p_type text, p_schema_version integer, p_expected text,
    p_data jsonb, p_payload_digest bytea, p_metadata jsonb, p_metadata_digest bytea,
    p_actor text, p_authority text, p_reason text, p_correlation_id uuid, p_causation_id uuid,
    p_occurred_at timestamptz,
    OUT event_id uuid, OUT "position" bigint, OUT stream_id text, OUT stream_version bigint, OUT is_duplicate boolean
)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    v_heads    record;
    v_version  bigint;
    v_dup_at   bigint;   -- the position of an event already logged under p_id, if any
    v_dup_of   text;
    v_dup_ver  bigint;
    v_dup_same boolean;
    v_occurred timestamptz;
    v_leaf     bytea;
    v_fits     boolean;
    v_problem  jsonb;
BEGIN
    -- The defaults docket.append() gives a missing field.
    p_metadata := coalesce(p_metadata, '{}');
    p_schema_version := coalesce(p_schema_version, 1);
    p_expected := coalesce(p_expected, 'any');
    IF docket.event_malformed(p_id, p_stream, p_type, p_schema_version, p_data, p_metadata, p_expected,
                              p_payload_digest, p_metadata_digest, NULL, NULL, NULL) THEN
        PERFORM docket.raise_malformed(1, p_id, p_expected);
    END IF;

    SELECT * INTO v_heads FROM docket.lock_heads();

    -- A new statement, so a new snapshot: it sees everything committed before the lock was granted.
    -- The same statement asks whether the event fits the domain's rules as the stream's next version.
    SELECT coalesce(s.version, 0), e.position, e.stream_id, e.stream_version,
           docket.same_event(e, r.fields, p_stream, p_type, p_schema_version, p_data, p_metadata, p_actor,
                             p_authority, p_reason, p_correlation_id, p_causation_id, p_occurred_at, NULL),
           k.kind IS NULL OR docket.domain_event_fits(d, p_stream, p_schema_version, p_data, coalesce(s.version, 0) + 1)
    INTO v_version, v_dup_at, v_dup_of, v_dup_ver, v_dup_same, v_fits
    FROM (SELECT) AS one
    LEFT JOIN docket.streams s ON s.stream_id = p_stream
    LEFT JOIN docket.events e ON e.event_id = p_id
    LEFT JOIN docket.event_restricted r ON r.position = e.position
    LEFT JOIN docket.domain_stream_kinds k ON k.kind = split_part(p_stream, '-', 1) AND strpos(p_stream, '-') > 0
    LEFT JOIN docket.domain_event_rules d ON d.stream_kind = k.kind AND d.event_type = p_type;

    IF v_dup_at IS NOT NULL THEN
        IF NOT v_dup_same THEN
            PERFORM docket.raise_content_conflict(1, p_id, v_dup_at);
        END IF;
        event_id := p_id;
        "position" := v_dup_at;
        stream_id := v_dup_of;
        stream_version := v_dup_ver;
        is_duplicate := true;
        RETURN;
    END IF;

    IF NOT docket.expectation_met(p_expected, v_version) THEN
        PERFORM docket.raise_version_conflict(1, p_stream, p_expected, v_version);
    END IF;

    v_version := v_version + 1;
    IF NOT v_fits THEN
        v_problem := docket.domain_event_problem(p_stream, p_type, p_schema_version, p_data, v_version);
        IF v_problem IS NOT NULL THEN
            PERFORM docket.raise_domain_refusal(1, p_id, p_stream, p_type, v_problem);
        END IF;
    END IF;
    v_occurred := coalesce(p_occurred_at, v_heads.recorded_at);
    v_leaf := sha256('\x00'::bytea || docket.leaf_bytes(
        v_heads.head + 1, p_id, p_stream, v_version, p_type, p_schema_version, v_occurred, v_heads.recorded_at,
        p_actor, p_authority, p_reason, p_correlation_id, p_causation_id, p_metadata_digest, p_payload_digest, NULL));

    WITH stream AS (
        INSERT INTO docket.streams AS s (stream_id, version) VALUES (p_stream, v_version)
        ON CONFLICT ON CONSTRAINT streams_pkey DO UPDATE SET version = excluded.version
    )
    INSERT INTO docket.events AS e (
        position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
        actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
        payload_digest, metadata_digest, restricted_digest, leaf_hash)
    VALUES (v_heads.head + 1, p_id, p_stream, v_version, p_type, p_schema_version, p_data, p_metadata,
            p_actor, p_authority, p_reason, p_correlation_id, p_causation_id, v_occurred, v_heads.recorded_at,
            p_payload_digest, p_metadata_digest, NULL, v_leaf);
    PERFORM docket.advance_heads(v_heads.size, v_heads.hashes, ARRAY[v_leaf], v_heads.head + 1, v_heads.recorded_at);

    event_id := p_id;
    "position" := v_heads.head + 1;
    stream_id := p_stream;
    stream_version := v_version;
    is_duplicate := false;
END
$$;

-- ---------------------------------------------------------------------------------------------------
-- docket.append(jsonb): a JSON array of events.
-- ---------------------------------------------------------------------------------------------------

-- PL/pgSQL rather than SQL so that its query plan is cached for the session, not made on every call.
CREATE FUNCTION docket.append_input(p_events jsonb) RETURNS docket.append_item[]
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN (SELECT coalesce(array_agg(ROW(
               r.ord, x.id, x.stream, x.type, coalesce(x.schema_version, 1), x.data, coalesce(x.metadata, '{}'),
               x.actor, x.authority, x.reason, x.correlation_id, x.causation_id,
               x.occurred_at, coalesce(x.expected, 'any'),
               decode(x.payload_digest, 'hex'), decode(x.metadata_digest, 'hex'),
               x.restricted, decode(x.restricted_salt, 'hex'), decode(x.restricted_digest, 'hex')
           )::docket.append_item ORDER BY r.ord), '{}')
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS r(event, ord),
         jsonb_to_record(r.event) AS x(
             id uuid, stream text, type text, schema_version integer, data jsonb, metadata jsonb,
             actor text, authority text, reason text, correlation_id uuid, causation_id uuid,
             occurred_at timestamptz, expected text, payload_digest text, metadata_digest text,
             restricted jsonb, restricted_salt text, restricted_digest text));
END
$$;

CREATE FUNCTION docket.append(p_events jsonb)
RETURNS TABLE (event_id uuid, "position" bigint, stream_id text, stream_version bigint, is_duplicate boolean)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    v_heads     record;
    v_items     docket.append_item[];
    v_existing  uuid[];
    v_versions  bigint[];
    v_positions bigint[];
    v_bad       record;
    v_bad_ord   bigint;
    v_leaves    bytea[] := '{}';
    v_last      bigint;
BEGIN
    IF p_events IS NULL OR jsonb_typeof(p_events) <> 'array' THEN
        RAISE EXCEPTION 'docket.append expects a JSON array of events' USING ERRCODE = 'DK003';
    END IF;

    -- Parsing and checking the input's shape need no lock; doing them first keeps the serialised part of
    -- concurrent appends short.
    v_items := docket.append_input(p_events);
    SELECT (w.item).ord, (w.item).id, (w.item).expected, w.malformed INTO v_bad
    FROM (
        SELECT i AS item, count(*) OVER (PARTITION BY i.id) AS copies,
               docket.event_malformed(i.id, i.stream, i.type, i.schema_version, i.data, i.metadata, i.expected,
                                      i.payload_digest, i.metadata_digest, i.restricted, i.restricted_salt,
                                      i.restricted_digest) AS malformed
        FROM unnest(v_items) i
    ) w
    WHERE w.malformed OR w.copies > 1
    ORDER BY w.malformed DESC, (w.item).ord LIMIT 1;
    IF FOUND THEN
        IF v_bad.malformed THEN
            PERFORM docket.raise_malformed(v_bad.ord, v_bad.id, v_bad.expected);
        END IF;
        PERFORM docket.raise_repeated_id(v_bad.id);
    END IF;

    SELECT * INTO v_heads FROM docket.lock_heads();

    -- A batch is small next to the log, so every lookup goes through `= ANY(array)` on an index; joined
    -- directly, the planner might hash the whole table for a large batch.
    v_existing := ARRAY(
        SELECT e.event_id FROM docket.events e
        WHERE e.event_id = ANY(ARRAY(SELECT i.id FROM unnest(v_items) i)));
    IF cardinality(v_existing) > 0 THEN
        SELECT i.ord, i.id, e.position INTO v_bad
        FROM unnest(v_items) i
        JOIN (SELECT * FROM docket.events WHERE event_id = ANY(v_existing)) e ON e.event_id = i.id
        LEFT JOIN docket.event_restricted r ON r.position = e.position
        WHERE NOT docket.same_event(e, r.fields, i.stream, i.type, i.schema_version, i.data, i.metadata, i.actor,
                                    i.authority, i.reason, i.correlation_id, i.causation_id, i.occurred_at, i.restricted)
        ORDER BY i.ord LIMIT 1;
        IF FOUND THEN
            PERFORM docket.raise_content_conflict(v_bad.ord, v_bad.id, v_bad.position);
        END IF;
    END IF;

    -- Each new event's version and position, in arrays aligned with the input (NULL for an event already
    -- in the log), and the first event whose expectation fails.
    SELECT array_agg(n.new_version ORDER BY n.ord), array_agg(n.new_position ORDER BY n.ord),
           min(n.ord) FILTER (WHERE n.is_new AND NOT docket.expectation_met(n.expected, n.new_version - 1))
    INTO v_versions, v_positions, v_bad_ord
    FROM (
        SELECT i.ord, i.expected, i.is_new,
               CASE WHEN i.is_new THEN i.version + row_number() OVER (PARTITION BY i.stream, i.is_new ORDER BY i.ord) END AS new_version,
               CASE WHEN i.is_new THEN v_heads.head + row_number() OVER (PARTITION BY i.is_new ORDER BY i.ord) END AS new_position
        FROM (
            -- A correlated lookup per event, so the streams table is always probed by its index, however
            -- small it was when this statement was planned.
            SELECT i.ord, i.stream, i.expected, NOT (i.id = ANY(v_existing)) AS is_new,
                   coalesce((SELECT s.version FROM docket.streams s WHERE s.stream_id = i.stream), 0) AS version
            FROM unnest(v_items) i
        ) i
    ) n;
    IF v_bad_ord IS NOT NULL THEN
        PERFORM docket.raise_version_conflict(v_bad_ord, v_items[v_bad_ord].stream, v_items[v_bad_ord].expected,
                                              v_versions[v_bad_ord] - 1);
    END IF;
    SELECT z.ord, z.id, z.stream, z.type,
           docket.domain_event_problem(z.stream, z.type, z.schema_version, z.data, z.new_version) AS problem
    INTO v_bad
    FROM unnest(v_items, v_versions) AS z(
        ord, id, stream, type, schema_version, data, metadata, actor, authority, reason,
        correlation_id, causation_id, occurred_at, expected, payload_digest, metadata_digest,
        restricted, restricted_salt, restricted_digest, new_version)
    JOIN docket.domain_stream_kinds k ON k.kind = split_part(z.stream, '-', 1) AND strpos(z.stream, '-') > 0
    LEFT JOIN docket.domain_event_rules d ON d.stream_kind = k.kind AND d.event_type = z.type
    WHERE z.new_version IS NOT NULL
      -- CASE, so the field-by-field check runs only for an event that does not fit.
      AND CASE WHEN coalesce(docket.domain_event_fits(d, z.stream, z.schema_version, z.data, z.new_version), false) THEN false
               ELSE docket.domain_event_problem(z.stream, z.type, z.schema_version, z.data, z.new_version) IS NOT NULL END
    ORDER BY z.ord LIMIT 1;
    IF FOUND THEN
        PERFORM docket.raise_domain_refusal(v_bad.ord, v_bad.id, v_bad.stream, v_bad.type, v_bad.problem);
    END IF;

    IF cardinality(v_existing) < cardinality(v_items) THEN
        WITH fresh AS (
            SELECT * FROM unnest(v_items, v_versions, v_positions) AS z(
                ord, id, stream, type, schema_version, data, metadata, actor, authority, reason,
                correlation_id, causation_id, occurred_at, expected, payload_digest, metadata_digest,
                restricted, restricted_salt, restricted_digest, new_version, new_position)
            WHERE z.new_position IS NOT NULL
        ), inserted AS (
            INSERT INTO docket.events (
                position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
                actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
                payload_digest, metadata_digest, restricted_digest, leaf_hash)
            SELECT f.new_position, f.id, f.stream, f.new_version, f.type, f.schema_version, f.data, f.metadata,
                   f.actor, f.authority, f.reason, f.correlation_id, f.causation_id,
                   coalesce(f.occurred_at, v_heads.recorded_at), v_heads.recorded_at,
                   f.payload_digest, f.metadata_digest, f.restricted_digest,
                   sha256('\x00'::bytea || docket.leaf_bytes(
                       f.new_position, f.id, f.stream, f.new_version, f.type, f.schema_version,
                       coalesce(f.occurred_at, v_heads.recorded_at), v_heads.recorded_at, f.actor, f.authority,
                       f.reason, f.correlation_id, f.causation_id, f.metadata_digest, f.payload_digest,
                       f.restricted_digest))
            FROM fresh f
            RETURNING position, leaf_hash
        ), restricted AS (
            INSERT INTO docket.event_restricted (position, salt, fields)
            SELECT f.new_position, f.restricted_salt, f.restricted FROM fresh f WHERE f.restricted IS NOT NULL
        ), streams AS (
            INSERT INTO docket.streams (stream_id, version)
            SELECT f.stream, max(f.new_version) FROM fresh f GROUP BY f.stream
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
        )
        SELECT array_agg(x.leaf_hash ORDER BY x.position), max(x.position) INTO v_leaves, v_last FROM inserted x;
        PERFORM docket.advance_heads(v_heads.size, v_heads.hashes, v_leaves, v_last, v_heads.recorded_at);
    END IF;

    IF cardinality(v_existing) = 0 THEN
        RETURN QUERY
            SELECT z.id, z.new_position, z.stream, z.new_version, false
            FROM unnest(v_items, v_versions, v_positions) AS z(
                ord, id, stream, type, schema_version, data, metadata, actor, authority, reason,
                correlation_id, causation_id, occurred_at, expected, payload_digest, metadata_digest,
                restricted, restricted_salt, restricted_digest, new_version, new_position)
            ORDER BY z.ord;
    ELSE
        RETURN QUERY
            SELECT e.event_id, e.position, e.stream_id, e.stream_version, e.position <= v_heads.head
            FROM unnest(v_items) i
            JOIN (SELECT * FROM docket.events
                  WHERE event_id = ANY(ARRAY(SELECT i.id FROM unnest(v_items) i))) e ON e.event_id = i.id
            ORDER BY i.ord;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------------------
-- docket.append_staged(): a batch COPYed into the session's staging table. In one transaction:
--     SELECT docket.open_staging();
--     COPY pg_temp.docket_staging FROM STDIN (FORMAT binary);   -- docket.append_item's columns, ord = 1..n
--     SELECT * FROM docket.append_staged();
-- The staging table is created by docket.open_staging() (SECURITY DEFINER), so it belongs to the owner of
-- these functions and the caller may only INSERT into it: no caller can hang a trigger or rule on the table
-- docket.append_staged() reads. Temporary tables are private to their session, so the grant to PUBLIC
-- reaches no one else. docket.append_staged() refuses a pg_temp.docket_staging it did not make.
-- ---------------------------------------------------------------------------------------------------

-- Whether `t` is a staging table docket.open_staging() made: an ordinary temporary table of this session
-- owned by the current user, which inside the SECURITY DEFINER functions below is their owner. (Owners are
-- compared by oid: a role name read back as an identifier would fold case and could name another role.)
CREATE FUNCTION docket.is_own_staging(t regclass) RETURNS boolean
    LANGUAGE sql STABLE
    RETURN EXISTS (
        SELECT FROM pg_catalog.pg_class c
        WHERE c.oid = t AND c.relkind = 'r' AND c.relpersistence = 't'
          AND c.relowner = (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user));

-- Creates this session's staging table if it has none; cheap when it exists. Its columns are those of
-- docket.append_item, spelled out rather than `OF docket.append_item`, which would pin that type for as long
-- as any session holds a staging table.
CREATE FUNCTION docket.open_staging() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_table regclass := to_regclass('pg_temp.docket_staging');
BEGIN
    IF v_table IS NULL THEN
        CREATE TEMPORARY TABLE docket_staging (
            ord bigint PRIMARY KEY, id uuid, stream text, type text, schema_version integer, data jsonb,
            metadata jsonb, actor text, authority text, reason text, correlation_id uuid, causation_id uuid,
            occurred_at timestamptz, expected text, payload_digest bytea, metadata_digest bytea,
            restricted jsonb, restricted_salt bytea, restricted_digest bytea);
        GRANT INSERT ON pg_temp.docket_staging TO PUBLIC;
    ELSIF NOT docket.is_own_staging(v_table) THEN
        RAISE EXCEPTION 'the temporary object docket_staging of this session was not made by docket.open_staging()'
            USING ERRCODE = 'DK003', HINT = 'run DISCARD TEMP (or reconnect) and try again';
    END IF;
END
$$;

CREATE FUNCTION docket.append_staged()
RETURNS TABLE (event_id uuid, "position" bigint, stream_id text, stream_version bigint, is_duplicate boolean)
LANGUAGE plpgsql SECURITY DEFINER
-- Whole batches: sorts stay in memory.
SET search_path = pg_catalog, pg_temp
SET work_mem = '64MB'
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    v_table     regclass := to_regclass('pg_temp.docket_staging');
    v_count     bigint;
    v_first     bigint;
    v_final     bigint;
    v_heads     record;
    v_existing  uuid[];
    v_defaults  boolean;
    v_dup_ords  bigint[];   -- the staged events already in the log, by ord (NULL when none)
    v_bad       record;
    v_result    record;
BEGIN
    IF v_table IS NULL OR NOT docket.is_own_staging(v_table) THEN
        RAISE EXCEPTION 'nothing is staged: call docket.open_staging() and COPY the batch into pg_temp.docket_staging first'
            USING ERRCODE = 'DK003';
    END IF;

    SELECT count(*), min(s.ord), max(s.ord),
           bool_or(s.metadata IS NULL OR s.schema_version IS NULL OR s.expected IS NULL)
    INTO v_count, v_first, v_final, v_defaults
    FROM pg_temp.docket_staging s;
    IF v_count = 0 THEN
        RETURN;
    END IF;
    IF v_first <> 1 OR v_final <> v_count THEN
        RAISE EXCEPTION 'staged events must be numbered 1 to %, in the order they are to be appended', v_count
            USING ERRCODE = 'DK003';
    END IF;

    -- The defaults docket.append() gives a missing field, written only when some field is missing.
    IF v_defaults THEN
        UPDATE pg_temp.docket_staging s
        SET metadata = coalesce(s.metadata, '{}'), schema_version = coalesce(s.schema_version, 1),
            expected = coalesce(s.expected, 'any')
        WHERE s.metadata IS NULL OR s.schema_version IS NULL OR s.expected IS NULL;
    END IF;

    -- The input's shape, before the lock. Two scans: counting copies of each id over whole rows would sort
    -- the payloads too; a hash aggregate over the ids alone does not.
    SELECT s.ord, s.id, s.expected INTO v_bad
    FROM pg_temp.docket_staging s
    WHERE docket.event_malformed(s.id, s.stream, s.type, s.schema_version, s.data, s.metadata, s.expected,
                                 s.payload_digest, s.metadata_digest, s.restricted, s.restricted_salt,
                                 s.restricted_digest)
    ORDER BY s.ord LIMIT 1;
    IF FOUND THEN
        PERFORM docket.raise_malformed(v_bad.ord, v_bad.id, v_bad.expected);
    END IF;
    SELECT s.id INTO v_bad
    FROM pg_temp.docket_staging s
    WHERE s.id IN (SELECT t.id FROM pg_temp.docket_staging t GROUP BY t.id HAVING count(*) > 1)
    ORDER BY s.ord LIMIT 1;
    IF FOUND THEN
        PERFORM docket.raise_repeated_id(v_bad.id);
    END IF;

    SELECT * INTO v_heads FROM docket.lock_heads();

    -- Ids already in the log, looked up through the index whatever the planner thinks of the staging table.
    v_existing := ARRAY(
        SELECT e.event_id FROM docket.events e
        WHERE e.event_id = ANY(ARRAY(SELECT s.id FROM pg_temp.docket_staging s)));
    IF cardinality(v_existing) > 0 THEN
        v_dup_ords := ARRAY(
            SELECT s.ord FROM pg_temp.docket_staging s JOIN unnest(v_existing) AS e(id) ON e.id = s.id ORDER BY s.ord);
        SELECT i.ord, i.id, e.position INTO v_bad
        FROM pg_temp.docket_staging i
        JOIN (SELECT * FROM docket.events WHERE event_id = ANY(v_existing)) e ON e.event_id = i.id
        LEFT JOIN docket.event_restricted r ON r.position = e.position
        WHERE NOT docket.same_event(e, r.fields, i.stream, i.type, i.schema_version, i.data, i.metadata, i.actor,
                                    i.authority, i.reason, i.correlation_id, i.causation_id, i.occurred_at, i.restricted)
        ORDER BY i.ord LIMIT 1;
        IF FOUND THEN
            PERFORM docket.raise_content_conflict(v_bad.ord, v_bad.id, v_bad.position);
        END IF;
    END IF;

    -- One statement numbers the new events (version within their stream, position within the log), checks
    -- each expectation against its stream's version just before it, and, if every expectation holds,
    -- inserts the events, their restricted parts and the streams' new versions. A failed expectation
    -- inserts nothing and comes back as `bad`.
    WITH numbered AS MATERIALIZED (
        -- Narrow rows: sorting whole events (payloads included) would spill to disk.
        SELECT i.ord, i.stream, i.expected, i.is_new,
               CASE WHEN i.is_new THEN i.base + row_number() OVER (PARTITION BY i.stream, i.is_new ORDER BY i.ord) END AS new_version,
               -- New events take the positions after the head in input order, skipping those already logged.
               -- (width_bucket counts, by binary search, the sorted ords at or below this one.)
               CASE WHEN i.is_new THEN v_heads.head + i.ord - CASE WHEN v_dup_ords IS NULL THEN 0
                   ELSE width_bucket(i.ord, v_dup_ords) END END AS new_position
        FROM (
            -- A correlated lookup per event, so the streams table is always probed by its index
            -- (OFFSET 0 keeps it from being inlined, and so evaluated, once per use).
            SELECT s.ord, s.stream, s.expected, NOT (s.id = ANY(v_existing)) AS is_new,
                   coalesce((SELECT st.version FROM docket.streams st WHERE st.stream_id = s.stream), 0) AS base
            FROM pg_temp.docket_staging s
            OFFSET 0
        ) i
    ), bad AS (
        SELECT n.ord, n.stream, n.expected, n.new_version - 1 AS actual
        FROM numbered n
        WHERE n.is_new AND NOT docket.expectation_met(n.expected, n.new_version - 1)
        ORDER BY n.ord LIMIT 1
    ), refused AS (
        SELECT n.ord, s.id, s.stream, s.type,
               docket.domain_event_problem(s.stream, s.type, s.schema_version, s.data, n.new_version) AS problem
        -- Each new event's row found through the staging table's key (OFFSET 0 keeps the planner from
        -- joining the whole table to every numbered row instead).
        FROM numbered n
        CROSS JOIN LATERAL (SELECT * FROM pg_temp.docket_staging t WHERE t.ord = n.ord OFFSET 0) s
        JOIN docket.domain_stream_kinds k ON k.kind = split_part(s.stream, '-', 1) AND strpos(s.stream, '-') > 0
        LEFT JOIN docket.domain_event_rules d ON d.stream_kind = k.kind AND d.event_type = s.type
        WHERE n.is_new AND NOT EXISTS (SELECT FROM bad)
          -- CASE, so the field-by-field check runs only for an event that does not fit.
          AND CASE WHEN coalesce(docket.domain_event_fits(d, s.stream, s.schema_version, s.data, n.new_version), false) THEN false
                   ELSE docket.domain_event_problem(s.stream, s.type, s.schema_version, s.data, n.new_version) IS NOT NULL END
        ORDER BY n.ord LIMIT 1
    ), fresh AS (
        -- Narrow: the whole rows are read from the staging table only by the statements that need them.
        SELECT n.ord, n.stream, n.new_version, n.new_position
        FROM numbered n
        WHERE n.is_new AND NOT EXISTS (SELECT FROM bad) AND NOT EXISTS (SELECT FROM refused)
    ), inserted AS (
        INSERT INTO docket.events (
            position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
            actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
            payload_digest, metadata_digest, restricted_digest, leaf_hash)
        SELECT f.new_position, s.id, s.stream, f.new_version, s.type, s.schema_version, s.data, s.metadata,
               s.actor, s.authority, s.reason, s.correlation_id, s.causation_id,
               coalesce(s.occurred_at, v_heads.recorded_at), v_heads.recorded_at,
               s.payload_digest, s.metadata_digest, s.restricted_digest,
               sha256('\x00'::bytea || docket.leaf_bytes(
                   f.new_position, s.id, s.stream, f.new_version, s.type, s.schema_version,
                   coalesce(s.occurred_at, v_heads.recorded_at), v_heads.recorded_at, s.actor, s.authority, s.reason,
                   s.correlation_id, s.causation_id, s.metadata_digest, s.payload_digest, s.restricted_digest))
        FROM pg_temp.docket_staging s JOIN fresh f ON f.ord = s.ord
        -- Positions rise with ord: in this order the rows go into the log's heap and indexes by position.
        ORDER BY s.ord
        RETURNING position, leaf_hash
    ), restricted AS (
        INSERT INTO docket.event_restricted (position, salt, fields)
        SELECT f.new_position, s.restricted_salt, s.restricted
        FROM pg_temp.docket_staging s JOIN fresh f ON f.ord = s.ord
        WHERE s.restricted IS NOT NULL
    ), streams AS (
        INSERT INTO docket.streams (stream_id, version)
        SELECT f.stream, max(f.new_version) FROM fresh f GROUP BY f.stream
        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
    )
    SELECT b.ord, b.stream, b.expected, b.actual, x.leaves, x.last,
           r.ord AS refused_ord, r.id AS refused_id, r.stream AS refused_stream, r.type AS refused_type, r.problem
    INTO v_result
    FROM (
        SELECT coalesce(array_agg(i.leaf_hash ORDER BY i.position), '{}') AS leaves, max(i.position) AS last
        FROM inserted i
    ) x
    LEFT JOIN bad b ON true
    LEFT JOIN refused r ON true;
    IF v_result.ord IS NOT NULL THEN
        PERFORM docket.raise_version_conflict(v_result.ord, v_result.stream, v_result.expected, v_result.actual);
    END IF;
    IF v_result.refused_ord IS NOT NULL THEN
        PERFORM docket.raise_domain_refusal(v_result.refused_ord, v_result.refused_id, v_result.refused_stream,
                                            v_result.refused_type, v_result.problem);
    END IF;
    PERFORM docket.advance_heads(v_heads.size, v_heads.hashes, v_result.leaves, v_result.last, v_heads.recorded_at);

    IF cardinality(v_existing) = 0 THEN
        -- Every event is new: their positions follow the head in input order, and under the lock no
        -- one else has positions after it.
        RETURN QUERY
            SELECT e.event_id, e.position, e.stream_id, e.stream_version, false
            FROM docket.events e
            WHERE e.position > v_heads.head
            ORDER BY e.position;
    ELSE
        RETURN QUERY
            SELECT e.event_id, e.position, e.stream_id, e.stream_version, e.position <= v_heads.head
            FROM pg_temp.docket_staging i
            JOIN (SELECT * FROM docket.events
                  WHERE event_id = ANY(ARRAY(SELECT s.id FROM pg_temp.docket_staging s))) e ON e.event_id = i.id
            ORDER BY i.ord;
    END IF;
    TRUNCATE pg_temp.docket_staging;
END
$$;

-- ---------------------------------------------------------------------------------------------------
-- Privileges: docket_writer may execute the three appending functions and open its staging table, nothing
-- else; the shared functions run inside them with their owner's rights.
-- ---------------------------------------------------------------------------------------------------

REVOKE ALL ON TYPE docket.append_item FROM PUBLIC;
REVOKE ALL ON FUNCTION
    docket.event_malformed(uuid, text, text, integer, jsonb, jsonb, text, bytea, bytea, jsonb, bytea, bytea),
    docket.raise_malformed(bigint, uuid, text), docket.raise_repeated_id(uuid),
    docket.expectation_met(text, bigint), docket.raise_version_conflict(bigint, text, text, bigint),
    docket.same_event(docket.events, jsonb, text, text, integer, jsonb, jsonb, text, text, text, uuid, uuid, timestamptz, jsonb),
    docket.raise_content_conflict(bigint, uuid, bigint), docket.lock_heads(),
    docket.extend_tree(bigint, bytea[], bytea[]), docket.advance_heads(bigint, bytea[], bytea[], bigint, timestamptz),
    docket.append_event(uuid, text, text, integer, text, jsonb, bytea, jsonb, bytea, text, text, text, uuid, uuid, timestamptz),
    docket.append_input(jsonb), docket.append(jsonb),
    docket.is_own_staging(regclass), docket.open_staging(), docket.append_staged()
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    docket.append_event(uuid, text, text, integer, text, jsonb, bytea, jsonb, bytea, text, text, text, uuid, uuid, timestamptz),
    docket.append(jsonb), docket.open_staging(), docket.append_staged()
TO docket_writer;

ANALYZE docket.log_head, docket.ledger_head;
