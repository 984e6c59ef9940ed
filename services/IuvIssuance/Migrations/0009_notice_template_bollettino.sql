-- What Poste's bollettino section prints besides the notice's own data (ADR 0059): the account holder, when it is not
-- the EC's name, and Poste's authorisation to print bollettini ("AUT. DB/…").
ALTER TABLE iuv_issuance.notice_templates ADD COLUMN IF NOT EXISTS postal_account_holder text NULL;
ALTER TABLE iuv_issuance.notice_templates ADD COLUMN IF NOT EXISTS poste_authorisation text NULL;
