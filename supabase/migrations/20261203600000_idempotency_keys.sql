-- Idempotency keys on the case loop's writes (issue 14). A phone that reports without a signal
-- retries when the connection returns, from a queue that may be sent by two tabs at once or by a
-- page that died after the server committed but before it heard back. Each write may carry a
-- client-made key (a uuid); the first request with a key applies and its answer is kept, every
-- later request with the same key and the same payload gets that answer without applying again,
-- and the same key with a different payload is refused naming the key.
--
-- Keys are per caller: the primary key is (auth.uid(), key), so one user's key means nothing to
-- another — reusing or guessing someone else's key applies a fresh request of your own and tells
-- you nothing about theirs. A refused request rolls back with its key, so correcting and resending
-- it with the same key is allowed (nothing was applied under it).
--
-- The writes themselves are unchanged: the existing bodies move to private.*_once and the public
-- functions gain a trailing p_idempotency_key default null, so callers without a key behave as before.

create table private.idempotency_keys (
  user_id uuid not null,
  key uuid not null,
  -- md5 of the canonical jsonb text of what was asked (function, arguments): jsonb orders keys,
  -- so the same request in another key order is the same request.
  request_hash text not null,
  result json,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);
comment on table private.idempotency_keys is
  'Client-made idempotency keys of create_case and case_transition per caller, with the answer of the request that applied (issue 14).';
-- No RLS: the private schema is not exposed and no API role holds a privilege on the table.
revoke all on private.idempotency_keys from public, anon, authenticated, service_role;

-- The caller's claim on a key: null when this request is the first with it (the row is now held by
-- this transaction, so a concurrent request with the same key waits here until it commits or rolls
-- back), else the answer the first request got. A different payload under a used key is refused.
create function private.idempotency_claim(p_key uuid, p_request jsonb)
returns json
language plpgsql
set search_path = ''
as $$
declare
  -- The service role has no uid: its keys share the nil user.
  v_user uuid := coalesce((select auth.uid()), '00000000-0000-0000-0000-000000000000'::uuid);
  v_hash text := md5(p_request::text);
  v_row private.idempotency_keys;
begin
  insert into private.idempotency_keys (user_id, key, request_hash) values (v_user, p_key, v_hash)
    on conflict do nothing;
  if found then
    return null;
  end if;
  select * into v_row from private.idempotency_keys k where k.user_id = v_user and k.key = p_key;
  if v_row.request_hash <> v_hash then
    perform private.cl_refuse('invalid_input',
      format('Idempotency key %s was already used for a different request; a retry must send exactly what was sent first, and a new request needs a new key', p_key),
      jsonb_build_object('field', 'idempotencyKey', 'reason', 'reused'));
  end if;
  return v_row.result;
end
$$;
revoke all on function private.idempotency_claim(uuid, jsonb) from public, anon, authenticated, service_role;

create function private.idempotency_keep(p_key uuid, p_result json)
returns json
language sql
set search_path = ''
as $$
  update private.idempotency_keys k set result = p_result
    where k.user_id = coalesce((select auth.uid()), '00000000-0000-0000-0000-000000000000'::uuid) and k.key = p_key;
  select p_result;
$$;
revoke all on function private.idempotency_keep(uuid, json) from public, anon, authenticated, service_role;

-- The bodies as they were, out of the API.
alter function public.create_case(jsonb) set schema private;
alter function private.create_case(jsonb) rename to create_case_once;
revoke all on function private.create_case_once(jsonb) from public, anon, authenticated, service_role;
alter function public.case_transition(uuid, text, jsonb, integer) set schema private;
alter function private.case_transition(uuid, text, jsonb, integer) rename to case_transition_once;
revoke all on function private.case_transition_once(uuid, text, jsonb, integer) from public, anon, authenticated, service_role;

create function public.create_case(p_input jsonb, p_idempotency_key uuid default null)
returns json
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_prior json;
begin
  if p_idempotency_key is null then
    return private.create_case_once(p_input);
  end if;
  v_prior := private.idempotency_claim(p_idempotency_key, jsonb_build_object('rpc', 'create_case', 'input', p_input));
  if v_prior is not null then
    return v_prior;
  end if;
  return private.idempotency_keep(p_idempotency_key, private.create_case_once(p_input));
end
$$;
comment on function public.create_case(jsonb, uuid) is
  'Reports a case (see private.create_case_once). With p_idempotency_key, a repeat of the same request answers the first one''s result without reporting again; the key with another request is refused (CL006, field idempotencyKey).';
revoke all on function public.create_case(jsonb, uuid) from public, anon;
grant execute on function public.create_case(jsonb, uuid) to authenticated, service_role;

create function public.case_transition(p_case_id uuid, p_action text, p_input jsonb default '{}', p_expected_version integer default null, p_idempotency_key uuid default null)
returns json
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_prior json;
begin
  if p_idempotency_key is null then
    return private.case_transition_once(p_case_id, p_action, p_input, p_expected_version);
  end if;
  v_prior := private.idempotency_claim(p_idempotency_key, jsonb_build_object(
    'rpc', 'case_transition', 'caseId', p_case_id, 'action', p_action, 'input', coalesce(p_input, '{}'::jsonb),
    'expectedVersion', p_expected_version));
  if v_prior is not null then
    return v_prior;
  end if;
  return private.idempotency_keep(p_idempotency_key, private.case_transition_once(p_case_id, p_action, p_input, p_expected_version));
end
$$;
comment on function public.case_transition(uuid, text, jsonb, integer, uuid) is
  'Moves a case (see private.case_transition_once). With p_idempotency_key, a repeat of the same move answers the first one''s result without moving again; the key with another request is refused (CL006, field idempotencyKey).';
revoke all on function public.case_transition(uuid, text, jsonb, integer, uuid) from public, anon;
grant execute on function public.case_transition(uuid, text, jsonb, integer, uuid) to authenticated, service_role;
