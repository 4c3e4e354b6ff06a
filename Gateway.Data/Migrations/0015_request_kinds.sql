-- Request kinds beyond chat (embeddings, images, audio, moderations): each usage row says what kind of request it
-- was and what it billed by, and the price book prices the units those kinds bill by.

alter table requests
    add column kind text not null default 'chat',
    add column billing_unit text not null default 'tokens',
    add column billing_quantity numeric(20, 6) not null default 0,
    add constraint requests_kind_valid check (
        kind in ('chat', 'embeddings', 'completions', 'images', 'transcriptions', 'speech', 'moderations')),
    add constraint requests_billing_unit_valid check (
        billing_unit in ('tokens', 'input_tokens', 'images', 'audio_seconds', 'characters')),
    add constraint requests_billing_quantity_non_negative check (billing_quantity >= 0);

-- Unit prices: per image by "{size}/{quality}", "{size}" or "default" (a JSON object of non-negative numbers), per
-- second of audio in, per million characters of speech out. Token prices stay required (0 for a unit-priced model).
alter table price_book
    add column per_image jsonb,
    add column per_audio_second numeric(18, 8),
    add column per_million_speech_characters numeric(18, 6),
    add constraint price_book_per_image_object check (per_image is null or jsonb_typeof(per_image) = 'object'),
    add constraint price_book_per_audio_second_non_negative check (per_audio_second is null or per_audio_second >= 0),
    add constraint price_book_per_million_speech_characters_non_negative check (
        per_million_speech_characters is null or per_million_speech_characters >= 0);
