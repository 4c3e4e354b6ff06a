-- Responses API objects the gateway keeps (store: true, the API's default) so GET /v1/responses/{id}, DELETE and
-- previous_response_id work: one row per response id the gateway issued, owned by the calling key's tenant (its
-- organization; a key without one, such as a config-file key, owns its rows alone). A passed-through response keeps the
-- provider and model that hold its state and the provider's id for it; a translated one keeps the conversation so far,
-- which a later request continues from.

create table stored_responses (
    id                    text primary key,
    created_at            timestamptz not null default now(),
    org_id                uuid,
    key_id                text not null,
    provider_id           text not null,
    served_model          text not null,
    provider_response_id  text,
    translated            boolean not null,
    response              jsonb not null,
    conversation          jsonb,
    constraint stored_responses_id_length check (char_length(id) between 1 and 128),
    constraint stored_responses_response_object check (jsonb_typeof(response) = 'object'),
    constraint stored_responses_conversation_array check (conversation is null or jsonb_typeof(conversation) = 'array'),
    constraint stored_responses_pass_through_has_provider_id check (translated or provider_response_id is not null)
);

create index stored_responses_org_created_idx on stored_responses (org_id, created_at);
