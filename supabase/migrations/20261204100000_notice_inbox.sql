-- The inbox of reminders (催办) and supervision notices (督办) (issue 15, "Reminders reach someone").
--
-- A notice is a `remind` or `supervise` row of the case log; nothing new is written when one is
-- sent, so nobody can forge one beyond what case_transition lets them send (case_events takes no
-- direct inserts). Who it reaches is src/domain/caseLoop/notices.ts's noticeReaches():
-- * a reminder: the assignee and the lead unit recorded with it (data.assigneeId, data.leadUnitId);
-- * a supervision: the case's assignee and lead unit now (its row records no addressee);
-- * a unit's officers only in the county their unit membership is for (as for reporter contacts);
-- * never the sender, and nobody once the case is closed or cancelled;
-- * and only within what the caller may read: the case_events and cases policies still apply.
--
-- public.notice_reads keeps which notices each user has opened. Under RLS a user reads only their
-- own marks and may add one only for themselves and only for a notice that reaches them; nobody
-- changes or removes a mark. public.my_notices() lists the caller's inbox, public.mark_notice_read()
-- marks one (both as the caller, so every policy above decides).

-- Whether a notice reaches the caller. Plain SQL, invoker: the row it is given was already read
-- under the caller's policies.
create function private.notice_reaches_me(
  p_kind text, p_data jsonb, p_actor uuid, p_status public.case_status,
  p_assignee uuid, p_lead_unit text, p_grid_path extensions.ltree
)
returns boolean
language sql
stable
set search_path = ''
as $$
  select p_kind in ('remind', 'supervise')
    and p_status not in ('closed', 'cancelled')
    and p_actor is distinct from (select auth.uid())
    and (
      (case when p_kind = 'remind' then p_data ->> 'assigneeId' else p_assignee::text end)
        = any ((select private.my_staff_ids())::text[])
      or private.unit_keys(p_grid_path, array[case when p_kind = 'remind' then p_data ->> 'leadUnitId' else p_lead_unit end])
        operator(pg_catalog.&&) (select private.my_unit_keys())
    )
$$;

revoke all on function private.notice_reaches_me(text, jsonb, uuid, public.case_status, uuid, text, extensions.ltree) from public;
grant execute on function private.notice_reaches_me(text, jsonb, uuid, public.case_status, uuid, text, extensions.ltree) to authenticated, service_role;

-- Notices are found by kind, newest first.
create index case_events_notices_idx on public.case_events (at desc, id) where kind in ('remind', 'supervise');

create table public.notice_reads (
  user_id uuid not null default auth.uid(),
  event_id bigint not null references public.case_events (id) on delete restrict,
  read_at timestamptz not null default now(),
  primary key (user_id, event_id)
);
comment on table public.notice_reads is 'Which notices (remind/supervise events) each user has opened; added by the user for themselves, never changed.';

create index notice_reads_event_id_idx on public.notice_reads (event_id);

alter table public.notice_reads enable row level security;

create policy notice_reads_select on public.notice_reads for select to authenticated
  using (user_id = (select auth.uid()));
create policy notice_reads_insert on public.notice_reads for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and exists (
      select 1 from public.case_events e join public.cases c on c.id = e.case_id
      where e.id = event_id
        and private.notice_reaches_me(e.kind, e.data, e.actor_id, c.status, c.assignee_id, c.lead_unit_id, c.grid_path)
    )
  );

-- A mark is a fact: not changed, not taken back. anon has nothing (as on every table).
revoke all on public.notice_reads from anon;
revoke update, delete on public.notice_reads from authenticated, service_role;

/*
  my_notices — CaseLoopSource.listNotices.
  Returns: [{ id, kind, caseId, caseCode, caseTitle, caseStatus, at, actorId, actorRole, message,
  read }] newest first, at most private.list_cap('notices') (200; NOTICE_LIST_CAP). `id` is the
  event's id as text, `at` epoch ms, `actorId` the sender's staff record where linked (as in
  case_events_of), `message` the reminder's message or the supervision's reason.
*/
create function public.my_notices()
returns json
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(json_agg(json_build_object(
      'id', n.id::text, 'kind', n.kind, 'caseId', n.case_id, 'caseCode', n.code, 'caseTitle', n.title,
      'caseStatus', n.status, 'at', private.epoch_ms(n.at), 'actorId', n.actor, 'actorRole', n.actor_role,
      'message', n.message, 'read', n.read
    ) order by n.at desc, n.id), '[]'::json)
  from (
    select e.id, e.kind, e.case_id, c.code, c.title, c.status, e.at, coalesce(e.actor_staff_id, e.actor_id) as actor, e.actor_role,
      case when e.kind = 'remind' then e.data ->> 'message' else e.data ->> 'reason' end as message,
      exists (select 1 from public.notice_reads r where r.user_id = (select auth.uid()) and r.event_id = e.id) as read
    from public.case_events e
    join public.cases c on c.id = e.case_id
    where e.kind in ('remind', 'supervise')
      and private.notice_reaches_me(e.kind, e.data, e.actor_id, c.status, c.assignee_id, c.lead_unit_id, c.grid_path)
    order by e.at desc, e.id
    limit private.list_cap('notices')
  ) n
$$;

/*
  mark_notice_read — CaseLoopSource.markNoticeRead.
  Args: p_event_id bigint (a notice's id). Marks it read for the caller; again is harmless.
  Refused with P0002 when no notice of that id reaches the caller (whether or not the event
  exists: the answer tells nothing of others' notices).
*/
create function public.mark_notice_read(p_event_id bigint)
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.case_events e join public.cases c on c.id = e.case_id
    where e.id = p_event_id
      and private.notice_reaches_me(e.kind, e.data, e.actor_id, c.status, c.assignee_id, c.lead_unit_id, c.grid_path)
  ) then
    raise exception 'notice % does not exist or is not addressed to you', p_event_id using errcode = 'no_data_found';
  end if;
  insert into public.notice_reads (user_id, event_id) values ((select auth.uid()), p_event_id) on conflict do nothing;
end
$$;

revoke all on function public.my_notices() from public, anon;
revoke all on function public.mark_notice_read(bigint) from public, anon;
grant execute on function public.my_notices() to authenticated, service_role;
grant execute on function public.mark_notice_read(bigint) to authenticated, service_role;

-- The inbox's list cap joins the others.
create or replace function private.list_cap(p_list text)
returns integer
language sql immutable set search_path = ''
as $$
  select case p_list
    when 'cases' then 10000
    when 'grids' then 20000
    when 'roads' then 20000
    when 'events' then 1000
    when 'notices' then 200
    else 10000
  end
$$;
