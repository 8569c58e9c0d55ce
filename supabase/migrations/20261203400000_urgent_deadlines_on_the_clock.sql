-- Urgent categories (突发事件, 08xx) run on the clock, 24 hours a day: a group incident reported
-- at 16:12 with a 2-hour deadline falls due at 18:12, not at 09:12 the next working day. Their
-- default deadlines use a third unit, clock_hours, as in src/domain/categories.ts; the
-- calendar-bound counting keeps its own function and add_working_time dispatches on the unit.

alter table public.categories drop constraint categories_deadline;
alter table public.categories add constraint categories_deadline check (
  (default_deadline_amount is null and default_deadline_unit is null)
  or (default_deadline_amount > 0 and default_deadline_unit in ('working_hours', 'working_days', 'clock_hours'))
);

-- A county may set clock hours too: 1–720 (a month round the clock).
alter table public.category_settings drop constraint category_settings_deadline;
alter table public.category_settings add constraint category_settings_deadline check (
  (default_deadline_amount is null and default_deadline_unit is null)
  or (default_deadline_unit = 'working_hours' and default_deadline_amount between 1 and 480)
  or (default_deadline_unit = 'working_days' and default_deadline_amount between 1 and 90)
  or (default_deadline_unit = 'clock_hours' and default_deadline_amount between 1 and 720)
);

-- The calendar counting moves aside under a private name; callers keep calling add_working_time.
alter function public.add_working_time(timestamptz, numeric, text, text) rename to add_calendar_time;
alter function public.add_calendar_time(timestamptz, numeric, text, text) set schema private;
revoke all on function private.add_calendar_time(timestamptz, numeric, text, text) from public, anon;
grant execute on function private.add_calendar_time(timestamptz, numeric, text, text) to authenticated, service_role;

/*
  add_working_time — the instant a deadline falls due, as addWorkingTime in workingTime.ts.
  p_unit 'clock_hours' adds the hours straight (weekends, nights and holidays count); the
  working units count on the territory's calendar (private.add_calendar_time). Errors (22023)
  carry the TypeScript messages; P0002 for an unknown calendar.
*/
create function public.add_working_time(p_start timestamptz, p_amount numeric, p_unit text, p_calendar_id text default null)
returns timestamptz
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if p_start is null or p_amount is null or p_unit is null then
    raise exception 'add_working_time needs a start, an amount and a unit' using errcode = 'invalid_parameter_value';
  end if;
  if p_unit not in ('working_hours', 'working_days', 'clock_hours') then
    raise exception 'deadline unit must be working_hours, working_days or clock_hours, got "%"', p_unit using errcode = 'invalid_parameter_value';
  end if;
  if p_unit <> 'clock_hours' then
    return private.add_calendar_time(p_start, p_amount, p_unit, p_calendar_id);
  end if;
  if p_amount < 0 then
    raise exception 'deadline amount must be a finite number ≥ 0, got %', p_amount using errcode = 'invalid_parameter_value';
  end if;
  return p_start + make_interval(secs => p_amount * 3600);
end
$$;
comment on function public.add_working_time(timestamptz, numeric, text, text) is 'The instant a deadline falls due: clock hours straight, working hours/days on the territory''s calendar.';

revoke all on function public.add_working_time(timestamptz, numeric, text, text) from public, anon;
grant execute on function public.add_working_time(timestamptz, numeric, text, text) to authenticated, service_role;
