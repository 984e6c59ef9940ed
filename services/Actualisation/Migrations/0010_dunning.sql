-- Dunning (docs/dunning.md, ADR 0047): reminders to citizens and overdue summaries to the EC.

-- An EC's dunning settings (no row: no reminders) and the steps and channels of its revenue types that differ.
CREATE TABLE actualisation.dunning_settings (
    organization_fiscal_code  text        NOT NULL,
    enabled                   boolean     NOT NULL,
    steps                     jsonb       NOT NULL,
    channels                  jsonb       NOT NULL,
    quiet_from                time        NOT NULL,
    quiet_until               time        NOT NULL,
    daily_limit               integer     NOT NULL,
    alert_email               text        NULL,
    changed_by                text        NOT NULL,
    changed_at                timestamptz NOT NULL,
    CONSTRAINT pk_dunning_settings PRIMARY KEY (organization_fiscal_code)
);
CREATE TABLE actualisation.dunning_schedules (
    organization_fiscal_code  text        NOT NULL,
    revenue_type              text        NOT NULL,
    steps                     jsonb       NOT NULL,
    channels                  jsonb       NOT NULL,
    changed_by                text        NOT NULL,
    changed_at                timestamptz NOT NULL,
    CONSTRAINT pk_dunning_schedules PRIMARY KEY (organization_fiscal_code, revenue_type)
);

-- What dunning knows of each notice, from the position events; paid_at is sticky (a payment is never undone).
CREATE TABLE actualisation.dunning_notices (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    iupd                      text        NOT NULL,
    position_version          bigint      NOT NULL,
    notice_number             text        NOT NULL,
    amount_cents              bigint      NOT NULL,
    due_date                  date        NOT NULL,
    description               text        NOT NULL,
    company_name              text        NOT NULL,
    revenue_type              text        NULL,
    debtor_fiscal_code        text        NOT NULL,
    debtor_name               text        NOT NULL,
    debtor_email              text        NULL,
    payable                   boolean     NOT NULL,
    paid_at                   timestamptz NULL,
    overdue_reported_on       date        NULL,
    CONSTRAINT pk_dunning_notices PRIMARY KEY (organization_fiscal_code, iuv)
);
CREATE INDEX ix_dunning_notices_open ON actualisation.dunning_notices (due_date) WHERE payable AND paid_at IS NULL;

-- One row per notice and step: the primary key is what makes a step happen once, across restarts and replicas.
-- channels_done lists each channel's outcome as it happens, so a round that failed half-way resumes the rest only.
CREATE TABLE actualisation.dunning_reminders (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    step_days                 integer     NOT NULL,
    iupd                      text        NOT NULL,
    rome_day                  date        NOT NULL,
    channels_done             jsonb       NOT NULL,
    sent                      boolean     NOT NULL,
    created_at                timestamptz NOT NULL,
    sent_at                   timestamptz NULL,
    CONSTRAINT pk_dunning_reminders PRIMARY KEY (organization_fiscal_code, iuv, step_days)
);
CREATE INDEX ix_dunning_reminders_day ON actualisation.dunning_reminders (organization_fiscal_code, rome_day);

-- One overdue summary per EC and Rome day.
CREATE TABLE actualisation.dunning_overdue_summaries (
    organization_fiscal_code  text        NOT NULL,
    rome_day                  date        NOT NULL,
    notices                   integer     NOT NULL,
    emailed                   boolean     NOT NULL,
    created_at                timestamptz NOT NULL,
    CONSTRAINT pk_dunning_overdue_summaries PRIMARY KEY (organization_fiscal_code, rome_day)
);
