-- Appends never compile their statements to machine code (JIT).
--
-- log_head and ledger_head hold one row each, rewritten by every append. Until the first ANALYZE of a
-- new database the planner estimates their rows from their pages, which those rewrites fill before
-- vacuum reclaims them: the locking read of both heads (a cross join) was estimated at millions of rows
-- and a cost above jit_above_cost, so PostgreSQL JIT-compiled it on every single append. `docket bench
-- append` caught it: in some runs single appends took 4 ms instead of 0.6 (255 events/s), and auto_explain
-- showed the lock statement spending its time in JIT. docket.append_staged() already runs without JIT
-- (0009, 0011); the other two appending functions now do too, and the heads start out analyzed.

ALTER FUNCTION docket.append_event(uuid, text, text, integer, text, jsonb, bytea, jsonb, bytea, text, text, text,
                                   uuid, uuid, timestamptz) SET jit = off;
ALTER FUNCTION docket.append(jsonb) SET jit = off;
ANALYZE docket.log_head, docket.ledger_head;
