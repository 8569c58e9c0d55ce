-- Realtime stand-in: the part of Supabase Realtime that lives in the project database, so the
-- migrations that broadcast from triggers and authorise channels with policies run here unchanged.
-- Never part of the migrations: on Supabase, Realtime creates all of this in the `realtime` schema
-- itself (its tenant migrations), before any project migration can use it.
--
-- Mirrored in behaviour from supabase/realtime lib/realtime/tenants/repo/migrations (squashed
-- 20260420000000, 20260604120000_add_messages_default_partition, 20260630120000_restrict_realtime_schema):
-- * realtime.messages: partitioned by inserted_at with a default partition, primary key
--   (id, inserted_at), row-level security enabled and no policy (the project adds those), owned by
--   supabase_realtime_admin; the API roles may select, insert and update, so policies decide.
-- * realtime.topic(): the channel topic Realtime is authorising, from the `realtime.topic` setting
--   it sets (with the role and the JWT claims) in the transaction that checks a join.
-- * realtime.send(payload, event, topic, private): one broadcast = one row in realtime.messages;
--   adds the message id to the payload unless it has an `id`; never fails the caller's transaction
--   (an error becomes a WARNING and the message is lost, as on Supabase).
-- * realtime.broadcast_changes(...): the documented trigger helper that sends the whole old and new
--   row (this project does not use it: a case row holds free text).
--
-- Realtime delivers what is committed to realtime.messages by reading the table's inserts from a
-- logical replication slot. The stand-in (tests/harness/realtime-shim.ts) learns of them by NOTIFY
-- instead: the trigger at the end of this file, which is the only piece with no counterpart on
-- Supabase. PostgreSQL delivers a notification only once its transaction commits, in commit order,
-- and never for a rolled-back one — the same messages a replication slot would yield.

do $$
begin
  if not exists (select from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin nologin noinherit noreplication;
  end if;
end
$$;
grant supabase_realtime_admin to postgres;

create schema if not exists realtime;
grant usage on schema realtime to postgres, anon, authenticated, service_role, supabase_realtime_admin;
grant create on schema realtime to supabase_realtime_admin;

create table realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp without time zone default now() not null,
  inserted_at timestamp without time zone default now() not null,
  id uuid default gen_random_uuid() not null,
  constraint messages_pkey primary key (id, inserted_at)
) partition by range (inserted_at);
create table realtime.messages_default partition of realtime.messages default;
create index messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;

create function realtime.topic()
returns text
language sql stable
as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;

create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    final_payload := case when payload ? 'id' then payload else jsonb_set(payload, '{id}', to_jsonb(generated_id)) end;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception
    when others then
      raise warning 'ErrorSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

create function realtime.broadcast_changes(topic_name text, event_name text, operation text, table_name text, table_schema text, new record, old record, level text default 'ROW')
returns void
language plpgsql
as $$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation in ('INSERT', 'UPDATE', 'DELETE') then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation, 'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception
  when others then
    raise exception 'Failed to process the row: %', sqlerrm;
end
$$;

alter table realtime.messages owner to supabase_realtime_admin;
alter table realtime.messages_default owner to supabase_realtime_admin;
alter function realtime.topic() owner to supabase_realtime_admin;
alter function realtime.send(jsonb, text, text, boolean) owner to supabase_realtime_admin;
alter function realtime.broadcast_changes(text, text, text, text, text, record, record, text) owner to supabase_realtime_admin;

grant select, insert, update on realtime.messages to postgres, anon, authenticated, service_role;
grant delete, truncate, references, trigger on realtime.messages to postgres;
alter table realtime.messages enable row level security;

-- Stand-in only (see the header): tells the Realtime stand-in about each committed message. A
-- notification's payload is limited to 8000 bytes, so a large message is announced by its key
-- alone and the stand-in reads it from the table.
create function realtime.stand_in_notify()
returns trigger
language plpgsql
as $$
declare
  v_row text := json_build_object(
    'id', new.id, 'inserted_at', new.inserted_at, 'topic', new.topic, 'event', new.event,
    'private', new.private, 'extension', new.extension, 'payload', new.payload)::text;
begin
  if octet_length(v_row) > 7000 then
    v_row := json_build_object('id', new.id, 'inserted_at', new.inserted_at)::text;
  end if;
  perform pg_notify('realtime_stand_in', v_row);
  return null;
end
$$;
alter function realtime.stand_in_notify() owner to supabase_realtime_admin;

create trigger stand_in_notify
after insert on realtime.messages
for each row execute function realtime.stand_in_notify();
