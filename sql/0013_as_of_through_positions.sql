-- "One row as the ledger stood at time T" is answered through the primary key, (id, valid_from_position);
-- the twelve (id, valid_from) indexes that served it are dropped.
--
-- Every appending function stamps recorded_at as greatest(clock_timestamp(), the head's last recorded_at),
-- under the lock that assigns positions, so recorded time never decreases along the log. A row's versions
-- in valid_from order are therefore its versions in valid_from_position order, and the as-of-time query
-- can walk the primary key backwards:
--
--   SELECT * FROM projection.decisions
--    WHERE id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
--    ORDER BY valid_from_position DESC LIMIT 1;
--
-- (an index scan of decisions_pkey on id = $1, newest version first, stopping at the first that matches).
-- The dropped indexes held the same keys in the same order a second time: every worker batch maintained
-- them, and every `docket projections rebuild` built them again (12 of the 45 index builds after a replay).
-- Every allocation as of T still uses the GiST index allocations_valid_during.

DROP INDEX projection.organisations_id_valid_from;
DROP INDEX projection.programmes_id_valid_from;
DROP INDEX projection.decisions_id_valid_from;
DROP INDEX projection.consultations_id_valid_from;
DROP INDEX projection.consultation_responses_id_valid_from;
DROP INDEX projection.allocations_id_valid_from;
DROP INDEX projection.contracts_id_valid_from;
DROP INDEX projection.interests_id_valid_from;
DROP INDEX projection.programme_stages_id_valid_from;
DROP INDEX projection.programme_services_id_valid_from;
DROP INDEX projection.contract_notices_id_valid_from;
DROP INDEX projection.contract_reviews_id_valid_from;
