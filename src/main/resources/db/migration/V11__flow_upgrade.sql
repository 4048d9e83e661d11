-- A version published by an admin, completed with the texts a new version of Dalil needs
-- (org.dalil.admin.NewSystemTexts), is recorded as published by 'upgrade'.
ALTER TABLE flow_publications DROP CONSTRAINT flow_publications_source_check;
ALTER TABLE flow_publications ADD CONSTRAINT flow_publications_source_check
  CHECK (source IN ('files', 'admin', 'upgrade'));
