-- The station's copy of the EC catalogues' schemas (ADR 0092): which service schema checks the datiSpecificiServizio
-- of each EC's spontaneous-payment service, kept from DebtPositions' SpontaneousServiceDefined events. Read on
-- paDemandPaymentNotice before the Station__SpontaneousServices__<idServizio> configuration.
CREATE TABLE node_adapter.spontaneous_services (
    organization_fiscal_code text        NOT NULL,
    service_id               text        NOT NULL,
    schema_file              text        NOT NULL,
    updated_at               timestamptz NOT NULL,
    CONSTRAINT pk_spontaneous_services PRIMARY KEY (organization_fiscal_code, service_id)
);
