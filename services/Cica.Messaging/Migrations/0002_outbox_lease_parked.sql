-- Delivery bookkeeping of the outbox (issue 7). A relay claims rows by writing its lease (owner and
-- expiry, unix milliseconds) under the write lock; another relay takes only rows whose lease has
-- expired, so one relay publishes a row at a time whatever the number of instances. attempts counts
-- failures of the row itself (unknown type, payload the serializer refuses), returns counts the
-- times the broker returned it unroutable (no queue bound).
ALTER TABLE outbox_messages ADD lease_owner NVARCHAR(36) NULL;
ALTER TABLE outbox_messages ADD lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox_messages ADD attempts INT NOT NULL DEFAULT 0;
ALTER TABLE outbox_messages ADD returns INT NOT NULL DEFAULT 0;
ALTER TABLE outbox_messages ADD last_error {text} NULL;

-- Rows the relay gave up on, with the reason: out of the way of the rows behind them, kept until an
-- operator re-drives (back into the outbox, behind what is there) or discards them.
CREATE TABLE outbox_parked (
    sequence BIGINT NOT NULL PRIMARY KEY,
    message_id NVARCHAR(36) NOT NULL,
    message_type NVARCHAR(200) NOT NULL,
    payload {blob} NOT NULL,
    trace_parent NVARCHAR(100) NULL,
    trace_state NVARCHAR(512) NULL,
    created_at NVARCHAR(40) NOT NULL,
    parked_at NVARCHAR(40) NOT NULL,
    attempts INT NOT NULL,
    reason {text} NOT NULL
);
CREATE INDEX ix_inbox_messages_received_at ON inbox_messages (received_at);
