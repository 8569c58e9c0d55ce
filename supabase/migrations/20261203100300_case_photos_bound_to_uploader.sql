-- Case photos bound to whoever uploaded them, and read through an indexed case ↔ photo table
-- (issue 7, "photos"). Before, read access followed only the object's name appearing in a visible
-- case's photo_ids, which anyone could write: a user of another township could name someone else's
-- object in their own case and read it; a user without any membership could upload first under a
-- name another user would use, and upload without limit; and the select policy's
-- `name = any(photo_ids)` made a county admin's listing of 20,000 objects take 22.6 s. Now:
-- * an object's name is "<uploader's user id>/<uuid>.<jpg|png|webp>" and its owner is the
--   uploader (owner_id = auth.uid(), as Storage records it); nobody else can take that name;
-- * only a user who may report somewhere (grid worker, village chief, township commander, county
--   admin) uploads, at most 5 MiB of JPEG, PNG or WebP per file (the bucket's limits, also in the
--   policy: Storage passes the declared mimetype and contentLength to it) and at most
--   private.photo_upload_quota() = 60 files per rolling 24 hours;
-- * create_case attaches only photos the caller uploaded that no case holds yet, and records each
--   in public.case_photos (one row per attached object, carrying the case's grid path);
-- * an object is readable by its uploader and, once attached, by whoever sees its case: the select
--   policy is one indexed lookup in case_photos under that table's own row-level security;
-- * nobody updates or deletes objects through the API (no policies for either).
-- This replaces the bucket's policies of 20261122200000, which ran only where Storage existed;
-- Supabase always has the storage schema, and the local tests have its stand-in
-- (supabase/tests/bootstrap/10_storage.sql), so these are tested as they run.

create table public.case_photos (
  object_name text primary key,
  case_id uuid not null references public.cases (id) on delete cascade,
  grid_path extensions.ltree not null default '',
  uploader_id uuid not null,
  position smallint not null,
  attached_at timestamptz not null default now(),
  constraint case_photos_position check (position between 0 and 19),
  constraint case_photos_name_format check (object_name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp)$')
);
comment on table public.case_photos is 'Photos attached to cases (objects of the case-photos bucket), one row per object; written by create_case only.';

create index case_photos_case_id_idx on public.case_photos (case_id, position);
create index case_photos_grid_path_gist on public.case_photos using gist (grid_path);

create trigger case_photos_set_grid_path
before insert on public.case_photos
for each row execute function private.set_case_grid_path();

alter table public.case_photos enable row level security;

create policy case_photos_select on public.case_photos for select to authenticated
  using (grid_path operator(extensions.?) (select private.read_scopes()));

revoke all on public.case_photos from anon, authenticated, service_role;
grant select on public.case_photos to authenticated, service_role;

-- Photos follow their case to another grid, as its events and contact do.
create or replace function private.cases_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.grid_path::text is distinct from old.grid_path::text
    or new.escalation_level is distinct from old.escalation_level
    or new.assignee_id is distinct from old.assignee_id then
    update public.case_contacts set updated_at = now() where case_id = new.id;
  end if;
  if new.grid_path::text is distinct from old.grid_path::text then
    update public.case_events set grid_path = new.grid_path where case_id = new.id;
    update public.case_photos set grid_path = new.grid_path where case_id = new.id;
  end if;
  return null;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Uploads.

/** How many photos one user may upload per rolling 24 hours. */
create function private.photo_upload_quota()
returns integer
language sql immutable set search_path = ''
as $$ select 60 $$;

-- True when the caller may upload one more photo now: they may report somewhere, and they have
-- uploaded fewer than the quota in the last 24 hours. Definer, because it counts rows of
-- storage.objects that the caller's own select policy would partly hide.
create function private.may_upload_photo()
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null or cardinality((select private.report_scopes())) = 0 then
    return false;
  end if;
  return (
    select count(*) from storage.objects o
    where o.bucket_id = 'case-photos' and o.owner_id = v_uid::text and o.created_at > now() - interval '24 hours'
  ) < private.photo_upload_quota();
end
$$;

revoke all on function private.photo_upload_quota() from public;
revoke all on function private.may_upload_photo() from public;
grant execute on function private.photo_upload_quota() to authenticated, service_role;
grant execute on function private.may_upload_photo() to authenticated, service_role;

update storage.buckets set public = false, file_size_limit = 5242880, allowed_mime_types = array['image/jpeg', 'image/png', 'image/webp']
  where id = 'case-photos';
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
  values ('case-photos', 'case-photos', false, 5242880, array['image/jpeg', 'image/png', 'image/webp'])
  on conflict (id) do nothing;

drop policy if exists case_photos_insert on storage.objects;
drop policy if exists case_photos_select on storage.objects;

create policy case_photos_insert on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'case-photos'
    and owner_id = (select auth.uid())::text
    and name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp)$'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and metadata ->> 'mimetype' in ('image/jpeg', 'image/png', 'image/webp')
    and jsonb_typeof(metadata -> 'contentLength') = 'number'
    and (metadata ->> 'contentLength')::numeric between 1 and 5242880
    and (select private.may_upload_photo())
  );

create policy case_photos_select on storage.objects
  for select to authenticated
  using (
    bucket_id = 'case-photos'
    and (
      owner_id = (select auth.uid())::text
      or exists (select 1 from public.case_photos p where p.object_name = storage.objects.name)
    )
  );

-- The photos create_case may attach for the caller: each an object of the bucket the caller
-- uploaded and no case holds yet. Refuses the first that is not, naming its place in the list,
-- with one message whatever the reason, so nobody learns whether someone else's object exists.
create function private.claimable_photos(p_ids text[], p_ctx jsonb)
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid text := (select auth.uid())::text;
  i integer;
begin
  for i in 1 .. coalesce(array_length(p_ids, 1), 0) loop
    if array_position(p_ids, p_ids[i]) < i then
      perform private.cl_input_error(p_ctx, format('photoIds[%s]', i - 1), 'invalid', format('"%s" is listed twice', p_ids[i]));
    end if;
    if v_uid is null or not exists (
      select 1 from storage.objects o
      where o.bucket_id = 'case-photos' and o.name = p_ids[i] and o.owner_id = v_uid
    ) or exists (select 1 from public.case_photos p where p.object_name = p_ids[i]) then
      perform private.cl_input_error(p_ctx, format('photoIds[%s]', i - 1), 'invalid',
        format('"%s" is not a photo you uploaded that waits for its case (upload it first; a photo belongs to one case)', p_ids[i]));
    end if;
  end loop;
  return coalesce(p_ids, '{}');
end
$$;

revoke all on function private.claimable_photos(text[], jsonb) from public;
