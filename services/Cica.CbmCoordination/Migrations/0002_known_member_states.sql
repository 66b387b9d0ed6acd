-- The read model of member states moved into the service kit (known_member_states, created by the
-- kit's migration before this one): carry over what this service already knew, then drop its own copy.
INSERT INTO known_member_states (country_code, name_en, name_ru, name_kk, accession_date, updated_at)
SELECT country_code, name_en, name_ru, name_kk, accession_date, updated_at FROM member_states;
DROP TABLE member_states;
