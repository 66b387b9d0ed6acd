-- Dates are ISO 8601 text of the precision known ("2022", "2022-10-11"); period_first/period_last
-- are the first and last day a (possibly partial) period may denote, for overlap filters.
-- Decisions are google.protobuf JSON of cica.common.v1.DecisionReference.

-- Identifiers handed out in order (policyDocuments/{n}, search passages).
CREATE TABLE sequences (
    name NVARCHAR(50) NOT NULL PRIMARY KEY,
    last_issued BIGINT NOT NULL
);
INSERT INTO sequences (name, last_issued) VALUES ('policy_documents', 0);
INSERT INTO sequences (name, last_issued) VALUES ('search_passages', 0);

-- languages: the current revision's languages as ",en,ru," (filtered with LIKE '%,en,%').
CREATE TABLE policy_documents (
    document_id BIGINT NOT NULL PRIMARY KEY,
    kind INT NOT NULL,
    document_symbol NVARCHAR(100) NULL,
    area_id NVARCHAR(60) NULL,
    period_start NVARCHAR(10) NULL,
    period_end NVARCHAR(10) NULL,
    period_first NVARCHAR(10) NULL,
    period_last NVARCHAR(10) NULL,
    proposing_country NVARCHAR(3) NOT NULL,
    status INT NOT NULL,
    approval {text} NULL,
    recommendation {text} NULL,
    superseded_by BIGINT NULL,
    current_revision INT NOT NULL,
    version INT NOT NULL,
    title_en NVARCHAR(1000) NOT NULL,
    title_ru NVARCHAR(1000) NOT NULL,
    title_kk NVARCHAR(1000) NOT NULL,
    languages NVARCHAR(20) NOT NULL,
    create_time NVARCHAR(40) NOT NULL,
    update_time NVARCHAR(40) NOT NULL
);
CREATE INDEX ix_policy_documents_area ON policy_documents (area_id, document_id);
CREATE INDEX ix_policy_documents_status ON policy_documents (status, document_id);

-- Immutable: a row is inserted once and only its approved flag is ever set (0 → 1). content is the
-- google.protobuf JSON of a cica.concept_papers.v1.Revision holding the language versions.
CREATE TABLE revisions (
    document_id BIGINT NOT NULL REFERENCES policy_documents (document_id),
    number INT NOT NULL,
    authoritative_language NVARCHAR(2) NOT NULL,
    approved INT NOT NULL,
    author_kind INT NOT NULL,
    author_country NVARCHAR(3) NOT NULL,
    content {text} NOT NULL,
    create_time NVARCHAR(40) NOT NULL,
    PRIMARY KEY (document_id, number)
);

-- Initiatives of approved plans of implementation; activities as "activities/1,activities/2".
CREATE TABLE initiatives (
    document_id BIGINT NOT NULL REFERENCES policy_documents (document_id),
    number INT NOT NULL,
    title NVARCHAR(2000) NOT NULL,
    initiative_year INT NOT NULL,
    kind INT NOT NULL,
    status INT NOT NULL,
    activities NVARCHAR(1000) NOT NULL,
    area_id NVARCHAR(60) NULL,
    version INT NOT NULL,
    update_time NVARCHAR(40) NOT NULL,
    PRIMARY KEY (document_id, number)
);
CREATE INDEX ix_initiatives_area ON initiatives (area_id, document_id, number);

-- The searchable passages (titles and blocks) of every document's current revision, in every
-- language; rebuilt for a document at each revision. SQLite indexes them with FTS5, SQL Server with
-- a full-text index on passage keyed by pk_search_passages (Search/SearchIndex.cs creates either).
CREATE TABLE search_passages (
    passage_id BIGINT NOT NULL,
    document_id BIGINT NOT NULL,
    language NVARCHAR(2) NOT NULL,
    section_heading NVARCHAR(1000) NOT NULL,
    passage {text} NOT NULL,
    CONSTRAINT pk_search_passages PRIMARY KEY (passage_id)
);
CREATE INDEX ix_search_passages_document ON search_passages (document_id);

-- Read model of CBM Coordination's coordinator assignments, fed by CoordinatorAssignmentStarted and
-- CoordinatorAssignmentEnded (never by asking CBM): who coordinated which area on which days.
-- effective_from/effective_until are full dates as CBM sends them; effective_until is inclusive
-- and NULL while the assignment is open.
CREATE TABLE coordinator_terms (
    assignment_name NVARCHAR(60) NOT NULL PRIMARY KEY,
    area_id NVARCHAR(60) NOT NULL,
    country_code NVARCHAR(3) NOT NULL,
    role INT NOT NULL,
    effective_from NVARCHAR(10) NOT NULL,
    effective_until NVARCHAR(10) NULL,
    updated_at NVARCHAR(40) NOT NULL
);
CREATE INDEX ix_coordinator_terms_area ON coordinator_terms (area_id, country_code);

-- The priority areas CBM Coordination has announced (PriorityAreaCreated, or named by an assignment).
CREATE TABLE known_priority_areas (
    area_id NVARCHAR(60) NOT NULL PRIMARY KEY,
    title_en NVARCHAR(300) NOT NULL,
    updated_at NVARCHAR(40) NOT NULL
);
