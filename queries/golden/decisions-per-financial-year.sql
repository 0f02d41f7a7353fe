SELECT ((extract(year FROM t0.taken_on)::integer - CASE WHEN extract(month FROM t0.taken_on) < 4 THEN 1 ELSE 0 END)::text || '/' || lpad((((extract(year FROM t0.taken_on)::integer - CASE WHEN extract(month FROM t0.taken_on) < 4 THEN 1 ELSE 0 END) + 1) % 100)::text, 2, '0')) AS c1, count(*) AS c2, sum(t0.approved_amount_pence)::bigint AS c3
FROM projection.decisions AS t0
WHERE t0.valid_to_position IS NULL
  AND (t0.status = $1::text)
GROUP BY ((extract(year FROM t0.taken_on)::integer - CASE WHEN extract(month FROM t0.taken_on) < 4 THEN 1 ELSE 0 END)::text || '/' || lpad((((extract(year FROM t0.taken_on)::integer - CASE WHEN extract(month FROM t0.taken_on) < 4 THEN 1 ELSE 0 END) + 1) % 100)::text, 2, '0'))
ORDER BY ((extract(year FROM t0.taken_on)::integer - CASE WHEN extract(month FROM t0.taken_on) < 4 THEN 1 ELSE 0 END)::text || '/' || lpad((((extract(year FROM t0.taken_on)::integer - CASE WHEN extract(month FROM t0.taken_on) < 4 THEN 1 ELSE 0 END) + 1) % 100)::text, 2, '0')) ASC NULLS LAST;
-- $1 = text "taken"
