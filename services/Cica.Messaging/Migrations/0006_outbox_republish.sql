-- On RabbitMQ the relay keeps a published row for Messaging:Outbox:RepublishWindow (published_at
-- set, a lease that never ends, so the claim's lease index never reaches it): when the broker comes
-- back without its data, the rows published within the window go out again. This index serves that
-- republish (published_at >= a moment), the retention service's removal of rows past the window
-- (oldest first, in small batches) and the backlog gauge (published_at IS NULL).
CREATE INDEX ix_outbox_messages_published_at ON outbox_messages (published_at);

-- The consumer queues (of the platform's catalog) the relays of this database have seen on the
-- broker: after the broker lost its data, an event type waits until each of its consumers' queues
-- seen here exists again, also when the relay restarted meanwhile. A queue of a service the
-- deployment never ran is never seen, so never waited for.
CREATE TABLE outbox_consumer_queues (
    queue_name NVARCHAR(200) NOT NULL PRIMARY KEY,
    seen_at NVARCHAR(40) NOT NULL
);
