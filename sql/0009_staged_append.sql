-- Batches through COPY: the same contract as docket.append(jsonb) (checks, errors, result), with the input
-- sent as rows instead of one JSON document.
--
-- A batch of a thousand events spent a fifth of docket.append()'s time parsing its JSON document and
-- taking it apart into records, and most of its insert unpacking arrays of those records. Here the client
-- COPYs the batch into a temporary table of its session, and docket.append_staged() works on that table
-- with set-based statements: one checks the input's shape, one numbers the new events and inserts them
-- with their leaf hashes, stream versions and restricted parts.
--
-- Usage, in one transaction:
--     SELECT docket.open_staging();
--     COPY pg_temp.docket_staging FROM STDIN;     -- the columns of docket.append_item, ord = 1..n
--     SELECT * FROM docket.append_staged();
--
-- The staging table is created by docket.open_staging() (SECURITY DEFINER), so it belongs to the owner of
-- these functions and the caller may only INSERT into it: no caller can hang a trigger or rule on the table
-- docket.append_staged() reads. Temporary tables are private to their session, so the grant to PUBLIC
-- reaches no one else. docket.append_staged() refuses a pg_temp.docket_staging that is not the one
-- docket.open_staging() made.

-- The RFC 6962 tree of `p_size` leaves, whose right edge is `p_hashes`, extended by `p_leaves`: returns the
-- new right edge and stores every completed subtree of 256 leaves or more in docket.ledger_nodes. The same
-- algorithm as the loop in docket.append() (0005), for the functions that came after it. The caller holds
-- the log's lock and updates docket.ledger_head.
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

-- Whether an input event is malformed, field by field: docket.append_item_malformed() applied to a table's
-- row would build the whole row, payload included, for every field it reads. (That function now asks this
-- one, so the rule is written once.)
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

CREATE OR REPLACE FUNCTION docket.append_item_malformed(i docket.append_item) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN docket.event_malformed(i.id, i.stream, i.type, i.schema_version, i.data, i.metadata, i.expected,
                                  i.payload_digest, i.metadata_digest, i.restricted, i.restricted_salt,
                                  i.restricted_digest);

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
    v_bad       record;
    v_result    record;
BEGIN
    IF v_table IS NULL OR NOT docket.is_own_staging(v_table) THEN
        RAISE EXCEPTION 'nothing is staged: call docket.open_staging() and COPY the batch into pg_temp.docket_staging first'
            USING ERRCODE = 'DK003';
    END IF;

    SELECT count(*), min(s.ord), max(s.ord) INTO v_count, v_first, v_final FROM pg_temp.docket_staging s;
    IF v_count = 0 THEN
        RETURN;
    END IF;
    IF v_first <> 1 OR v_final <> v_count THEN
        RAISE EXCEPTION 'staged events must be numbered 1 to %, in the order they are to be appended', v_count
            USING ERRCODE = 'DK003';
    END IF;

    -- The defaults docket.append() gives a missing field.
    UPDATE pg_temp.docket_staging s
    SET metadata = coalesce(s.metadata, '{}'), schema_version = coalesce(s.schema_version, 1),
        expected = coalesce(s.expected, 'any')
    WHERE s.metadata IS NULL OR s.schema_version IS NULL OR s.expected IS NULL;

    -- The input's shape, before the lock (as in docket.append).
    SELECT w.ord, w.id, w.expected, w.malformed INTO v_bad
    FROM (
        SELECT s.ord, s.id, s.expected,
               docket.event_malformed(s.id, s.stream, s.type, s.schema_version, s.data, s.metadata, s.expected,
                                      s.payload_digest, s.metadata_digest, s.restricted, s.restricted_salt,
                                      s.restricted_digest) AS malformed,
               count(*) OVER (PARTITION BY s.id) AS copies
        FROM pg_temp.docket_staging s
    ) w
    WHERE w.malformed OR w.copies > 1
    ORDER BY w.malformed DESC, w.ord LIMIT 1;
    IF FOUND THEN
        IF NOT v_bad.malformed THEN
            RAISE EXCEPTION 'event id % appears twice in one batch', v_bad.id USING ERRCODE = 'DK003',
                DETAIL = json_build_object('id', v_bad.id)::text;
        END IF;
        RAISE EXCEPTION 'event % of the batch is malformed', v_bad.ord USING ERRCODE = 'DK003',
            DETAIL = json_build_object('index', v_bad.ord, 'id', v_bad.id, 'expected', v_bad.expected)::text;
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
               CASE WHEN i.is_new THEN v_head + row_number() OVER (PARTITION BY i.is_new ORDER BY i.ord) END AS new_position
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
        SELECT s.*, n.new_version, n.new_position
        FROM numbered n JOIN pg_temp.docket_staging s ON s.ord = n.ord
        WHERE n.is_new AND NOT EXISTS (SELECT FROM bad)
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
        ORDER BY f.new_position
        RETURNING position, event_id, stream_id, stream_version, leaf_hash
    ), restricted AS (
        INSERT INTO docket.event_restricted (position, salt, fields)
        SELECT f.new_position, f.restricted_salt, f.restricted FROM fresh f WHERE f.restricted IS NOT NULL
    ), streams AS (
        INSERT INTO docket.streams (stream_id, version)
        SELECT f.stream, max(f.new_version) FROM fresh f GROUP BY f.stream
        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version
    )
    SELECT b.ord, b.stream, b.expected, b.actual, x.leaves, x.last, x.ids, x.streams, x.versions
    INTO v_result
    FROM (
        SELECT array_agg(i.leaf_hash ORDER BY i.position) AS leaves, max(i.position) AS last,
               array_agg(i.event_id ORDER BY i.position) AS ids, array_agg(i.stream_id ORDER BY i.position) AS streams,
               array_agg(i.stream_version ORDER BY i.position) AS versions
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
        -- Every event is new: their positions follow the head in input order.
        RETURN QUERY
            SELECT z.id, v_head + z.k, z.stream, z.version, false
            FROM unnest(v_result.ids, v_result.streams, v_result.versions) WITH ORDINALITY AS z(id, stream, version, k)
            ORDER BY z.k;
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

REVOKE ALL ON FUNCTION docket.open_staging(), docket.append_staged(), docket.is_own_staging(regclass),
    docket.extend_tree(bigint, bytea[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION docket.open_staging(), docket.append_staged() TO docket_writer;
