-- docket.append_event(): the same contract, waiting for the log as a table lock instead of a row lock.
--
-- 0010 locked the rows of both heads with SELECT ... FOR UPDATE. Under contention that is expensive: a
-- waiter queues for the tuple lock, then for the holder's transaction, and once woken re-evaluates its
-- whole locking query against the heads' newest versions (EvalPlanQual, which initialises the plan
-- again). With 4 clients each append cost 1.2-1.3 M instructions in the server against 0.93 M with one
-- (perf stat, pgbench). Waiting instead for LOCK TABLE docket.log_head IN EXCLUSIVE MODE is one queue
-- in the lock manager and nothing to re-evaluate: 4 clients cost 0.90-0.93 M per append, and the read of
-- the heads joins the read of the stream and the id, one statement fewer.
--
-- EXCLUSIVE conflicts with the ROW SHARE and ROW EXCLUSIVE locks that docket.append() and
-- docket.append_staged() hold on log_head from their FOR UPDATE, so all three still serialise, each
-- waiting for the one before it to commit, and plain reads of the head (ACCESS SHARE) never wait.
-- Autovacuum skips a table it cannot lock at once; HOT pruning keeps the one-row head small without it.

CREATE OR REPLACE FUNCTION docket.append_event(
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
    v_head     bigint;
    v_last_at  timestamptz;
    v_now      timestamptz;
    v_size     bigint;
    v_hashes   bytea[];
    v_version  bigint;
    v_dup_at   bigint;   -- the position of an event already logged under p_id, if any
    v_dup_of   text;
    v_dup_ver  bigint;
    v_dup_same boolean;
    v_occurred timestamptz;
    v_leaf     bytea;
BEGIN
    -- The defaults docket.append() gives a missing field.
    p_metadata := coalesce(p_metadata, '{}');
    p_schema_version := coalesce(p_schema_version, 1);
    p_expected := coalesce(p_expected, 'any');
    IF docket.event_malformed(p_id, p_stream, p_type, p_schema_version, p_data, p_metadata, p_expected,
                              p_payload_digest, p_metadata_digest, NULL, NULL, NULL) THEN
        RAISE EXCEPTION 'event 1 of the batch is malformed' USING ERRCODE = 'DK003',
            DETAIL = json_build_object('index', 1, 'id', p_id, 'expected', p_expected)::text;
    END IF;

    -- Serialise. The table lock conflicts with the row lock that docket.append() and docket.append_staged()
    -- take on the head, and with itself, so every appender still waits for the one before it to commit.
    LOCK TABLE docket.log_head IN EXCLUSIVE MODE;

    -- A new statement, so a new snapshot: it sees everything committed before the lock was granted.
    SELECT h.position, h.recorded_at, l.size, l.hashes, coalesce(s.version, 0), e.position, e.stream_id, e.stream_version,
           e.stream_id = p_stream AND e.event_type = p_type AND e.schema_version = p_schema_version
               AND e.payload = p_data AND e.metadata = p_metadata
               AND e.actor IS NOT DISTINCT FROM p_actor AND e.authority IS NOT DISTINCT FROM p_authority
               AND e.reason IS NOT DISTINCT FROM p_reason
               AND e.correlation_id IS NOT DISTINCT FROM p_correlation_id
               AND e.causation_id IS NOT DISTINCT FROM p_causation_id
               AND (p_occurred_at IS NULL OR e.occurred_at = p_occurred_at)
               AND NOT EXISTS (SELECT FROM docket.event_restricted r WHERE r.position = e.position)
    INTO v_head, v_last_at, v_size, v_hashes, v_version, v_dup_at, v_dup_of, v_dup_ver, v_dup_same
    FROM docket.log_head h CROSS JOIN docket.ledger_head l
    LEFT JOIN docket.streams s ON s.stream_id = p_stream
    LEFT JOIN docket.events e ON e.event_id = p_id;
    IF v_size <> v_head THEN
        RAISE EXCEPTION 'the ledger holds % leaves but the log % events', v_size, v_head USING ERRCODE = 'DK020';
    END IF;

    -- Idempotency: an id already in the log must carry the same content; then nothing is written.
    IF v_dup_at IS NOT NULL THEN
        IF NOT v_dup_same THEN
            RAISE EXCEPTION 'event % was already appended at position % with different content', p_id, v_dup_at
                USING ERRCODE = 'DK001',
                      DETAIL = json_build_object('index', 1, 'id', p_id, 'position', v_dup_at)::text,
                      HINT = 'give a new event a new id; retry an append only with identical content';
        END IF;
        event_id := p_id;
        "position" := v_dup_at;
        stream_id := v_dup_of;
        stream_version := v_dup_ver;
        is_duplicate := true;
        RETURN;
    END IF;

    IF NOT docket.expectation_met(p_expected, v_version) THEN
        RAISE EXCEPTION 'stream % is at version %, but event 1 of the batch expected %', p_stream, v_version, p_expected
            USING ERRCODE = 'DK002',
                  DETAIL = json_build_object('index', 1, 'stream', p_stream,
                                             'expected', p_expected, 'actual', v_version)::text,
                  HINT = 'read the stream again and decide whether your change still applies';
    END IF;

    v_version := v_version + 1;
    v_now := greatest(clock_timestamp(), v_last_at);
    v_occurred := coalesce(p_occurred_at, v_now);
    v_leaf := sha256('\x00'::bytea || docket.leaf_bytes(
        v_head + 1, p_id, p_stream, v_version, p_type, p_schema_version, v_occurred, v_now,
        p_actor, p_authority, p_reason, p_correlation_id, p_causation_id, p_metadata_digest, p_payload_digest, NULL));

    v_hashes := docket.extend_tree(v_size, v_hashes, ARRAY[v_leaf]);

    WITH log AS (
        UPDATE docket.log_head SET position = v_head + 1, recorded_at = v_now
    ), tree AS (
        UPDATE docket.ledger_head SET size = v_size + 1, hashes = v_hashes
    ), stream AS (
        INSERT INTO docket.streams AS s (stream_id, version) VALUES (p_stream, v_version)
        ON CONFLICT ON CONSTRAINT streams_pkey DO UPDATE SET version = excluded.version
    )
    INSERT INTO docket.events AS e (
        position, event_id, stream_id, stream_version, event_type, schema_version, payload, metadata,
        actor, authority, reason, correlation_id, causation_id, occurred_at, recorded_at,
        payload_digest, metadata_digest, restricted_digest, leaf_hash)
    VALUES (v_head + 1, p_id, p_stream, v_version, p_type, p_schema_version, p_data, p_metadata,
            p_actor, p_authority, p_reason, p_correlation_id, p_causation_id, v_occurred, v_now,
            p_payload_digest, p_metadata_digest, NULL, v_leaf);
    -- A wake-up for tailing readers; they never rely on it alone.
    PERFORM pg_notify('docket_events', (v_head + 1)::text);

    event_id := p_id;
    "position" := v_head + 1;
    stream_id := p_stream;
    stream_version := v_version;
    is_duplicate := false;
END
$$;

