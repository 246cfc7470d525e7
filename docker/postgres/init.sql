-- Runs once, when the postgres volume is first initialised (docker-entrypoint-initdb.d).
-- The app's database; the `migrate` service creates its schemas and tables.
-- Temporal's databases (temporal, temporal_visibility) are created by temporal-admin-tools.
CREATE DATABASE orders;
