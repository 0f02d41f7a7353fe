SELECT t1.name AS c1, t0.member_id AS c2, t0.role AS c3, t0.appointed_on AS c4, t0.ended_on AS c5, t2.role AS c6
FROM projection.body_members AS t0
LEFT JOIN projection.decision_bodies AS t1 ON t1.id = t0.body_id AND t1.valid_to_position IS NULL
LEFT JOIN projection.members AS t2 ON t2.id = t0.member_id AND t2.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
ORDER BY t1.name ASC NULLS LAST, t0.appointed_on ASC NULLS LAST, t0.member_id ASC NULLS LAST;
