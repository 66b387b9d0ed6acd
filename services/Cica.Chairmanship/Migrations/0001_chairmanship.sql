-- Each resource is stored whole as its protobuf encoding (resource), beside the columns that
-- queries select or order by. version counts changes (the etag) and guards conditional updates.
CREATE TABLE chair_terms (
    term_id NVARCHAR(50) NOT NULL PRIMARY KEY,
    country_code NVARCHAR(3) NOT NULL,
    resource {blob} NOT NULL,
    version INT NOT NULL
);

CREATE TABLE meetings (
    meeting_id NVARCHAR(100) NOT NULL PRIMARY KEY,
    kind INT NOT NULL,
    resource {blob} NOT NULL,
    version INT NOT NULL
);
CREATE INDEX ix_meetings_kind ON meetings (kind, meeting_id);

CREATE TABLE decisions (
    decision_id NVARCHAR(100) NOT NULL PRIMARY KEY,
    state INT NOT NULL,
    resource {blob} NOT NULL,
    version INT NOT NULL
);
CREATE INDEX ix_decisions_state ON decisions (state, decision_id);

-- deadline_utc: the deadline's instant as fixed-width ISO 8601 UTC text, so it sorts in time order.
CREATE TABLE silence_procedures (
    procedure_id NVARCHAR(120) NOT NULL PRIMARY KEY,
    decision_id NVARCHAR(100) NOT NULL,
    state INT NOT NULL,
    deadline_utc NVARCHAR(40) NOT NULL,
    resource {blob} NOT NULL,
    version INT NOT NULL
);
CREATE INDEX ix_silence_procedures_due ON silence_procedures (state, deadline_utc);
