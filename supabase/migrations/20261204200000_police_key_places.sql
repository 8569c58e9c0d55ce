-- Police stations and police posts (派出所, 警务室) as their own kind of key place (issue 11,
-- "Response circles"): the plan page measures what a unit reaches within 1, 3 and 5 minutes from
-- them, so they must be told apart from the other government offices without reading names.
-- The demo's 派出所 is re-seeded as this kind. Added on its own: a new enum value cannot be used in
-- the transaction that adds it.
alter type public.key_place_kind add value if not exists 'police' after 'government';
