-- Case photos in Supabase Storage: the private bucket "case-photos" and who may touch its objects.
-- The client (SupabaseCaseLoop.uploadPhoto) names each object "<uuid>.<ext>" and puts that name in
-- cases.photo_ids through create_case; photoUrl signs the object for an hour.
--
-- Everything here is guarded on storage.objects existing: on Supabase the storage schema is there
-- and this creates the bucket and policies; on the plain PostgreSQL the local tests run, Storage
-- does not exist and this migration does nothing. So none of it is exercised by the local tests
-- (Storage does not run here); the client's requests are unit-tested against recorded shapes only.
do $$
begin
  if to_regclass('storage.objects') is not null then
    -- Private, with the same limits validatePhoto (src/domain/caseLoop/photos.ts) checks before
    -- upload, so a client that skips the check is refused by Storage too.
    execute $sql$
      insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
      values ('case-photos', 'case-photos', false, 5242880, array['image/jpeg', 'image/png', 'image/webp'])
      on conflict (id) do update set
        public = excluded.public,
        file_size_limit = excluded.file_size_limit,
        allowed_mime_types = excluded.allowed_mime_types
    $sql$;

    -- Any signed-in user may upload: reporting needs the photo stored before create_case names it,
    -- and an object nobody's case names is visible to nobody (below).
    execute 'drop policy if exists case_photos_insert on storage.objects';
    execute $sql$
      create policy case_photos_insert on storage.objects
        for insert to authenticated
        with check (bucket_id = 'case-photos')
    $sql$;

    -- A photo is visible with its case: the subquery runs under the caller's row-level security
    -- on public.cases, so "a case naming this object exists" means "a case the caller may see".
    execute 'drop policy if exists case_photos_select on storage.objects';
    execute $sql$
      create policy case_photos_select on storage.objects
        for select to authenticated
        using (
          bucket_id = 'case-photos'
          and exists (select 1 from public.cases c where storage.objects.name = any (c.photo_ids))
        )
    $sql$;
  end if;
end
$$;
