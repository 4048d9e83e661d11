-- Issue 9: the outbox's claim walks outbox_channel_unfinished_idx in order and stops at its limit
-- (OutboxDao.steerClaimPlan). These two indexes only served the bitmap scan it used before; every
-- reply wrote an entry in the first, every claim one in the second, and a bitmap scan never marks
-- the entries of rows long sent, so they grew with every reply until a vacuum.
DROP INDEX outbox_pending_due_idx;
DROP INDEX outbox_sending_lease_idx;
