-- A position created by a bulk import names its import instead of carrying two history rows ("created",
-- "published"): GET …/{iupd}/history tells those two from the import (docs/decisions/0011-imported-position-history.md).
-- No foreign key: imports are never deleted by the service, and the history still reads without the import row.
ALTER TABLE debt_positions.positions ADD COLUMN import_id uuid NULL;
