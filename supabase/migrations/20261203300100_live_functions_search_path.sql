-- Supabase's linter (function_search_path_mutable) flags the two live-topic helpers of
-- 20261203300000: a function without a fixed search_path resolves names through the caller's.
-- Both name every object with its schema, so an empty search_path changes nothing they do.
alter function private.live_topic_path(text) set search_path = '';
alter function private.live_topics(extensions.ltree[]) set search_path = '';
