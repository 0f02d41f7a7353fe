-- docket.append(events jsonb), second version: the same contract as in 0003_append.sql (input, checks, errors,
-- result), in fewer statements. Each SQL statement a PL/pgSQL function runs costs tens of microseconds
-- before it does any work, and the first version ran fifteen of them per call, re-planning several.
--
-- What changed:
--   * One new event (the common case) takes its own path: scalar variables, no arrays, six statements.
--   * The input is parsed before the lock is taken, and both heads (log and tree) are locked and read by
--     one statement.
--   * Malformed events and ids repeated within the batch are found by one statement, before the lock.
--   * The idempotency check runs only when some id of the batch is already in the log.
--   * Each event's new version and position are computed once, with the expected-version check, into
--     arrays aligned with the input; the insert zips them with the input instead of recomputing them.
--   * The two heads are updated by one statement, and the result is built from the arrays, not reread.
--   * Streams are looked up by a correlated subquery per event, which always uses the primary key.
-- The function keeps the default plan cache mode: forcing generic plans froze plans made while the log
-- was empty (sequential scans) for the rest of a session. See docs/performance.md.

-- Whether an input event is malformed (shared by both paths of docket.append). Inlined where it is used.
CREATE FUNCTION docket.append_item_malformed(i docket.append_item) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN i.id IS NULL OR i.stream IS NULL OR i.stream = '' OR i.type IS NULL OR i.type = ''
        OR i.data IS NULL OR jsonb_typeof(i.data) <> 'object' OR jsonb_typeof(i.metadata) <> 'object'
        OR i.schema_version < 1
        OR octet_length(i.payload_digest) IS DISTINCT FROM 32 OR octet_length(i.metadata_digest) IS DISTINCT FROM 32
        OR (i.restricted IS NOT NULL AND (jsonb_typeof(i.restricted) <> 'object'
            OR octet_length(i.restricted_salt) IS DISTINCT FROM 16 OR octet_length(i.restricted_digest) IS DISTINCT FROM 32))
        OR (i.restricted IS NULL AND (i.restricted_salt IS NOT NULL OR i.restricted_digest IS NOT NULL))
        OR (i.expected NOT IN ('any', 'no_stream', 'stream_exists') AND i.expected !~ '^[0-9]{1,18}$');

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

CREATE OR REPLACE FUNCTION docket.append(p_events jsonb)
RETURNS TABLE (event_id uuid, "position" bigint, stream_id text, stream_version bigint, is_duplicate boolean)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    v_head      bigint;
    v_last_at   timestamptz;
    v_now       timestamptz;
    v_size      bigint;
    v_hashes    bytea[];
    v_items     docket.append_item[];
    v_existing  uuid[];
    v_versions  bigint[];
    v_positions bigint[];
    v_bad       record;
    v_bad_ord   bigint;
    v_leaves    bytea[];
    v_last      bigint;
    v_hash      bytea;
    v_level     integer;
    v_top       integer;
    v_item      docket.append_item;
    v_version   bigint;
    v_occurred  timestamptz;
BEGIN
    IF p_events IS NULL OR jsonb_typeof(p_events) <> 'array' THEN
        RAISE EXCEPTION 'docket.append expects a JSON array of events' USING ERRCODE = 'DK003';
    END IF;

    -- Parsing and checking the input's shape need no lock; doing them first keeps the serialised part of
    -- concurrent appends short. (A single well-formed event skips the set-based check.)
    v_items := docket.append_input(p_events);
    IF cardinality(v_items) <> 1 OR docket.append_item_malformed(v_items[1]) THEN
        SELECT (w.item).ord, (w.item).id, (w.item).expected, w.malformed INTO v_bad
        FROM (
            SELECT i AS item, docket.append_item_malformed(i) AS malformed, count(*) OVER (PARTITION BY i.id) AS copies
            FROM unnest(v_items) i
        ) w
        WHERE w.malformed OR w.copies > 1
        ORDER BY w.malformed DESC, (w.item).ord LIMIT 1;
        IF FOUND THEN
            IF NOT v_bad.malformed THEN
                RAISE EXCEPTION 'event id % appears twice in one batch', v_bad.id USING ERRCODE = 'DK003',
                    DETAIL = json_build_object('id', v_bad.id)::text;
            END IF;
            RAISE EXCEPTION 'event % of the batch is malformed', v_bad.ord USING ERRCODE = 'DK003',
                DETAIL = json_build_object('index', v_bad.ord, 'id', v_bad.id, 'expected', v_bad.expected)::text;
        END IF;
    END IF;

    -- Serialise: from here until commit, no other appender can take a position or grow the tree.
    SELECT h.position, h.recorded_at, l.size, l.hashes INTO v_head, v_last_at, v_size, v_hashes
    FROM docket.log_head h CROSS JOIN docket.ledger_head l
    FOR UPDATE;
    IF v_size <> v_head THEN
        RAISE EXCEPTION 'the ledger holds % leaves but the log % events', v_size, v_head USING ERRCODE = 'DK020';
    END IF;
    -- recorded_at never goes backwards in log order, even if the clock does.
    v_now := greatest(clock_timestamp(), v_last_at);

    -- The common case, one new event, takes a shorter path with no arrays: the same checks and the same
    -- row, in half the statements (malformed input was refused above). Anything else (a batch, a retried
    -- id) goes the general way.
    v_item := v_items[1];
    IF cardinality(v_items) = 1 AND NOT EXISTS (SELECT FROM docket.events e WHERE e.event_id = v_item.id) THEN
        SELECT s.version INTO v_version FROM docket.streams s WHERE s.stream_id = v_item.stream;
        v_version := coalesce(v_version, 0);
        IF NOT docket.expectation_met(v_item.expected, v_version) THEN
            RAISE EXCEPTION 'stream % is at version %, but event 1 of the batch expected %',
                v_item.stream, v_version, v_item.expected
                USING ERRCODE = 'DK002',
                      DETAIL = json_build_object('index', 1, 'stream', v_item.stream,
                                                 'expected', v_item.expected, 'actual', v_version)::text,
                      HINT = 'read the stream again and decide whether your change still applies';
        END IF;
        v_version := v_version + 1;
        v_last := v_head + 1;
        v_occurred := coalesce(v_item.occurred_at, v_now);
        v_hash := sha256('\x00'::bytea || docket.leaf_bytes(
            v_last, v_item.id, v_item.stream, v_version, v_item.type, v_item.schema_version,
            v_occurred, v_now, v_item.actor, v_item.authority, v_item.reason,
            v_item.correlation_id, v_item.causation_id, v_item.metadata_digest, v_item.payload_digest,
            v_item.restricted_digest));
        INSERT INTO docket.events (
            position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
            actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
            payload_digest, metadata_digest, restricted_digest, leaf_hash)
        VALUES (v_last, v_item.id, v_item.stream, v_version, v_item.type, v_item.schema_version, v_item.data,
                v_item.metadata, v_item.actor, v_item.authority, v_item.reason, v_item.correlation_id,
                v_item.causation_id, v_occurred, v_now, v_item.payload_digest, v_item.metadata_digest,
                v_item.restricted_digest, v_hash);
        IF v_item.restricted IS NOT NULL THEN
            INSERT INTO docket.event_restricted (position, salt, fields)
            VALUES (v_last, v_item.restricted_salt, v_item.restricted);
        END IF;
        INSERT INTO docket.streams (stream_id, version) VALUES (v_item.stream, v_version)
        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;
        v_existing := '{}';
        v_versions := ARRAY[v_version];
        v_positions := ARRAY[v_last];
        v_leaves := ARRAY[v_hash];
    ELSE
        -- A batch is small next to the log, so every lookup goes through `= ANY(array)` on an index; joined
        -- directly, the planner might hash the whole table for a large batch.
        v_existing := ARRAY(
            SELECT e.event_id FROM docket.events e
            WHERE e.event_id = ANY(ARRAY(SELECT i.id FROM unnest(v_items) i)));

        -- Idempotency: an id already in the log must carry the same content; then it is skipped.
        IF cardinality(v_existing) > 0 THEN
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
        END IF;

        -- Each new event's version and position, in arrays aligned with the input (NULL for an event already
        -- in the log). Optimistic concurrency: its expectation is checked against the stream's version just
        -- before it, counting earlier new events of the same stream in this batch.
        SELECT array_agg(n.new_version ORDER BY n.ord), array_agg(n.new_position ORDER BY n.ord),
               min(n.ord) FILTER (WHERE n.is_new AND NOT docket.expectation_met(n.expected, n.new_version - 1))
        INTO v_versions, v_positions, v_bad_ord
        FROM (
            SELECT i.ord, i.expected, i.is_new,
                   CASE WHEN i.is_new THEN i.version + row_number() OVER (PARTITION BY i.stream, i.is_new ORDER BY i.ord) END AS new_version,
                   CASE WHEN i.is_new THEN v_head + row_number() OVER (PARTITION BY i.is_new ORDER BY i.ord) END AS new_position
            FROM (
                -- A correlated lookup per event, so the streams table is always probed by its index, however
                -- small it was when this statement was planned.
                SELECT i.ord, i.stream, i.expected, NOT (i.id = ANY(v_existing)) AS is_new,
                       coalesce((SELECT s.version FROM docket.streams s WHERE s.stream_id = i.stream), 0) AS version
                FROM unnest(v_items) i
            ) i
        ) n;
        IF v_bad_ord IS NOT NULL THEN
            SELECT i.stream, i.expected INTO v_bad FROM unnest(v_items) i WHERE i.ord = v_bad_ord;
            RAISE EXCEPTION 'stream % is at version %, but event % of the batch expected %',
                v_bad.stream, v_versions[v_bad_ord] - 1, v_bad_ord, v_bad.expected
                USING ERRCODE = 'DK002',
                      DETAIL = json_build_object('index', v_bad_ord, 'stream', v_bad.stream,
                                                 'expected', v_bad.expected, 'actual', v_versions[v_bad_ord] - 1)::text,
                      HINT = 'read the stream again and decide whether your change still applies';
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
            SELECT array_agg(x.leaf_hash ORDER BY x.position), max(x.position) INTO v_leaves, v_last FROM inserted x;
        END IF;
    END IF;

    IF cardinality(v_leaves) > 0 THEN
        -- Extend the RFC 6962 tree: fold each new leaf into the right edge, storing big completed subtrees.
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
        WITH tree AS (UPDATE docket.ledger_head SET size = v_size, hashes = v_hashes)
        UPDATE docket.log_head SET position = v_last, recorded_at = v_now;
        -- A wake-up for tailing readers; they never rely on it alone.
        PERFORM pg_notify('docket_events', v_last::text);
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
            SELECT e.event_id, e.position, e.stream_id, e.stream_version, e.position <= v_head
            FROM unnest(v_items) i
            JOIN (SELECT * FROM docket.events
                  WHERE event_id = ANY(ARRAY(SELECT i.id FROM unnest(v_items) i))) e ON e.event_id = i.id
            ORDER BY i.ord;
    END IF;
END
$$;
