-- On the in-memory bus (the one-process default) "published" means handed to an in-process queue,
-- not yet handled: the relay keeps such a row, stamped with when it went out (unix milliseconds),
-- re-publishes what it kept at the next start (the consumers' inbox drops what they had handled)
-- and removes it once it is older than Messaging:Outbox:KeepPublishedInMemory.
ALTER TABLE outbox_messages ADD published_at BIGINT NULL;
