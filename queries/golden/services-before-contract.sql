SELECT t0.service AS c1, t0.programme_id AS c2, t2.name AS c3, t0.commenced_on AS c4, t1.id AS c5, t1.awarded_on AS c6, (t1.awarded_on - t0.commenced_on) AS c7
FROM projection.programme_services AS t0
JOIN projection.contracts AS t1 ON t1.programme = t0.programme_id AND t1.valid_to_position IS NULL
LEFT JOIN projection.organisations AS t2 ON t2.id = t0.provider AND t2.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND ((t1.provider = t0.provider) AND ((t0.commenced_on < t1.awarded_on) OR (t0.commenced_on < t1.start_on)))
ORDER BY t0.commenced_on ASC NULLS LAST;
