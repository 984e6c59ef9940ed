-- A catalogue entry describes its own input (ADR 0091): the service schema, the form's fields, which element carries
-- the amount the payer states and how the position's description is composed. Rows written before keep GPD's
-- general service (amount and description).
ALTER TABLE debt_positions.spontaneous_services
    ADD COLUMN schema_file          text  NOT NULL DEFAULT 'general-service.xsd',
    ADD COLUMN fields_json          text  NULL,
    ADD COLUMN amount_element       text  NULL,
    ADD COLUMN description_template text  NULL;
