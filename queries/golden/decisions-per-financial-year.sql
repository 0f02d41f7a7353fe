SELECT (to_char(t0.taken_on - interval '3 months', 'YYYY') || '/' || to_char(t0.taken_on + interval '9 months', 'YY')) AS c1, count(*) AS c2, sum(t0.approved_amount_pence)::bigint AS c3
FROM projection.decisions AS t0
WHERE t0.valid_to_position IS NULL
  AND (t0.status = $1::text)
GROUP BY (to_char(t0.taken_on - interval '3 months', 'YYYY') || '/' || to_char(t0.taken_on + interval '9 months', 'YY'))
ORDER BY (to_char(t0.taken_on - interval '3 months', 'YYYY') || '/' || to_char(t0.taken_on + interval '9 months', 'YY')) ASC NULLS LAST;
-- $1 = text "taken"
