-- What the ledger accepts in a stream the domain owns (Sources/Commissioning/Catalogue/DomainEventRules.swift).
--
-- Guarantees. An event in a stream named `<kind>-<id>`, for a kind in docket.domain_stream_kinds, is one
-- the read models can apply: its id a valid slug, its type one of the kind's (or a correction or
-- retraction), the stream begun by one of the kind's opening events and by nothing else, and its payload
-- the type's fields: none the type does not have (personal fields travel apart, in the restricted part),
-- every required one, each of its JSON kind and, for ids, dates, financial years, event ids and closed
-- lists, of its form, its own id (`organisation` in an organisation's events) the stream's. Every
-- appending function (0004) asks docket.domain_event_fits(), and for a misfit docket.domain_event_problem(),
-- under the same lock that numbers the events, so no way in, SQL included, bypasses the rules. Streams of
-- other names are kept and verified like any other, and are outside the read models.
--
-- The rules themselves are rows, generated from the event catalogue (0006_domain_catalogue.sql); a
-- change to the catalogue comes with a migration that replaces them.

-- The stream kinds the domain owns: a stream `<kind>-<id>` of one of these is the domain's.
CREATE TABLE docket.domain_stream_kinds (
    kind text PRIMARY KEY
);

CREATE TABLE docket.domain_event_rules (
    stream_kind    text    NOT NULL REFERENCES docket.domain_stream_kinds,
    event_type     text    NOT NULL,
    schema_version integer NOT NULL,
    -- May begin a stream (creates its aggregate) ...
    opens_stream   boolean NOT NULL,
    -- ... and may do nothing else.
    only_first     boolean NOT NULL,
    -- The payload's fields, and one SQL/JSON path predicate that holds exactly when every required one is
    -- there and each is of its kind and form (DomainEventRules.jsonPath): the test every event takes, in C.
    field_names    text[]   NOT NULL,
    fits           jsonpath NOT NULL,
    PRIMARY KEY (stream_kind, event_type)
);

-- The payload fields of each (kind, type). kind is a JSON kind (string, integer, number, boolean, array,
-- object); form a form of text (docket.text_has_form); element_* the kind and form of an array's scalars.
CREATE TABLE docket.domain_event_fields (
    stream_kind  text    NOT NULL,
    event_type   text    NOT NULL,
    name         text    NOT NULL,
    kind         text    NOT NULL,
    required     boolean NOT NULL,
    form         text,
    choices      text[],
    element_kind text,
    element_form text,
    PRIMARY KEY (stream_kind, event_type, name),
    FOREIGN KEY (stream_kind, event_type) REFERENCES docket.domain_event_rules
);

REVOKE ALL ON docket.domain_stream_kinds, docket.domain_event_rules, docket.domain_event_fields FROM PUBLIC;
GRANT SELECT ON docket.domain_stream_kinds, docket.domain_event_rules, docket.domain_event_fields TO docket_reader;

-- The exact test of dates, timestamps and financial years by (kind, type): generated with the rules
-- (0006_domain_catalogue.sql replaces this), as one CASE the planner inlines.
CREATE FUNCTION docket.domain_forms_hold(p_kind text, p_type text, p_data jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN true;

-- Whether an event fits `r`, the rule of its stream's kind and its type (NULL when there is none), as
-- version `p_version` of `p_stream`. Every appending function joins each new event of a domain stream with
-- its rule and asks this; only for an event that does not fit does docket.domain_event_problem() say
-- why. One expression, so the planner inlines it into the appending statement.
CREATE FUNCTION docket.domain_event_fits(
    r docket.domain_event_rules, p_stream text, p_schema_version integer, p_data jsonb, p_version bigint
) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN r.event_type IS NOT NULL
        AND substr(p_stream, strpos(p_stream, '-') + 1) ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'
        AND length(p_stream) - strpos(p_stream, '-') <= 64
        AND r.schema_version = p_schema_version
        AND CASE WHEN p_version = 1 THEN r.opens_stream ELSE NOT r.only_first END
        AND (p_data - r.field_names) = '{}'::jsonb
        AND coalesce(p_data @@ r.fits, false)
        AND (jsonb_typeof(p_data -> r.stream_kind) IS DISTINCT FROM 'string'
             OR p_data ->> r.stream_kind = substr(p_stream, strpos(p_stream, '-') + 1))
        AND coalesce(docket.domain_forms_hold(r.stream_kind, r.event_type, p_data), false);

-- Whether `v` is a day that exists, YYYY-MM-DD, in the years 1900–2199 (as Day.parse).
CREATE FUNCTION docket.is_date(v text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN v ~ '^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
        AND substr(v, 9, 2)::integer <= CASE substr(v, 6, 2)
            WHEN '02' THEN CASE WHEN (substr(v, 1, 4)::integer % 4 = 0 AND substr(v, 1, 4)::integer % 100 <> 0)
                                  OR substr(v, 1, 4)::integer % 400 = 0 THEN 29 ELSE 28 END
            WHEN '04' THEN 30 WHEN '06' THEN 30 WHEN '09' THEN 30 WHEN '11' THEN 30
            ELSE 31 END;

-- Whether the text `v` has the form `form` (as DomainEventRules.matches).
CREATE FUNCTION docket.text_has_form(v text, form text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN CASE form
        WHEN 'nonempty' THEN v <> ''
        WHEN 'slug' THEN v ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'
        WHEN 'date' THEN docket.is_date(v)
        WHEN 'timestamp' THEN docket.is_date(left(v, 10)) AND (length(v) = 10
            OR substr(v, 11) ~ '^[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$')
        WHEN 'financial-year' THEN v ~ '^[0-9]{4}/[0-9]{2}$' AND substr(v, 1, 4)::integer BETWEEN 1948 AND 2199
            AND (substr(v, 1, 4)::integer + 1) % 100 = substr(v, 6, 2)::integer
        WHEN 'uuid' THEN v ~ '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$'
        ELSE false
    END;

-- Whether the JSON value `v` is of the kind `kind` and, for a string, of the form `form` and one of
-- `choices` when given.
CREATE FUNCTION docket.json_fits(v jsonb, kind text, form text, choices text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN CASE kind
        WHEN 'string' THEN jsonb_typeof(v) = 'string'
            AND (form IS NULL OR docket.text_has_form(v #>> '{}', form))
            AND (choices IS NULL OR (v #>> '{}') = ANY(choices))
        WHEN 'integer' THEN jsonb_typeof(v) = 'number' AND (v #>> '{}')::numeric % 1 = 0
            AND abs((v #>> '{}')::numeric) <= 9007199254740992
        WHEN 'number' THEN jsonb_typeof(v) = 'number'
        WHEN 'boolean' THEN jsonb_typeof(v) = 'boolean'
        WHEN 'array' THEN jsonb_typeof(v) = 'array'
        ELSE jsonb_typeof(v) = 'object'
    END;

-- Why the domain could not apply an event of `p_type` with payload `p_data` as version `p_version` of
-- `p_stream`, as {"field": …, "message": …}; NULL when it can, or when the stream is not the domain's.
-- One statement, so callers' plans include it.
CREATE FUNCTION docket.domain_event_problem(
    p_stream text, p_type text, p_schema_version integer, p_data jsonb, p_version bigint
) RETURNS jsonb
    LANGUAGE sql STABLE COST 10000
BEGIN ATOMIC
    SELECT CASE
        WHEN NOT EXISTS (SELECT FROM docket.domain_stream_kinds k WHERE k.kind = x.kind) THEN NULL
        WHEN x.slug !~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$' THEN jsonb_build_object('field', 'stream', 'message',
            format('''%s'' after ''%s-'' is not an id: it must be 1–64 characters of a–z, 0–9 and ''-'', starting and ending with a letter or digit', left(x.slug, 80), x.kind))
        WHEN r.event_type IS NULL THEN jsonb_build_object('field', 'type', 'message',
            format('''%s'' is not an event type of %s streams; those are %s', left(p_type, 80), x.kind,
                   (SELECT string_agg(t.event_type, ', ' ORDER BY t.event_type) FROM docket.domain_event_rules t
                     WHERE t.stream_kind = x.kind)))
        WHEN r.schema_version <> p_schema_version THEN jsonb_build_object('field', 'schemaVersion', 'message',
            format('%s has schema version %s, not %s', p_type, r.schema_version, p_schema_version))
        WHEN p_version = 1 AND NOT r.opens_stream THEN jsonb_build_object('field', 'type', 'message',
            format('%s streams begin with %s, not %s', x.kind,
                   (SELECT string_agg(o.event_type, ' or ' ORDER BY o.event_type) FROM docket.domain_event_rules o
                     WHERE o.stream_kind = x.kind AND o.opens_stream), p_type))
        WHEN p_version > 1 AND r.only_first THEN jsonb_build_object('field', 'type', 'message',
            format('%s can only begin a stream, and %s already has events', p_type, p_stream))
        ELSE (
            SELECT jsonb_build_object('field', 'data.' || p.name, 'message', p.message)
            FROM (
                SELECT k.key AS name, format('%s has no field ''%s''', p_type, k.key) AS message, 0 AS rank
                FROM jsonb_object_keys(p_data) AS k(key)
                WHERE NOT EXISTS (SELECT FROM docket.domain_event_fields f
                                  WHERE f.stream_kind = x.kind AND f.event_type = p_type AND f.name = k.key)
                UNION ALL
                SELECT f.name, CASE
                        WHEN v.value IS NULL OR jsonb_typeof(v.value) = 'null' THEN format('required by %s', p_type)
                        WHEN f.choices IS NOT NULL AND jsonb_typeof(v.value) = 'string' AND NOT ((v.value #>> '{}') = ANY(f.choices))
                            THEN format('expected one of %s; found ''%s''', array_to_string(f.choices, ', '), left(v.value #>> '{}', 80))
                        ELSE format('%s is not a valid %s%s', left(v.value::text, 80), f.kind, coalesce(' (' || f.form || ')', ''))
                    END, 1
                FROM docket.domain_event_fields f
                LEFT JOIN LATERAL (SELECT p_data -> f.name AS value) v ON true
                WHERE f.stream_kind = x.kind AND f.event_type = p_type
                  AND CASE WHEN v.value IS NULL OR jsonb_typeof(v.value) = 'null' THEN f.required
                           ELSE NOT docket.json_fits(v.value, f.kind, f.form, f.choices)
                             OR (f.element_kind IS NOT NULL AND jsonb_typeof(v.value) = 'array' AND EXISTS (
                                 SELECT FROM jsonb_array_elements(v.value) e(item)
                                 WHERE NOT docket.json_fits(e.item, f.element_kind, f.element_form, NULL)))
                      END
                UNION ALL
                -- The payload's own id (`organisation` in an organisation's events) is the stream's.
                SELECT x.kind, format('names %s ''%s'', but the event is in stream %s', x.kind, left(p_data ->> x.kind, 80), p_stream), 2
                WHERE jsonb_typeof(p_data -> x.kind) = 'string' AND p_data ->> x.kind <> x.slug
            ) p
            ORDER BY p.rank, p.name LIMIT 1)
    END
    FROM (SELECT split_part(p_stream, '-', 1) AS kind, substr(p_stream, strpos(p_stream, '-') + 1) AS slug
          WHERE strpos(p_stream, '-') > 0) x
    LEFT JOIN docket.domain_event_rules r ON r.stream_kind = x.kind AND r.event_type = p_type;
END;

-- Raises the refusal of event `p_ord` of a batch (docket.domain_event_problem's result).
CREATE FUNCTION docket.raise_domain_refusal(p_ord bigint, p_id uuid, p_stream text, p_type text, p_problem jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event % of the batch (% in stream %) is not one the domain can apply: %: %', p_ord, p_type, p_stream,
        p_problem ->> 'field', p_problem ->> 'message'
        USING ERRCODE = 'DK004',
              DETAIL = json_build_object('index', p_ord, 'id', p_id, 'stream', p_stream, 'type', p_type,
                                         'field', p_problem ->> 'field', 'message', p_problem ->> 'message')::text,
              HINT = 'docs/domain-events.md lists each stream kind''s events and their fields; record commissioning facts with docket record';
END
$$;

REVOKE ALL ON FUNCTION docket.is_date(text), docket.text_has_form(text, text), docket.json_fits(jsonb, text, text, text[]),
    docket.domain_event_problem(text, text, integer, jsonb, bigint),
    docket.domain_event_fits(docket.domain_event_rules, text, integer, jsonb, bigint),
    docket.domain_forms_hold(text, text, jsonb),
    docket.raise_domain_refusal(bigint, uuid, text, text, jsonb) FROM PUBLIC;
