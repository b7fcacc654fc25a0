-- A login's refresh token outlives its access token (ctl: access 1 hour, refresh 30 days), so
-- it has its own expiry. Only a row with a refresh token has one.
alter table api_tokens add column refresh_expires_at timestamptz;

/* [jooq ignore start] */
-- Refresh tokens written before this column existed get the lifetime ctl gives new ones.
update api_tokens set refresh_expires_at = created_at + interval '30 days' where refresh_hash is not null;
alter table api_tokens
  add constraint api_tokens_refresh_expiry check ((refresh_hash is null) = (refresh_expires_at is null));
-- token prune looks for rows whose tokens are all past use
create index api_tokens_expires_idx on api_tokens (expires_at) where expires_at is not null;
/* [jooq ignore stop] */
