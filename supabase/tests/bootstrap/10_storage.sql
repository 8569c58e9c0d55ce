-- Storage stand-in: the part of Supabase Storage's schema that migrations and policies touch, so
-- the storage policies in supabase/migrations run and are tested here as they run on Supabase.
-- Never part of the migrations: on Supabase the Storage service creates all of this.
--
-- Source (columns, indexes, grants and function bodies followed, not invented): supabase/storage
-- migrations/tenant — 0002-storage-schema (buckets, objects, foldername, filename, extension,
-- search), 0003-pathtoken-column, 0007-add-rls-to-buckets, 0012/0013/0014 (avif flag, size limit
-- in bytes, allowed MIME types), 0016-add-version, 0018-add_owner_id_column_deprecate_owner,
-- 0025-custom-metadata, 0036/0060 (immutable path helpers), 0046-buckets-objects-grants,
-- 0055-prevent-direct-deletes.
--
-- What the Storage server does and this cannot: it checks the bucket's file_size_limit and
-- allowed_mime_types itself, and it writes a row in two steps. On upload it first tests the
-- caller's INSERT policy by inserting, as the caller (role and JWT claims set like PostgREST),
--   (bucket_id, name, owner, owner_id, version, metadata = {mimetype, contentLength}, user_metadata)
-- and rolling back; after the bytes are stored it upserts the row as its own superuser with the
-- full metadata (size, mimetype, eTag ...). Reads (download, signed URLs, list) select the row as
-- the caller, so the SELECT policy decides. supabase/tests/fixtures/storage.ts replays exactly that.

do $$
begin
  if not exists (select from pg_roles where rolname = 'supabase_storage_admin') then
    create role supabase_storage_admin nologin noinherit createrole;
  end if;
end
$$;

create schema if not exists storage;
grant usage on schema storage to postgres, anon, authenticated, service_role;

create table if not exists storage.buckets (
  id text not null primary key,
  name text not null,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text
);
create unique index if not exists bname on storage.buckets using btree (name);
comment on column storage.buckets.owner is 'Field is deprecated, use owner_id instead';

create table if not exists storage.objects (
  id uuid not null default gen_random_uuid() primary key,
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  owner_id text,
  user_metadata jsonb
);
create unique index if not exists bucketid_objname on storage.objects using btree (bucket_id, name);
create index if not exists name_prefix_search on storage.objects (name text_pattern_ops);
comment on column storage.objects.owner is 'Field is deprecated, use owner_id instead';

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

create or replace function storage.foldername(name text)
returns text[]
language plpgsql
immutable
as $function$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[1 : array_length(_parts, 1) - 1];
end
$function$;

create or replace function storage.filename(name text)
returns text
language plpgsql
immutable
as $function$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[array_length(_parts, 1)];
end
$function$;

create or replace function storage.extension(name text)
returns text
language plpgsql
immutable
as $function$
declare
  _parts text[];
  _filename text;
begin
  select string_to_array(name, '/') into _parts;
  select _parts[array_length(_parts, 1)] into _filename;
  return reverse(split_part(reverse(_filename), '.', 1));
end
$function$;

-- The listing the Storage API runs for a caller that does not bypass row-level security (the
-- "legacy" search of 0002/0003): security invoker, so the SELECT policy decides every row.
create or replace function storage.search(prefix text, bucketname text, limits int default 100, levels int default 1, offsets int default 0)
returns table (name text, id uuid, updated_at timestamptz, created_at timestamptz, last_accessed_at timestamptz, metadata jsonb)
language plpgsql
as $function$
begin
  return query
    with files_folders as (
      select path_tokens[levels] as folder
      from storage.objects
      where objects.name ilike prefix || '%'
        and bucket_id = bucketname
      group by folder
      limit limits
      offset offsets
    )
    select files_folders.folder as name, objects.id, objects.updated_at, objects.created_at, objects.last_accessed_at, objects.metadata
    from files_folders
    left join storage.objects on prefix || files_folders.folder = objects.name
    where objects.id is null or objects.bucket_id = bucketname;
end
$function$;

-- Deleting rows directly would orphan stored files; the API sets storage.allow_delete_query.
create or replace function storage.protect_delete()
returns trigger
language plpgsql
as $function$
begin
  if coalesce(current_setting('storage.allow_delete_query', true), 'false') != 'true' then
    raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
      using hint = 'This prevents accidental data loss from orphaned objects.', errcode = '42501';
  end if;
  return null;
end
$function$;

drop trigger if exists protect_buckets_delete on storage.buckets;
create trigger protect_buckets_delete before delete on storage.buckets for each statement execute function storage.protect_delete();
drop trigger if exists protect_objects_delete on storage.objects;
create trigger protect_objects_delete before delete on storage.objects for each statement execute function storage.protect_delete();

grant all on storage.buckets, storage.objects to postgres with grant option;
grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on all functions in schema storage to postgres, anon, authenticated, service_role;
