-- Events waiting to be published, written in the same transaction as the change that caused
-- them; the relay deletes a row only once the broker has confirmed the message.
CREATE TABLE outbox_messages (
    sequence {autoid},
    message_id NVARCHAR(36) NOT NULL,
    message_type NVARCHAR(200) NOT NULL,
    payload {blob} NOT NULL,
    trace_parent NVARCHAR(100) NULL,
    trace_state NVARCHAR(512) NULL,
    created_at NVARCHAR(40) NOT NULL
);
CREATE UNIQUE INDEX ux_outbox_messages_message_id ON outbox_messages (message_id);

-- Messages a consumer has handled, so a redelivered message changes nothing.
CREATE TABLE inbox_messages (
    message_id NVARCHAR(36) NOT NULL,
    consumer NVARCHAR(200) NOT NULL,
    received_at NVARCHAR(40) NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
