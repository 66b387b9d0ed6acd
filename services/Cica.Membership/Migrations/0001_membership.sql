-- Dates are ISO 8601 text of the precision known ("1999", "2022-10-11"): it sorts in date order.
-- Decisions are google.protobuf JSON of cica.common.v1.DecisionReference.
CREATE TABLE member_states (
    country_code NVARCHAR(3) NOT NULL PRIMARY KEY,
    name_en NVARCHAR(200) NOT NULL,
    name_ru NVARCHAR(200) NOT NULL,
    name_kk NVARCHAR(200) NOT NULL,
    accession_date NVARCHAR(10) NOT NULL,
    accession_year INT NOT NULL,
    accession_decision {text} NULL,
    accession_application NVARCHAR(100) NULL
);
CREATE INDEX ix_member_states_accession_year ON member_states (accession_year, country_code);

CREATE TABLE observers (
    observer_id NVARCHAR(50) NOT NULL PRIMARY KEY,
    kind INT NOT NULL,
    country_code NVARCHAR(3) NULL,
    name_en NVARCHAR(200) NOT NULL,
    name_ru NVARCHAR(200) NOT NULL,
    name_kk NVARCHAR(200) NOT NULL,
    status INT NOT NULL,
    granted_on NVARCHAR(10) NULL
);

CREATE TABLE accession_applications (
    application_id NVARCHAR(50) NOT NULL PRIMARY KEY,
    country_code NVARCHAR(3) NOT NULL,
    name_en NVARCHAR(200) NOT NULL,
    name_ru NVARCHAR(200) NOT NULL,
    name_kk NVARCHAR(200) NOT NULL,
    state INT NOT NULL,
    submitted_on NVARCHAR(10) NULL,
    recommendation {text} NULL,
    admission {text} NULL,
    create_time NVARCHAR(40) NOT NULL,
    update_time NVARCHAR(40) NOT NULL,
    version INT NOT NULL
);
CREATE INDEX ix_accession_applications_country ON accession_applications (country_code, state);
CREATE INDEX ix_accession_applications_state ON accession_applications (state, application_id);
