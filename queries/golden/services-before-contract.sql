SELECT t0.service AS c1, t0.programme_id AS c2, t3.name AS c3, t0.commenced_on AS c4, t2.id AS c5, t2.awarded_on AS c6, (t2.awarded_on - t0.commenced_on) AS c7
FROM projection.programme_services AS t0
LEFT JOIN projection.programmes AS t1 ON t1.id = t0.programme_id AND t1.valid_to_position IS NULL
JOIN projection.contracts AS t2 ON t2.programme = t1.id AND t2.valid_to_position IS NULL
LEFT JOIN projection.organisations AS t3 ON t3.id = t0.provider AND t3.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND ((t2.provider IS NOT DISTINCT FROM t0.provider) AND ((t0.commenced_on < t2.awarded_on) OR (t0.commenced_on < t2.start_on)))
ORDER BY t0.commenced_on ASC NULLS LAST;
