-- A bulk run's audit entry is written with its first batch and its counts grow in each
-- batch's own transaction, so the log matches the rows whatever stops the run. status says
-- how the run ended: finished; stopped (by a signal, a lock timeout…: reason says which); or
-- unfinished (still running, or killed before it could say). A rerun names the entry it resumes.
alter table audit_log add column status text not null default 'finished';
alter table audit_log add column reason text;
alter table audit_log add column resumes bigint references audit_log (id);
/* [jooq ignore start] */
alter table audit_log
  add constraint audit_log_status_known check (status in ('finished', 'stopped', 'unfinished'));
create index audit_log_unfinished_idx on audit_log (operation, target) where status <> 'finished';
/* [jooq ignore stop] */

-- Run locks of the cron tasks (prune_invites, token prune): a lease that the run renews with
-- every batch, so it holds across the run's many transactions through a transaction-pooling
-- PgBouncer (a session-level advisory lock does not) and lapses on its own when a run dies.
create table ctl_run_locks (
  name        varchar(100) primary key,
  holder      text        not null,
  acquired_at timestamptz not null default now(),
  expires_at  timestamptz not null
);
