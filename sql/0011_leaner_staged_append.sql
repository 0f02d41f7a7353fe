-- docket.append_staged() with less work per batch, the same contract (checks, errors, rows) as in 0009.
--
-- Timed per statement (auto_explain) while recording the synthetic ledger in batches of 2,000, four
-- things cost more than they did anything for:
--   * checking for ids given twice counted each id's copies over whole rows, so every batch's payloads
--     were sorted once just for that; now the malformed check scans once and the copies are counted
--     by a hash aggregate over the ids alone;
--   * positions were numbered by a window over all the batch's rows, a second sort; new events simply
--     take the positions after the head in input order, less the staged events already in the log
--     before them (none, almost always);
--   * the ids, streams and versions of the new events were aggregated into arrays, each with a sort of
--     its own, only to be unnested again for the result; the result now reads them back from the log's
--     primary key, where under the lock the positions after the head are exactly this batch's;
--   * the new events' whole rows, payloads included, were materialized once more between the staging
--     table and the INSERT; now only their numbers are, and the INSERT reads the staging table itself.
-- Also the defaults for missing fields are only written when some field is missing (one scan counts
-- and checks both).

CREATE OR REPLACE FUNCTION docket.append_staged()
RETURNS TABLE (event_id uuid, "position" bigint, stream_id text, stream_version bigint, is_duplicate boolean)
LANGUAGE plpgsql SECURITY DEFINER
-- Whole batches: sorts stay in memory, and no JIT compilation (its estimate of per-event lookups would
-- start one, costing more than the statement).
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
    v_head      bigint;
    v_last_at   timestamptz;
    v_now       timestamptz;
    v_size      bigint;
    v_hashes    bytea[];
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

    -- The defaults docket.append() gives a missing field.
    IF v_defaults THEN
        UPDATE pg_temp.docket_staging s
        SET metadata = coalesce(s.metadata, '{}'), schema_version = coalesce(s.schema_version, 1),
            expected = coalesce(s.expected, 'any')
        WHERE s.metadata IS NULL OR s.schema_version IS NULL OR s.expected IS NULL;
    END IF;

    -- The input's shape, before the lock (as in docket.append).
    -- (Two scans: counting copies of each id over whole rows would sort the payloads too.)
    SELECT s.ord, s.id, s.expected INTO v_bad
    FROM pg_temp.docket_staging s
    WHERE docket.event_malformed(s.id, s.stream, s.type, s.schema_version, s.data, s.metadata, s.expected,
                                 s.payload_digest, s.metadata_digest, s.restricted, s.restricted_salt,
                                 s.restricted_digest)
    ORDER BY s.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event % of the batch is malformed', v_bad.ord USING ERRCODE = 'DK003',
            DETAIL = json_build_object('index', v_bad.ord, 'id', v_bad.id, 'expected', v_bad.expected)::text;
    END IF;
    SELECT s.id INTO v_bad
    FROM pg_temp.docket_staging s
    WHERE s.id IN (SELECT t.id FROM pg_temp.docket_staging t GROUP BY t.id HAVING count(*) > 1)
    ORDER BY s.ord LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event id % appears twice in one batch', v_bad.id USING ERRCODE = 'DK003',
            DETAIL = json_build_object('id', v_bad.id)::text;
    END IF;

    -- Serialise: from here until commit, no other appender can take a position or grow the tree.
    SELECT h.position, h.recorded_at, l.size, l.hashes INTO v_head, v_last_at, v_size, v_hashes
    FROM docket.log_head h CROSS JOIN docket.ledger_head l
    FOR UPDATE;
    IF v_size <> v_head THEN
        RAISE EXCEPTION 'the ledger holds % leaves but the log % events', v_size, v_head USING ERRCODE = 'DK020';
    END IF;
    v_now := greatest(clock_timestamp(), v_last_at);

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
               CASE WHEN i.is_new THEN v_head + i.ord - CASE WHEN v_dup_ords IS NULL THEN 0
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
    ), fresh AS (
        -- Narrow: the whole rows are read from the staging table only by the statements that need them.
        SELECT n.ord, n.stream, n.new_version, n.new_position
        FROM numbered n
        WHERE n.is_new AND NOT EXISTS (SELECT FROM bad)
    ), inserted AS (
        INSERT INTO docket.events (
            position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
            actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
            payload_digest, metadata_digest, restricted_digest, leaf_hash)
        SELECT f.new_position, s.id, s.stream, f.new_version, s.type, s.schema_version, s.data, s.metadata,
               s.actor, s.authority, s.reason, s.correlation_id, s.causation_id, coalesce(s.occurred_at, v_now), v_now,
               s.payload_digest, s.metadata_digest, s.restricted_digest,
               sha256('\x00'::bytea || docket.leaf_bytes(
                   f.new_position, s.id, s.stream, f.new_version, s.type, s.schema_version,
                   coalesce(s.occurred_at, v_now), v_now, s.actor, s.authority, s.reason,
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
    SELECT b.ord, b.stream, b.expected, b.actual, x.leaves, x.last
    INTO v_result
    FROM (
        SELECT array_agg(i.leaf_hash ORDER BY i.position) AS leaves, max(i.position) AS last
        FROM inserted i
    ) x
    LEFT JOIN bad b ON true;
    IF v_result.ord IS NOT NULL THEN
        RAISE EXCEPTION 'stream % is at version %, but event % of the batch expected %',
            v_result.stream, v_result.actual, v_result.ord, v_result.expected
            USING ERRCODE = 'DK002',
                  DETAIL = json_build_object('index', v_result.ord, 'stream', v_result.stream,
                                             'expected', v_result.expected, 'actual', v_result.actual)::text,
                  HINT = 'read the stream again and decide whether your change still applies';
    END IF;

    IF cardinality(v_result.leaves) > 0 THEN
        v_hashes := docket.extend_tree(v_size, v_hashes, v_result.leaves);
        v_size := v_size + cardinality(v_result.leaves);
        WITH tree AS (UPDATE docket.ledger_head SET size = v_size, hashes = v_hashes)
        UPDATE docket.log_head SET position = v_result.last, recorded_at = v_now;
        PERFORM pg_notify('docket_events', v_result.last::text);
    END IF;

    IF cardinality(v_existing) = 0 THEN
        -- Every event is new: their positions follow the head in input order, and under the lock no
        -- one else has positions after it.
        RETURN QUERY
            SELECT e.event_id, e.position, e.stream_id, e.stream_version, false
            FROM docket.events e
            WHERE e.position > v_head
            ORDER BY e.position;
    ELSE
        RETURN QUERY
            SELECT e.event_id, e.position, e.stream_id, e.stream_version, e.position <= v_head
            FROM pg_temp.docket_staging i
            JOIN (SELECT * FROM docket.events
                  WHERE event_id = ANY(ARRAY(SELECT s.id FROM pg_temp.docket_staging s))) e ON e.event_id = i.id
            ORDER BY i.ord;
    END IF;
    TRUNCATE pg_temp.docket_staging;
END
$$;

