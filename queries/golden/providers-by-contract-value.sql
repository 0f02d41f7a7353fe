SELECT t1.name AS c1, count(*) AS c2, sum(t0.value_pence)::bigint AS c3
FROM projection.contracts AS t0
LEFT JOIN projection.organisations AS t1 ON t1.id = t0.provider AND t1.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND NOT t0.is_retracted
GROUP BY t1.name
ORDER BY sum(t0.value_pence)::bigint DESC NULLS LAST;
