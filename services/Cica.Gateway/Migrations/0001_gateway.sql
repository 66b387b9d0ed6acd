-- The live feed's log: every platform event the gateway received, in the order it recorded them.
-- sequence is the subscribers' cursor: an identity that is never reused, even after retention
-- removes the rows before it.
CREATE TABLE feed_events (
    sequence {autoid},
    message_id NVARCHAR(36) NOT NULL,
    event_type NVARCHAR(200) NOT NULL,
    country_code NVARCHAR(3) NULL,
    priority_area NVARCHAR(200) NULL,
    payload {blob} NOT NULL,
    received_at NVARCHAR(40) NOT NULL
);
CREATE UNIQUE INDEX ux_feed_events_message_id ON feed_events (message_id);
CREATE INDEX ix_feed_events_received_at ON feed_events (received_at);

-- How far retention has removed events: a cursor before purged_through has lost events.
CREATE TABLE feed_retention (
    id INT NOT NULL PRIMARY KEY,
    purged_through BIGINT NOT NULL
);
INSERT INTO feed_retention (id, purged_through) VALUES (1, 0);
