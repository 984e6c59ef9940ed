-- An uploaded file is stored in 1 MiB chunks as it streams in; PostgreSQL compressed each with pglz, slow enough to
-- show in the 1M import's profile, on the upload's critical path (docs/bench/bulk-import.md). lz4 compresses CSV and
-- JSON about as well at a fraction of the CPU. It applies to chunks written from now on; older ones stay readable.
ALTER TABLE debt_positions.import_chunks ALTER COLUMN data SET COMPRESSION lz4;
