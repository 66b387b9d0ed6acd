-- Dates are ISO 8601 text of the precision known ("2022", "2022-10", "2022-10-11"): it sorts in
-- date order. Effective dates are always full dates; effective_until is inclusive and NULL while
-- an assignment is open. Decisions are google.protobuf JSON of cica.common.v1.DecisionReference.

-- Identifiers handed out in order (coordinatorAssignments/{n}, activities/{n}). Taking the next
-- one updates the row, which holds the row lock until the write commits: portable and safe.
CREATE TABLE sequences (
    name NVARCHAR(50) NOT NULL PRIMARY KEY,
    last_issued BIGINT NOT NULL
);
INSERT INTO sequences (name, last_issued) VALUES ('coordinator_assignments', 0);
INSERT INTO sequences (name, last_issued) VALUES ('activities', 0);

-- Read model of Membership's member states, fed by MemberStateAdmitted (and the membership seed
-- at first start): only member states can be assigned.
CREATE TABLE member_states (
    country_code NVARCHAR(3) NOT NULL PRIMARY KEY,
    name_en NVARCHAR(200) NOT NULL,
    name_ru NVARCHAR(200) NOT NULL,
    name_kk NVARCHAR(200) NOT NULL,
    accession_date NVARCHAR(10) NOT NULL,
    updated_at NVARCHAR(40) NOT NULL
);

CREATE TABLE dimensions (
    slug NVARCHAR(50) NOT NULL PRIMARY KEY,
    number INT NOT NULL,
    title_en NVARCHAR(300) NOT NULL,
    title_ru NVARCHAR(300) NOT NULL,
    title_kk NVARCHAR(300) NOT NULL
);
CREATE UNIQUE INDEX ux_dimensions_number ON dimensions (number);

-- area_id is the resource id: "economic-8", or "human" for a dimension without numbered areas.
-- sort_order (dimension number * 100 + area number) is the order of the list of coordinators.
CREATE TABLE priority_areas (
    area_id NVARCHAR(60) NOT NULL PRIMARY KEY,
    dimension_slug NVARCHAR(50) NOT NULL REFERENCES dimensions (slug),
    number INT NOT NULL,
    sort_order INT NOT NULL,
    title_en NVARCHAR(300) NOT NULL,
    title_ru NVARCHAR(300) NOT NULL,
    title_kk NVARCHAR(300) NOT NULL
);
CREATE UNIQUE INDEX ux_priority_areas_sort_order ON priority_areas (sort_order);

-- Never overwritten: an amendment sets effective_until (and ended_by) of one row and adds another.
CREATE TABLE coordinator_assignments (
    assignment_id BIGINT NOT NULL PRIMARY KEY,
    area_id NVARCHAR(60) NOT NULL REFERENCES priority_areas (area_id),
    country_code NVARCHAR(3) NOT NULL,
    role INT NOT NULL,
    term_start NVARCHAR(10) NULL,
    term_end NVARCHAR(10) NULL,
    decision {text} NOT NULL,
    effective_from NVARCHAR(10) NOT NULL,
    effective_until NVARCHAR(10) NULL,
    ended_by {text} NULL,
    replaces BIGINT NULL,
    create_time NVARCHAR(40) NOT NULL,
    update_time NVARCHAR(40) NOT NULL
);
CREATE INDEX ix_coordinator_assignments_area ON coordinator_assignments (area_id, country_code, role);
CREATE INDEX ix_coordinator_assignments_country ON coordinator_assignments (country_code, effective_from);

-- date_first/date_last: the first and last day the (possibly partial) date may denote.
CREATE TABLE activities (
    activity_id BIGINT NOT NULL PRIMARY KEY,
    area_id NVARCHAR(60) NOT NULL REFERENCES priority_areas (area_id),
    title_en NVARCHAR(500) NOT NULL,
    title_ru NVARCHAR(500) NOT NULL,
    title_kk NVARCHAR(500) NOT NULL,
    description NVARCHAR(2000) NOT NULL,
    kind INT NOT NULL,
    activity_date NVARCHAR(10) NOT NULL,
    activity_year INT NOT NULL,
    date_first NVARCHAR(10) NOT NULL,
    date_last NVARCHAR(10) NOT NULL,
    status INT NOT NULL,
    outcome {text} NOT NULL,
    documents {text} NOT NULL,
    reported_by_kind INT NOT NULL,
    reported_by_country NVARCHAR(3) NULL,
    create_time NVARCHAR(40) NOT NULL,
    update_time NVARCHAR(40) NOT NULL,
    version INT NOT NULL
);
CREATE INDEX ix_activities_date ON activities (activity_date, activity_id);
CREATE INDEX ix_activities_area ON activities (area_id, activity_date, activity_id);
