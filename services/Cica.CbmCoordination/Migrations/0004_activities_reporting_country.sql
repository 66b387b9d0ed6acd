-- ListActivities filtered by reporting_country (the gateway's country dossier asks for one
-- country's activities). Without this index the filter walks the date index over every activity;
-- with it the filter seeks to its country and reads its activities already in the list's order
-- (date, id), so a page costs the same however many activities other countries reported.
CREATE INDEX ix_activities_reporting_country ON activities (reported_by_country, activity_date, activity_id);
