-- What the API roles hold beyond what row-level security governs (issue 7, "load a low role can
-- cause"). Supabase's default privileges give anon, authenticated and service_role ALL on every
-- table, sequence and function created in public. Row-level security filters rows for SELECT,
-- INSERT, UPDATE and DELETE, but not:
-- * TRUNCATE, which empties a table whatever its policies say (16 tables were open to it);
-- * REFERENCES, which lets a role declare a foreign key onto our tables from its own and so
--   block deletes and probe for existing keys;
-- * TRIGGER, which lets a role attach a trigger to our tables;
-- * sequences: with USAGE/UPDATE a caller could setval() the event log's identity back to 1, and
--   every later case_transition would fail on a taken primary key — the loop stopped for everyone.
-- None of the API roles needs any of these: every write that uses a sequence runs in a SECURITY
-- DEFINER function as the owner. So they are revoked on what exists and left out of what the
-- migrations create from now on.
--
-- Statement timeouts for the API roles: PostgREST applies an impersonated role's settings to each
-- request, so a runaway query of a low role is cancelled instead of holding a connection. anon and
-- authenticated keep Supabase's defaults (3 s, 8 s) — set here so the schema says so rather than the
-- platform; service_role (imports, scripts) gets 60 s.

revoke truncate, references, trigger on all tables in schema public from anon, authenticated, service_role;
revoke all on all sequences in schema public from anon, authenticated, service_role;

alter default privileges in schema public revoke truncate, references, trigger on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role service_role set statement_timeout = '60s';
