-- private.next_case_code advances the per-prefix case-code counter. It was executable by
-- `authenticated` because create_case ran as the caller; create_case is SECURITY DEFINER since
-- 20261122100100, so no API role needs the helper any more, and none may call it: a signed-in user
-- could otherwise burn code numbers (gaps in the ledger's numbering) without creating a case.
revoke all on function private.next_case_code(extensions.ltree, timestamptz) from public, anon, authenticated, service_role;
