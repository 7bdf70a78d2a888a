-- Search finds "försörjningsstöd" typed as "forsorjningsstod" (issue 14): a coordinator on a
-- phone or a keyboard without Swedish letters leaves out å, ä and ö. The search vector and
-- the query are both folded by `lotsen_sokbar` (lower case, å/ä → a, ö → o, é → e, ü → u), so
-- words match with and without the dots; the Swedish stemmer then works on the folded words.
create function lotsen_sokbar(t text) returns text
language sql immutable parallel safe as $$ select translate(lower(t), 'åäöéèüáàæø', 'aaoeeuaaao') $$;
grant execute on function lotsen_sokbar(text) to lotsen_app;

drop index arende_sok_idx;
alter table arende drop column sok;
alter table arende add column sok tsvector generated always as
    (to_tsvector('swedish', lotsen_sokbar(nummer || ' ' || beskrivning))) stored;
create index arende_sok_idx on arende using gin (sok);
