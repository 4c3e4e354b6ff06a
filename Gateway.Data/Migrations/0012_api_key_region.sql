-- The region whose provider destinations a database key prefers, as config-file keys have (null: the replica's own).

alter table api_keys add column region text;
alter table api_keys add constraint api_keys_region_length check (region is null or char_length(btrim(region)) between 1 and 64);
