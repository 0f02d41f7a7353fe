SELECT t0.id AS c1, t0.taken_on AS c2, (e1.value ->> 'member') AS c3, (e1.value ->> 'vote') AS c4, t2.interest_id AS c5, t2.kind AS c6, t3.name AS c7
FROM projection.decisions AS t0
CROSS JOIN LATERAL jsonb_array_elements(t0.votes) AS e1(value)
JOIN projection.interests AS t2 ON t2.member_id = (e1.value ->> 'member') AND t2.valid_to_position IS NULL
LEFT JOIN projection.organisations AS t3 ON t3.id = t2.organisation AND t3.valid_to_position IS NULL
WHERE t0.valid_to_position IS NULL
  AND (t0.status = $1::text)
  AND (((((t0.affected_organisations ? t2.organisation)) AND ((t2.from_on IS NULL) OR (t2.from_on <= t0.taken_on))) AND ((t2.ended_on IS NULL) OR (t2.ended_on > t0.taken_on))) AND NOT coalesce((t0.recusals ? (e1.value ->> 'member')), false))
ORDER BY t0.taken_on ASC NULLS LAST, (e1.value ->> 'member') ASC NULLS LAST;
-- $1 = text "taken"
