SELECT t0.rule AS c1, count(*) AS c2, min(t0.first_position) AS c3, max(t0.last_position) AS c4
FROM projection.findings AS t0
GROUP BY t0.rule
ORDER BY count(*) DESC NULLS LAST, t0.rule ASC NULLS LAST;
