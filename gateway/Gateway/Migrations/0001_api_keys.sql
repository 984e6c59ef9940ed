-- API keys of municipal systems: only a hash of each key is stored (keys are 256-bit random, so SHA-256
-- is enough; a slow hash would only slow every request). A key acts for its organisations with one role.
CREATE TABLE gateway.api_keys (
    id uuid PRIMARY KEY,
    client_id text NOT NULL,
    organizations text[] NOT NULL,
    role text NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    key_hash bytea NOT NULL UNIQUE,
    key_prefix text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz,
    replaced_by uuid REFERENCES gateway.api_keys (id),
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_api_keys_updated_at ON gateway.api_keys (updated_at);

-- Every write that went through the gateway: who, for which organisation, what, when, from where, with
-- which outcome. Append-only: the trigger refuses updates and deletes to everyone, the gateway included.
CREATE TABLE gateway.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    client_id text NOT NULL,
    credential text NOT NULL,
    organization text,
    method text NOT NULL,
    path text NOT NULL,
    status integer NOT NULL,
    remote_address text,
    correlation_id text
);
CREATE INDEX ix_audit_log_organization_at ON gateway.audit_log (organization, at);

CREATE FUNCTION gateway.audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gateway.audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON gateway.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION gateway.audit_log_is_append_only();
