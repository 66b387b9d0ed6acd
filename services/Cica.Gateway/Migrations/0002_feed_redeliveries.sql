-- How many times an event already in the feed was delivered again (and dropped): duplicates
-- delivered, counted; the unique message id keeps them from being recorded twice.
ALTER TABLE feed_events ADD redeliveries INT NOT NULL DEFAULT 0;
