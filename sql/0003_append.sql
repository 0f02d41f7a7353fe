-- docket.append(events jsonb): the only way events enter the log.
--
-- One call is one atomic batch. It locks docket.log_head first, so positions are assigned one appender at
-- a time and in commit order: a reader that has seen position N never later finds a new event at or
-- below N. Under the same lock it checks expected versions, skips events already appended with the same
-- content (idempotent retries), inserts the rest, extends the Merkle tree and notifies listeners.
--
-- Each element of `events` is an object:
--   id uuid, stream text, type text, schema_version int (default 1), data object, metadata object (default {}),
--   actor, authority, reason text, correlation_id, causation_id uuid, occurred_at timestamptz (default: now),
--   expected text: 'any' (default) | 'no_stream' | 'stream_exists' | a version number,
--   payload_digest, metadata_digest hex: SHA-256 of the canonical (RFC 8785) data and metadata,
--   restricted object, restricted_salt hex (16 bytes), restricted_digest hex (see docs/ledger-format.md).
--
-- Errors (SQLSTATE): DK001 same id with different content, DK002 expected version conflict,
-- DK003 malformed input. Their DETAIL is a JSON object that clients decode.

-- One input event, parsed once per call.
CREATE TYPE docket.append_item AS (
    ord bigint, id uuid, stream text, type text, schema_version integer, data jsonb, metadata jsonb,
    actor text, authority text, reason text, correlation_id uuid, causation_id uuid,
    occurred_at timestamptz, expected text, payload_digest bytea, metadata_digest bytea,
    restricted jsonb, restricted_salt bytea, restricted_digest bytea
);

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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_head     bigint;
    v_last_at  timestamptz;
    v_now      timestamptz;
    v_bad      record;
    v_leaves   bytea[];
    v_count    bigint;
    v_last     bigint;
    v_size     bigint;
    v_hashes   bytea[];
    v_hash     bytea;
    v_level    integer;
    v_top      integer;
    v_items    docket.append_item[];
    v_ids      uuid[];
    v_streams  text[];
    v_existing uuid[];
BEGIN
    IF p_events IS NULL OR jsonb_typeof(p_events) <> 'array' THEN
        RAISE EXCEPTION 'docket.append expects a JSON array of events' USING ERRCODE = 'DK003';
    END IF;

    -- Serialise: from here until commit, no other appender can take a position.
    SELECT h.position, h.recorded_at INTO v_head, v_last_at FROM docket.log_head h FOR UPDATE;
    -- recorded_at never goes backwards in log order, even if the clock does.
    v_now := greatest(clock_timestamp(), v_last_at);
    v_items := docket.append_input(p_events);
    -- A batch is small next to the log, so every lookup below goes through `= ANY(array)` on an index;
    -- joined directly, the planner would hash the whole events table for a large batch.
    v_ids := ARRAY(SELECT i.id FROM unnest(v_items) i);
    v_streams := ARRAY(SELECT DISTINCT i.stream FROM unnest(v_items) i);
    v_existing := ARRAY(SELECT e.event_id FROM docket.events e WHERE e.event_id = ANY(v_ids));

    SELECT i.ord, i.id, i.expected INTO v_bad FROM unnest(v_items) i
    WHERE i.id IS NULL OR i.stream IS NULL OR i.stream = '' OR i.type IS NULL OR i.type = ''
       OR i.data IS NULL OR jsonb_typeof(i.data) <> 'object' OR jsonb_typeof(i.metadata) <> 'object'
       OR i.schema_version < 1
       OR octet_length(i.payload_digest) IS DISTINCT FROM 32 OR octet_length(i.metadata_digest) IS DISTINCT FROM 32
       OR (i.restricted IS NOT NULL AND (jsonb_typeof(i.restricted) <> 'object'
           OR octet_length(i.restricted_salt) IS DISTINCT FROM 16 OR octet_length(i.restricted_digest) IS DISTINCT FROM 32))
       OR (i.restricted IS NULL AND (i.restricted_salt IS NOT NULL OR i.restricted_digest IS NOT NULL))
       OR (i.expected NOT IN ('any', 'no_stream', 'stream_exists') AND i.expected !~ '^[0-9]{1,18}$')
    ORDER BY i.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the batch is malformed', v_bad.ord USING ERRCODE = 'DK003',
            DETAIL = json_build_object('index', v_bad.ord, 'id', v_bad.id, 'expected', v_bad.expected)::text;
    END IF;

    SELECT i.id INTO v_bad FROM unnest(v_items) i GROUP BY i.id HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event id % appears twice in one batch', v_bad.id USING ERRCODE = 'DK003',
            DETAIL = json_build_object('id', v_bad.id)::text;
    END IF;

    -- Idempotency: an id already in the log must carry the same content; then it is skipped.
    SELECT i.ord, i.id, e.position INTO v_bad
    FROM unnest(v_items) i
    JOIN (SELECT * FROM docket.events WHERE event_id = ANY(v_existing)) e ON e.event_id = i.id
    LEFT JOIN docket.event_restricted r ON r.position = e.position
    WHERE NOT (e.stream_id = i.stream AND e.event_type = i.type AND e.schema_version = i.schema_version
           AND e.payload = i.data AND e.metadata = i.metadata
           AND e.actor IS NOT DISTINCT FROM i.actor AND e.authority IS NOT DISTINCT FROM i.authority
           AND e.reason IS NOT DISTINCT FROM i.reason
           AND e.correlation_id IS NOT DISTINCT FROM i.correlation_id
           AND e.causation_id IS NOT DISTINCT FROM i.causation_id
           AND (i.occurred_at IS NULL OR e.occurred_at = i.occurred_at)
           AND r.fields IS NOT DISTINCT FROM i.restricted)
    ORDER BY i.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % was already appended at position % with different content', v_bad.id, v_bad.position
            USING ERRCODE = 'DK001',
                  DETAIL = json_build_object('index', v_bad.ord, 'id', v_bad.id, 'position', v_bad.position)::text,
                  HINT = 'give a new event a new id; retry an append only with identical content';
    END IF;

    -- Optimistic concurrency: each new event's expectation is checked against the stream's version just
    -- before it, counting earlier new events of the same stream in this batch.
    SELECT n.ord, n.stream, n.expected, n.actual INTO v_bad
    FROM (
        SELECT i.ord, i.stream, i.expected,
               coalesce(s.version, 0) + row_number() OVER (PARTITION BY i.stream ORDER BY i.ord) - 1 AS actual
        FROM unnest(v_items) i
        LEFT JOIN (SELECT * FROM docket.streams WHERE stream_id = ANY(v_streams)) s ON s.stream_id = i.stream
        WHERE NOT (i.id = ANY(v_existing))
    ) n
    WHERE NOT (n.expected = 'any'
        OR (n.expected = 'no_stream' AND n.actual = 0)
        OR (n.expected = 'stream_exists' AND n.actual > 0)
        OR (n.expected ~ '^[0-9]+$' AND n.actual = n.expected::bigint))
    ORDER BY n.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'stream % is at version %, but event % of the batch expected %',
            v_bad.stream, v_bad.actual, v_bad.ord, v_bad.expected
            USING ERRCODE = 'DK002',
                  DETAIL = json_build_object('index', v_bad.ord, 'stream', v_bad.stream,
                                             'expected', v_bad.expected, 'actual', v_bad.actual)::text,
                  HINT = 'read the stream again and decide whether your change still applies';
    END IF;

    WITH fresh AS MATERIALIZED (
        SELECT i.*,
               coalesce(s.version, 0) + row_number() OVER (PARTITION BY i.stream ORDER BY i.ord) AS new_version,
               v_head + row_number() OVER (ORDER BY i.ord) AS new_position
        FROM unnest(v_items) i
        LEFT JOIN (SELECT * FROM docket.streams WHERE stream_id = ANY(v_streams)) s ON s.stream_id = i.stream
        WHERE NOT (i.id = ANY(v_existing))
    ), inserted AS (
        INSERT INTO docket.events (
            position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
            actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
            payload_digest, metadata_digest, restricted_digest, leaf_hash)
        SELECT f.new_position, f.id, f.stream, f.new_version, f.type, f.schema_version, f.data, f.metadata,
               f.actor, f.authority, f.reason, f.correlation_id, f.causation_id, coalesce(f.occurred_at, v_now), v_now,
               f.payload_digest, f.metadata_digest, f.restricted_digest,
               sha256('\x00'::bytea || docket.leaf_bytes(
                   f.new_position, f.id, f.stream, f.new_version, f.type, f.schema_version,
                   coalesce(f.occurred_at, v_now), v_now, f.actor, f.authority, f.reason,
                   f.correlation_id, f.causation_id, f.metadata_digest, f.payload_digest, f.restricted_digest))
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
    SELECT array_agg(x.leaf_hash ORDER BY x.position), count(*), max(x.position)
    INTO v_leaves, v_count, v_last
    FROM inserted x;

    IF v_count > 0 THEN
        -- Extend the RFC 6962 tree: fold each new leaf into the right edge, storing big completed subtrees.
        SELECT l.size, l.hashes INTO v_size, v_hashes FROM docket.ledger_head l FOR UPDATE;
        IF v_size <> v_head THEN
            RAISE EXCEPTION 'the ledger holds % leaves but the log % events', v_size, v_head USING ERRCODE = 'DK020';
        END IF;
        -- v_hashes is used as a stack with v_top entries: element assignment updates PostgreSQL's
        -- expanded array in place, where slicing would copy it for every leaf.
        v_top := cardinality(v_hashes);
        FOREACH v_hash IN ARRAY v_leaves LOOP
            v_level := 0;
            WHILE ((v_size >> v_level) & 1) = 1 LOOP
                v_hash := sha256('\x01'::bytea || v_hashes[v_top] || v_hash);
                v_top := v_top - 1;
                v_level := v_level + 1;
                IF v_level >= 8 THEN
                    INSERT INTO docket.ledger_nodes (level, "index", hash)
                    VALUES (v_level, ((v_size + 1) >> v_level) - 1, v_hash);
                END IF;
            END LOOP;
            v_top := v_top + 1;
            v_hashes[v_top] := v_hash;
            v_size := v_size + 1;
        END LOOP;
        v_hashes := v_hashes[1:v_top];
        UPDATE docket.ledger_head SET size = v_size, hashes = v_hashes;
        UPDATE docket.log_head SET position = v_last, recorded_at = v_now;
        -- A wake-up for tailing readers; they never rely on it alone.
        PERFORM pg_notify('docket_events', v_last::text);
    END IF;

    RETURN QUERY
        SELECT e.event_id, e.position, e.stream_id, e.stream_version, e.position <= v_head
        FROM unnest(v_items) i
        JOIN (SELECT * FROM docket.events WHERE event_id = ANY(v_ids)) e ON e.event_id = i.id
        ORDER BY i.ord;
END
$$;

REVOKE ALL ON FUNCTION docket.append(jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION docket.append_input(jsonb) FROM PUBLIC;
REVOKE ALL ON TYPE docket.append_item FROM PUBLIC;
GRANT EXECUTE ON FUNCTION docket.append(jsonb) TO docket_writer;
