-- The relay claims the oldest rows whose lease has expired (lease_until < now). On the in-memory bus
-- published rows stay in the table for minutes with lease_until at its maximum, ahead of the rows
-- waiting: without this index every claim walked all of them (milliseconds per claim at a few
-- thousand kept rows, inside the database's single writer). With it a claim reads only the rows it
-- may take, and the claim's second statement (rows of this claim, by lease) seeks too.
CREATE INDEX ix_outbox_messages_lease_until ON outbox_messages (lease_until);
