-- The member states as this service knows them from Membership's MemberStateAdmitted events: the
-- one read model of membership that Chairmanship, CBM Coordination and Concept Papers each keep.
CREATE TABLE known_member_states (
    country_code NVARCHAR(3) NOT NULL PRIMARY KEY,
    name_en NVARCHAR(200) NOT NULL,
    name_ru NVARCHAR(200) NOT NULL,
    name_kk NVARCHAR(200) NOT NULL,
    accession_date NVARCHAR(10) NOT NULL,
    updated_at NVARCHAR(40) NOT NULL
);
