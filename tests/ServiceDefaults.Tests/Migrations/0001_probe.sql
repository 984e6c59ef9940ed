CREATE TABLE probe.items (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CONSTRAINT ux_items_name UNIQUE
);
CREATE TABLE probe.counters (
    name  text PRIMARY KEY,
    value bigint NOT NULL
);
