-- ListPolicyDocuments filtered by proposing_country (the gateway's country dossier asks for one
-- country's papers). Without this index the filter walks every document in id order; with it the
-- filter seeks to its country and reads its papers already in the list's order (document_id).
CREATE INDEX ix_policy_documents_proposing_country ON policy_documents (proposing_country, document_id);
