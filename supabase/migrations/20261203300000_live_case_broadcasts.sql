-- Live data (issue 9): every committed change to a case is announced on Supabase Realtime
-- Broadcast, on private channels authorised by the same visibility rule as the tables.
--
-- Topics: one per grid, named by the grid's path, `grid:<path>` (grid:330102.001.002), plus one
-- per county, `grid:<county code>` (grid:330102) — the path prefix every grid of the county shares.
-- A change to a case at path P is sent to the topic of every prefix of P, so the subscribers of a
-- grid's topic hear about its whole subtree, and a county wall hears the whole county. Realtime
-- only routes by exact topic, so the fan-out to ancestors has to happen here: 2 to 5 messages per
-- change (the depth of the path). Path-named topics let the policy below decide from the topic
-- text alone (no table read per check), and give the county, which has no grid row, a topic too.
--
-- Payload (event "case"): { entity: "case", id, gridId, status, version } — ids, the grid, the
-- status and the version, never a title, description, address or contact. A subscriber refetches
-- the case under its own row-level security to learn more; the notice only says "look again".
--
-- Who hears what: a SELECT policy on realtime.messages lets a signed-in user read a topic whose
-- path lies inside their read scopes — exactly the grids the tables let them read
-- (private.read_scopes(), the helper every grid-scoped table's select policy uses). Realtime
-- checks it when a private channel is joined (and again when the token changes): it inserts a
-- probe message on the topic, sets the user's role and claims, tries to select it, and rolls back.
-- No INSERT policy: clients may not broadcast on these topics, only the triggers here send.
--
-- Sources: a trigger on cases (every insert and update; an update to the grid also reaches the
-- old grid's topics, so a subtree that loses the case hears of it), and a trigger on the event
-- log for entries written without touching the case row (a reminder): an entry that comes with a
-- change of the case in the same transaction is already announced by the case's trigger.
--
-- Realtime's own schema must exist before this runs (on Supabase it always does; the local tests
-- get the stand-in from supabase/tests/bootstrap/20_realtime.sql).
do $$
begin
  if to_regclass('realtime.messages') is null or to_regprocedure('realtime.send(jsonb, text, text, boolean)') is null then
    raise exception 'Live data needs Supabase Realtime: realtime.messages and realtime.send(jsonb, text, text, boolean) do not exist in this database'
      using hint = 'Apply the migrations to a Supabase project (or, for the local tests, after supabase/tests/bootstrap/*.sql).';
  end if;
end
$$;

-- The path a live topic names, or null when the text is not a live topic: "grid:" and a county
-- code (six digits) followed by up to four three-digit segments. Immutable and table-free, so the
-- policy costs a regular-expression match per message checked.
create function private.live_topic_path(p_topic text)
returns extensions.ltree
language sql immutable parallel safe
as $$
  select case when p_topic ~ '^grid:[0-9]{6}(\.[0-9]{3}){0,4}$' then extensions.text2ltree(substr(p_topic, 6)) end
$$;

-- The topics a change at these paths is announced on: every prefix of every path, once each.
create function private.live_topics(p_paths extensions.ltree[])
returns text[]
language sql immutable parallel safe
as $$
  select coalesce(array_agg(distinct 'grid:' || extensions.subpath(p.path, 0, n.n)::text), '{}')
  from unnest(p_paths) as p(path)
  cross join lateral generate_series(1, extensions.nlevel(p.path)) as n(n)
  where p.path is not null
$$;

-- Sends the notice of one case to every topic of its paths. Realtime's send never fails the
-- caller: a broadcast that cannot be stored is lost with a WARNING, the case write stands.
create function private.announce_case(p_case public.cases, p_paths extensions.ltree[])
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_payload jsonb := jsonb_build_object(
    'entity', 'case', 'id', p_case.id, 'gridId', p_case.grid_id, 'status', p_case.status, 'version', p_case.version);
  v_topic text;
begin
  foreach v_topic in array private.live_topics(p_paths) loop
    perform realtime.send(v_payload, 'case', v_topic, true);
  end loop;
end
$$;

-- Definer: a case changed by a signed-in user directly (an update the cases policy allows) must be
-- announced too, and an API role may not write realtime.messages (no insert policy), where the
-- migration role may.
create function private.cases_announce()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.announce_case(new, case when tg_op = 'UPDATE' then array[old.grid_path, new.grid_path] else array[new.grid_path] end);
  return null;
end
$$;

create trigger cases_announce
after insert or update on public.cases
for each row execute function private.cases_announce();

-- True when the row version whose xmin this is was written by the current transaction or one of
-- its subtransactions (a savepoint, a PL/pgSQL exception block): a row version this transaction can
-- see whose writer is still in progress can only be its own. xmin holds the low 32 bits of the
-- writer's id; pg_xact_status wants all 64, so the epoch is the current transaction's. A
-- subtransaction's id is above its transaction's, so a lower xmin is another's; and the lookup of a
-- row from an earlier epoch (an id "in the future" in this one) raises, which is caught: it errs
-- towards "not written here", that is towards announcing twice, never towards staying silent.
create function private.written_by_current_transaction(p_xmin xid)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_top numeric := pg_catalog.pg_current_xact_id()::text::numeric;
  v_low numeric := v_top % 4294967296;
  v_xmin numeric := p_xmin::text::numeric;
begin
  if v_xmin = v_low then
    return true;
  end if;
  if v_xmin < v_low then
    return false;
  end if;
  begin
    return pg_catalog.pg_xact_status((v_top - v_low + v_xmin)::text::xid8) = 'in progress';
  exception
    when others then
      return false;
  end;
end
$$;

-- An entry of the event log is announced only when its case row was not written by the same
-- transaction: when it was (intake, every transition that changes the case), the case's trigger
-- has sent the notice already, with the version the entry records.
create function private.case_events_announce()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  c public.cases;
begin
  select * into c from public.cases where id = new.case_id;
  if c.id is null or private.written_by_current_transaction((select x.xmin from public.cases x where x.id = new.case_id)) then
    return null;
  end if;
  perform private.announce_case(c, array[c.grid_path]);
  return null;
end
$$;

create trigger case_events_announce
after insert on public.case_events
for each row execute function private.case_events_announce();

revoke all on function private.announce_case(public.cases, extensions.ltree[]) from public;
revoke all on function private.cases_announce() from public;
revoke all on function private.case_events_announce() from public;
revoke all on function private.written_by_current_transaction(xid) from public;
revoke all on function private.live_topics(extensions.ltree[]) from public;
revoke all on function private.live_topic_path(text) from public;
grant execute on function private.live_topic_path(text) to authenticated, service_role;

-- Join (and receive) a grid's topic: the same reach as reading the grid's rows. Broadcast only;
-- presence on these topics is nobody's.
create policy live_topics_select on realtime.messages for select to authenticated
  using (
    extension = 'broadcast'
    and private.live_topic_path(topic) operator(extensions.?) (select private.read_scopes())
  );

/*
  live_watermark — what the client's slow poll compares, so a socket that stays open but goes
  silent (Realtime lost its database connection, a proxy drops frames) cannot leave a screen stale.
  Args: p_grid_code: a grid code (15 or 18 digits) or a county code (6 digits); the subtree is the
  grid (or county) and everything below it that the caller may see.
  Returns: { cases: visible cases in the subtree, versions: the sum of their versions (every
  update of a case bumps it), lastEventId: the newest event log entry there (null if none),
  at: the server's clock, epoch ms }. Any insert or update of a case changes cases or versions; an
  event written without touching its case (a reminder) changes lastEventId.
  Security invoker: row-level security counts only what the caller may see. A malformed code
  raises 22023.
*/
create function public.live_watermark(p_grid_code text)
returns json
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_path extensions.ltree := private.live_topic_path('grid:' || coalesce(
    case
      when p_grid_code ~ '^[0-9]{6}$' then p_grid_code
      when private.grid_code_error(p_grid_code) is null then private.grid_code_path(p_grid_code)::text
    end, ''));
  v_cases bigint;
  v_versions bigint;
  v_last_event bigint;
begin
  if v_path is null then
    raise exception 'live_watermark: p_grid_code must be a grid code (15 or 18 digits) or a county code (6 digits), got "%"', p_grid_code
      using errcode = 'invalid_parameter_value';
  end if;
  select count(*), coalesce(sum(c.version), 0) into v_cases, v_versions
    from public.cases c where c.grid_path operator(extensions.<@) v_path;
  select max(e.id) into v_last_event
    from public.case_events e where e.grid_path operator(extensions.<@) v_path;
  return json_build_object('cases', v_cases, 'versions', v_versions, 'lastEventId', v_last_event,
    'at', private.epoch_ms(clock_timestamp()));
end
$$;

revoke all on function public.live_watermark(text) from public, anon;
grant execute on function public.live_watermark(text) to authenticated, service_role;
