-- How many times a handled message was delivered again (the broker redelivering what a crashed
-- consumer had not acknowledged, a relay republishing after a crash between confirm and delete):
-- each time the inbox drops it and counts it here, so an operator (and the fault-injection command)
-- sees duplicates delivered, as distinct from duplicates applied, which the primary key forbids.
ALTER TABLE inbox_messages ADD redeliveries INT NOT NULL DEFAULT 0;
