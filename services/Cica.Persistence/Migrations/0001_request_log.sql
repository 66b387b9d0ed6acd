-- Results of writes that carried a request_id, so that a retried call returns the first result
-- instead of doing the work twice.
CREATE TABLE request_log (
    operation NVARCHAR(100) NOT NULL,
    request_id NVARCHAR(64) NOT NULL,
    fingerprint NVARCHAR(64) NOT NULL,
    response {blob} NOT NULL,
    created_at NVARCHAR(40) NOT NULL,
    PRIMARY KEY (operation, request_id)
);
