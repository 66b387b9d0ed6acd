-- The audit trail of the service's API: every write, committed (outcome OK, in the same transaction
-- as the change) or refused (its status code and reason, in a small write of its own). Append-only:
-- the API has no way to change or remove a record.
CREATE TABLE audit_records (
    id {autoid},
    occurred_at NVARCHAR(40) NOT NULL,
    caller NVARCHAR(60) NOT NULL,
    method NVARCHAR(200) NOT NULL,
    resource NVARCHAR(200) NOT NULL,
    outcome NVARCHAR(40) NOT NULL,
    reason NVARCHAR(100) NOT NULL,
    trace_id NVARCHAR(32) NOT NULL
);
