#!/usr/bin/env bash
# Bulk work at size (SPEC §7, issue 12): each bulk task on ROWS rows with bin/ctl, next to psql
# doing the same work as one hand-written statement (the same rows, the same cascades, the same
# audit entry), each on freshly seeded rows, alternating, RUNS times (median); meanwhile pgbench
# plays the application's writes on the same tables at a fixed rate, and its latencies during
# each run are set beside its baseline with no bulk work. Ends with a markdown summary table.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1/ctl_bench src/bench/bulk.sh TASK ROWS [RUNS]
#   TASK: delete_activities rm unsubscribe unsubscribe_all_from_instance confirm_all
#         unconfirm_all approve_all prune_invites token_prune, or all
#   src/bench/bulk.sh seed TASK ROWS     only seeds TASK's rows, to try it by hand
#   src/bench/bulk.sh sql TASK           prints the statement psql runs for TASK
#   src/bench/bulk.sh control            the application's latency with no bulk work but one
#                                        or two busy cores, or a process writing to the disk
#
# ROWS is the task's main count: delete_activities, rm, confirm_all, unconfirm_all, approve_all,
# prune_invites and token_prune work on ROWS rows (rm: ROWS activities and ROWS/5 follows each
# way); unsubscribe removes ROWS/5 local followers; unsubscribe_all_from_instance ROWS/1000
# users with 200 local followers each. Peak RSS of ctl is taken on every ctl run and, when ROWS
# is not 10000, on one more ctl run at 10,000 rows.
#
# Needs psql, pgbench (installed with PostgreSQL; else set PGBENCH) and GNU time as
# /usr/bin/time for the peak RSS (Debian: apt-get install time). The database's name must start
# with ctl_bench: the script empties its tables. It migrates it. LOAD_RATE (default 120) is the
# application's statements per second. BASE_CTL=DIR/bin/ctl also runs another build of ctl (an
# unpacked bundle or a checkout at another commit, built) in every round, for a before/after in the
# same run; its columns come after psql's.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to a database named ctl_bench…}"
task=${1:?usage: bulk.sh TASK|all ROWS [RUNS]}
if [ "$task" = control ]; then
    set -- control 10000 # the load's rows: delete_activities' at 10,000
fi
rows=${2:?usage: bulk.sh TASK|all ROWS [RUNS], seed TASK ROWS, sql TASK, or control}
[ "$task" = seed ] || [ "$task" = sql ] || [ "$rows" -ge 1000 ] 2>/dev/null || { echo "bulk.sh: ROWS must be at least 1000" >&2; exit 2; }
runs=${3:-3}
rate=${LOAD_RATE:-120}
pgbench=${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)}
[ -x /usr/bin/time ] || { echo "bulk.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
[ -x "$pgbench" ] || { echo "bulk.sh: pgbench not found: set PGBENCH" >&2; exit 2; }
all_tasks="delete_activities rm unsubscribe unsubscribe_all_from_instance confirm_all unconfirm_all approve_all prune_invites token_prune"
tasks=$task
[ "$task" = all ] && tasks=$all_tasks

q() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
case $(q -At -c "select current_database()") in
    ctl_bench*) ;;
    *) echo "bulk.sh: the database's name must start with ctl_bench (the script empties its tables)" >&2; exit 2 ;;
esac
# not the first run of a new build: that one trains its class-data archive (see below)
CTL_CDS=off bin/ctl migrate -q >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now_us() { echo $(($(date +%s%N) / 1000)); }

# ---- The rows. Every seed starts from empty tables (ids from 1), so every run sees the same
# ids: 1000 users of the application (app1…) with 10 posts each, 10 follows each and a live
# token each; the task's own rows come after them (users from 1001, activities from 10001).

seed() { # TASK N
    local n=$2 f=$(($2 / 5)) k=$(($2 / 1000))
    [ "$k" -ge 1 ] || k=1
    q <<SQL
truncate users, activities, follows, invites, api_tokens, authorizations, password_reset_tokens,
         groups, group_members, audit_log, ctl_run_locks restart identity cascade;
insert into users (nickname, email) select 'app' || i, 'app' || i || '@example.com' from generate_series(1, 1000) i;
insert into activities (user_id, kind, content) select 1 + (i - 1) % 1000, 'post', 'app post ' || i from generate_series(1, 10000) i;
insert into follows (follower_id, followed_id) select a, 1 + (a + j) % 1000 from generate_series(1, 1000) a, generate_series(1, 10) j;
insert into api_tokens (user_id, access_hash, expires_at)
  select i, sha256(('app' || i)::bytea), now() + interval '1 day' from generate_series(1, 1000) i;
SQL
    case $1 in
    delete_activities) q <<SQL ;;
insert into users (nickname, email) values ('bulk', 'bulk@example.com');
insert into activities (user_id, kind, content) select 1001, 'post', 'post ' || i from generate_series(1, $n) i;
-- others' likes of them, whose object_id the foreign key clears
insert into activities (user_id, kind, object_id) select 1 + i % 1000, 'like', 10000 + i * 100 from generate_series(1, $n / 100) i;
SQL
    rm) q <<SQL ;;
insert into users (nickname, email, name, bio, tags, metadata)
  values ('bulk', 'bulk@example.com', 'Bulk', 'a heavy user', '{spam}', '{"a": 1}');
insert into users (nickname, email) select 'f' || i, 'f' || i || '@example.com' from generate_series(1, $f) i;
insert into activities (user_id, kind, content) select 1001, 'post', 'post ' || i from generate_series(1, $n) i;
insert into activities (user_id, kind, object_id) select 1 + i % 1000, 'like', 10000 + i * 100 from generate_series(1, $n / 100) i;
insert into follows (follower_id, followed_id) select 1001 + i, 1001 from generate_series(1, $f) i;
insert into follows (follower_id, followed_id) select 1001, 1001 + i from generate_series(1, $f) i;
insert into api_tokens (user_id, access_hash) select 1001, sha256(('bulk' || i)::bytea) from generate_series(1, 10) i;
insert into authorizations (user_id, app) select 1001, 'app ' || i from generate_series(1, 5) i;
insert into password_reset_tokens (user_id, token_hash, expires_at) values (1001, sha256('r'::bytea), now() + interval '1 day');
insert into groups (name) values ('staff');
insert into group_members (group_id, user_id) values (1, 1001);
SQL
    unsubscribe) q <<SQL ;;
insert into users (nickname, local, instance) values ('spam@bad.example', false, 'bad.example');
insert into users (nickname, email) select 'f' || i, 'f' || i || '@example.com' from generate_series(1, $f) i;
insert into follows (follower_id, followed_id) select 1001 + i, 1001 from generate_series(1, $f) i;
-- remote followers stay
insert into users (nickname, local, instance) select 'r' || i || '@other.example', false, 'other.example' from generate_series(1, 100) i;
insert into follows (follower_id, followed_id) select id, 1001 from users where instance = 'other.example';
SQL
    unsubscribe_all_from_instance) q <<SQL ;;
insert into users (nickname, local, instance) select 'r' || i || '@bad.example', false, 'bad.example' from generate_series(1, $k) i;
insert into users (nickname, email) select 'f' || i, 'f' || i || '@example.com' from generate_series(1, 200) i;
insert into follows (follower_id, followed_id) select 1000 + $k + fi, 1000 + r from generate_series(1, $k) r, generate_series(1, 200) fi;
SQL
    confirm_all | unconfirm_all | approve_all)
        local confirmed=true approved=true
        [ "$1" = confirm_all ] && confirmed=false
        [ "$1" = approve_all ] && approved=false
        # every 100th a moderator, which confirm_all and unconfirm_all skip
        q <<SQL ;;
insert into users (nickname, email, confirmed, approved, moderator)
  select 'u' || i, 'u' || i || '@example.com', $confirmed, $approved, i % 100 = 0 from generate_series(1, $n) i;
SQL
    prune_invites) q <<SQL ;;
-- used, used up, long expired; every 100th still usable, and kept
insert into invites (token, type, used, max_use, uses, expires_at)
  select 'inv' || i,
         case when i % 100 = 0 or i % 3 = 0 then 'one_time' when i % 3 = 1 then 'reusable' else 'date_limited' end,
         i % 100 <> 0 and i % 3 = 0,
         case when i % 100 <> 0 and i % 3 = 1 then 2 end,
         case when i % 100 <> 0 and i % 3 = 1 then 2 else 0 end,
         case when i % 100 <> 0 and i % 3 = 2 then current_date - 60 end
  from generate_series(1, $n + $n / 99) i;
SQL
    token_prune) q <<SQL ;;
-- expired, every 100th still valid, and kept
insert into api_tokens (user_id, access_hash, created_at, expires_at)
  select 1 + i % 1000, sha256(('t' || i)::bytea), now() - interval '2 days',
         case when i % 100 = 0 then now() + interval '1 day' else now() - interval '1 day' end
  from generate_series(1, $n + $n / 99) i;
SQL
    *) echo "bulk.sh: unknown task $1 (tasks: $all_tasks)" >&2; exit 2 ;;
    esac
    q -c "vacuum analyze" -c "checkpoint"
}

# ---- The work: ctl's command, and psql's one statement doing the same, audit entry included.

audit() { # OPERATION KIND TARGET PARAMETERS CHANGES: the columns of the entry ctl writes
    echo "insert into audit_log (actor, actor_host, operation, action_kind, target, parameters, changes, resumes)
          select current_user, 'bench', '$1', '$2', $3, $4, $5,
                 (select max(id) from audit_log where operation = '$1' and status <> 'finished')"
}

ctl_args() {
    case $1 in
    delete_activities) echo "user delete_activities bulk -y" ;;
    rm) echo "user rm bulk -y" ;;
    unsubscribe) echo "user unsubscribe spam@bad.example" ;;
    unsubscribe_all_from_instance) echo "user unsubscribe_all_from_instance bad.example" ;;
    confirm_all | unconfirm_all) echo "user $1 -y" ;;
    approve_all) echo "user approve --all" ;;
    prune_invites) echo "user prune_invites" ;;
    token_prune) echo "token prune" ;;
    esac
}

statement() {
    case $1 in
    delete_activities) echo "with u as (select id from users where nickname = 'bulk' for update),
        gone as (delete from activities where user_id = (select id from u) returning 1)
        $(audit user.delete_activities delete "'bulk'" "jsonb_build_object('user_id', (select id from u))" \
            "jsonb_build_object('activities', (select count(*) from gone))")" ;;
    rm) echo "with u as (select id from users where nickname = 'bulk' for update),
        a as (delete from activities where user_id = (select id from u) returning 1),
        f as (delete from follows where follower_id = (select id from u) or followed_id = (select id from u) returning 1),
        t as (delete from api_tokens where user_id = (select id from u) returning 1),
        z as (delete from authorizations where user_id = (select id from u) returning 1),
        r as (delete from password_reset_tokens where user_id = (select id from u) returning 1),
        g as (delete from group_members where user_id = (select id from u) returning 1),
        d as (update users set email = null, name = null, bio = null, company = null, password_hash = null,
                metadata = '{}', tags = '{}', admin = false, moderator = false, activated = false,
                deleted_at = now(), updated_at = now()
              where id = (select id from u) returning 1)
        $(audit user.rm delete "'bulk'" "jsonb_build_object('user_id', (select id from u), 'purge', false)" \
            "jsonb_build_object('activities', (select count(*) from a), 'follows', (select count(*) from f),
             'api_tokens', (select count(*) from t), 'authorizations', (select count(*) from z),
             'password_reset_tokens', (select count(*) from r), 'group_memberships', (select count(*) from g),
             'users_deleted', (select count(*) from d))")" ;;
    # unsubscribe prints one line per follower: so does the statement
    unsubscribe) echo "with u as (select id from users where nickname = 'spam@bad.example' for update),
        f as (delete from follows where followed_id = (select id from u)
              and follower_id in (select id from users where local) returning follower_id),
        d as (update users set activated = false, updated_at = now() where id = (select id from u) and activated returning 1),
        e as ($(audit user.unsubscribe update "'spam@bad.example'" "jsonb_build_object('user_id', (select id from u))" \
            "jsonb_build_object('follows', (select count(*) from f), 'users_deactivated', (select count(*) from d))"))
        select 'Unsubscribing ' || n.nickname || ' from spam@bad.example' from f join users n on n.id = f.follower_id
        order by f.follower_id" ;;
    unsubscribe_all_from_instance) echo "with u as (select id, nickname from users
              where lower(instance) = lower('bad.example') and deleted_at is null for update),
        f as (delete from follows where followed_id in (select id from u)
              and follower_id in (select id from users where local) returning follower_id, followed_id),
        d as (update users set activated = false, updated_at = now() where id in (select id from u) and activated returning 1),
        e as ($(audit user.unsubscribe_all_from_instance update "'bad.example'" "'{}'" \
            "jsonb_build_object('follows', (select count(*) from f), 'users_deactivated', (select count(*) from d),
             'users', (select count(*) from u))"))
        select 'Unsubscribing ' || n.nickname || ' from ' || u.nickname from f join users n on n.id = f.follower_id
        join u on u.id = f.followed_id order by f.followed_id, f.follower_id" ;;
    confirm_all | unconfirm_all)
        local to=true
        [ "$1" = unconfirm_all ] && to=false
        echo "with c as (update users set confirmed = $to, updated_at = now()
              where local and deleted_at is null and activated and not admin and not moderator and confirmed <> $to
              returning 1)
        $(audit "user.$1" update "'all'" "'{}'" "jsonb_build_object('users', (select count(*) from c))")" ;;
    approve_all) echo "with c as (update users set approved = true, updated_at = now()
              where not approved and deleted_at is null returning 1)
        $(audit user.approve update "'all'" "'{\"all\": true}'" "jsonb_build_object('users', (select count(*) from c))")" ;;
    prune_invites) echo "with gone as (delete from invites
              where used or (max_use is not null and uses >= max_use) or expires_at < current_date - 30 returning 1)
        $(audit user.prune_invites delete "'invites'" "'{\"older_than\": 30}'" \
            "jsonb_build_object('invites', (select count(*) from gone))")" ;;
    token_prune) echo "with gone as (delete from api_tokens
              where (revoked_at is not null or expires_at <= now())
              and (refresh_expires_at is null or refresh_expires_at <= now()) returning 1)
        $(audit token.prune delete null "'{}'" "jsonb_build_object('api_tokens', (select count(*) from gone))")" ;;
    esac
}

# ---- The application meanwhile: pgbench, 8 clients at LOAD_RATE statements a second in all,
# each transaction one statement of the application's (a like, an edit of an activity, a follow,
# a login touching users, a request touching its token, a registration using an invite) on
# rows among those the task works on. Each first reads bench_stop: setting it ends the clients
# (on a division by zero: pgbench has no other way to stop early with its log complete).

load_ranges() { # TASK N: pgbench -D variables, the rows the application touches during TASK
    local n=$2 f=$(($2 / 5)) k=$(($2 / 1000)) a="1 10000" u="1 1000" t="1 1000" i="1 1"
    [ "$k" -ge 1 ] || k=1
    case $1 in
    delete_activities | rm) a="10001 $((10000 + n))" ;;
    esac
    case $1 in
    rm | unsubscribe) u="1002 $((1001 + f))" ;;
    unsubscribe_all_from_instance) u="1001 $((1200 + k))" ;;
    confirm_all | unconfirm_all | approve_all) u="1001 $((1000 + n))" ;;
    prune_invites) i="1 $((n + n / 99))" ;;
    token_prune) t="1 $((1000 + n + n / 99))" ;;
    esac
    set -- $a $u $t $i
    echo "-D amin=$1 -D amax=$2 -D umin=$3 -D umax=$4 -D tmin=$5 -D tmax=$6 -D imin=$7 -D imax=$8"
}

write_scripts() {
    local stop='select 1 / (1 - stop) from bench_stop;'
    printf '%s\n' '\set aid random(:amin, :amax)' '\set app random(1, 1000)' "$stop" \
        "insert into activities (user_id, kind, object_id) select :app, 'like', id from activities where id = :aid for key share;" \
        >"$work/like.sql"
    printf '%s\n' '\set aid random(:amin, :amax)' "$stop" \
        "update activities set content = 'edited' where id = :aid;" >"$work/edit.sql"
    printf '%s\n' '\set a random(1, 1000)' '\set b random(1, 1000)' "$stop" \
        "insert into follows (follower_id, followed_id) select :a, :b where :a <> :b on conflict do nothing;" \
        >"$work/follow.sql"
    printf '%s\n' '\set uid random(:umin, :umax)' "$stop" \
        "update users set updated_at = now() where id = :uid;" >"$work/login.sql"
    printf '%s\n' '\set tid random(:tmin, :tmax)' "$stop" \
        "update api_tokens set last_used_at = now() where id = :tid;" >"$work/token.sql"
    printf '%s\n' '\set iid random(:imin, :imax)' "$stop" \
        "update invites set uses = uses + 1 where id = :iid and not used and (max_use is null or uses < max_use);" \
        >"$work/invite.sql"
    q -c "create table if not exists bench_stop (stop int not null)" -c "truncate bench_stop" -c "insert into bench_stop values (0)"
}

load_start() { # TASK N
    q -c "update bench_stop set stop = 0"
    rm -f "$work"/pgb.*
    # shellcheck disable=SC2046 # the -D words
    (cd "$work" && exec "$pgbench" -n -c 8 -j 2 -R "$rate" -T 3600 --log --log-prefix=pgb $(load_ranges "$1" "$2") \
        -f like.sql -f edit.sql -f follow.sql -f login.sql -f token.sql -f invite.sql "${DATABASE_URL%%\?*}" \
        >"$work/pgbench.out" 2>&1) &
    load_pid=$!
    sleep 2
}

load_stop() {
    sleep 0.5
    q -c "update bench_stop set stop = 1"
    wait "$load_pid" || true
    # any client that ended otherwise (a deadlock, a lost row) would leave latencies out: say so
    if grep "aborted in command" "$work/pgbench.out" | grep -qv "division by zero"; then
        echo "bulk.sh: the load failed otherwise than on bench_stop:" >&2
        grep "aborted in command" "$work/pgbench.out" | grep -v "division by zero" | head -3 >&2
    fi
}

# Latencies (ms) of the application's statements that overlapped FROM–TO (epoch µs): "p50 p99 max".
# pgbench's time under -R counts from the scheduled start, so a statement kept waiting counts in full.
latencies() {
    cat "$work"/pgb.* | awk -v from="$1" -v to="$2" '
        NF >= 6 { end = $5 * 1000000 + $6; if (end >= from && end - $3 <= to) print $3 / 1000 }' | sort -n |
        awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
              p50 = v[int(NR * 0.50 + 0.999)]; p99 = v[int(NR * 0.99 + 0.999)]
              printf "%.1f %.1f %.0f\n", p50, p99, v[NR] }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
maximum() { sort -n | tail -1; }

# One measured run: "wall_ms p50 p99 max rss_kb" (rss 0 for psql).
measure() { # TASK N ctl|psql
    local start end rss=0
    load_start "$1" "$2"
    start=$(now_us)
    if [ "$3" != psql ]; then
        local launcher=bin/ctl
        [ "$3" = base ] && launcher=$BASE_CTL
        # shellcheck disable=SC2046 # the task's words
        /usr/bin/time -f %M -o "$work/rss" "$launcher" $(ctl_args "$1") >/dev/null 2>"$work/ctl.err" ||
            { cat "$work/ctl.err" >&2; exit 1; }
        rss=$(tail -1 "$work/rss")
    else
        q -c "$(statement "$1")" >/dev/null
    fi
    end=$(now_us)
    load_stop
    q -At -c "select changes from audit_log order by id desc limit 1" >"$work/changes.$3"
    echo "$(((end - start) / 1000)) $(latencies "$start" "$end") $rss"
}

baseline() { # TASK N: the application's latencies with no bulk work, over 10 s
    local start
    load_start "$1" "$2"
    start=$(now_us)
    sleep 10
    local end
    end=$(now_us)
    load_stop
    latencies "$start" "$end"
}

col() { awk -v c="$1" '{ print $c }'; }

if [ "$task" = seed ]; then # bulk.sh seed TASK ROWS: only the rows, to try a task by hand
    seed "$2" "${3:?usage: bulk.sh seed TASK ROWS}"
    exit
elif [ "$task" = sql ]; then # bulk.sh sql TASK: psql's statement for TASK
    statement "$2"
    exit
fi
write_scripts
if [ "$task" = control ]; then
    # What contention alone costs the application, touching none of its rows: a bulk task needs a
    # core for its server process and writes its changes to the disk (WAL, then the pages).
    idle() { sleep 10; }
    spin() { timeout "$1" sh -c 'while :; do :; done' || true; }
    busy_one() { spin 10; }
    busy_two() { spin 10 & local other=$!; spin 10; wait "$other" || true; }
    disk() { # 64 MB written and synced, again and again, beside the database's disk
        local file
        file=$(mktemp /var/tmp/bulk-control.XXXXXX)
        timeout 10 sh -c "while :; do dd if=/dev/zero of=$file bs=1M count=64 conv=fdatasync status=none; done" || true
        rm -f "$file"
    }
    under() { # LABEL COMMAND: the application's latencies while COMMAND runs
        local start end
        load_start delete_activities 10000
        start=$(now_us)
        "$2"
        end=$(now_us)
        load_stop
        echo "| $1 | $(latencies "$start" "$end" | sed 's| | / |g') |"
    }
    seed delete_activities 10000
    echo "| the application meanwhile ($rate statements/s) | p50 / p99 / max (ms) |"
    echo "|---|---|"
    under "nothing else" idle
    under "one core kept busy (a shell loop)" busy_one
    under "both cores kept busy" busy_two
    under "64 MB written and synced to the same disk, in a loop" disk
    exit
fi
# The class-data archive of each build, if it has none yet, is trained on its first run: a bulk
# task's, so that neither build pays for loading the bulk classes that an archive trained on
# another task would lack.
for launcher in bin/ctl ${BASE_CTL:-}; do
    first=${tasks%% *}
    seed "$first" 1000
    # shellcheck disable=SC2046 # the task's words
    "$launcher" $(ctl_args "$first") >/dev/null 2>&1 || true
done
summary="| task | rows | ctl | psql | ctl/psql | app p50 / p99 / max (ms): baseline | during ctl | during psql | ctl peak RSS: 10k | $rows |"
[ -z "${BASE_CTL:-}" ] || summary+=" base ctl | base/psql | during base ctl |"
summary+="
|---|---|---|---|---|---|---|---|---|---|"
[ -z "${BASE_CTL:-}" ] || summary+="---|---|---|"
for t in $tasks; do
    ctl_runs=() psql_runs=() base_runs=()
    seed "$t" "$rows"
    base=$(baseline "$t" "$rows")
    echo "$t: baseline p50/p99/max $base ms" >&2
    for r in $(seq "$runs"); do
        seed "$t" "$rows"
        ctl_runs+=("$(measure "$t" "$rows" ctl)")
        echo "$t run $r: ctl  ${ctl_runs[-1]} (ms, p50 p99 max ms, RSS KiB)" >&2
        seed "$t" "$rows"
        psql_runs+=("$(measure "$t" "$rows" psql)")
        echo "$t run $r: psql ${psql_runs[-1]}" >&2
        if [ -n "${BASE_CTL:-}" ]; then
            seed "$t" "$rows"
            base_runs+=("$(measure "$t" "$rows" base)")
            echo "$t run $r: base ${base_runs[-1]}" >&2
            cmp -s "$work/changes.base" "$work/changes.psql" ||
                echo "$t: base ctl and psql changed different rows: $(cat "$work/changes.base") vs $(cat "$work/changes.psql")" >&2
        fi
        # the same work: the audit entries count the same changes
        cmp -s "$work/changes.ctl" "$work/changes.psql" ||
            echo "$t: ctl and psql changed different rows: $(cat "$work/changes.ctl") vs $(cat "$work/changes.psql")" >&2
    done
    rss_small=$(printf '%s\n' "${ctl_runs[@]}" | col 5 | median)
    if [ "$rows" != 10000 ]; then
        seed "$t" 10000
        # shellcheck disable=SC2046
        /usr/bin/time -f %M -o "$work/rss" bin/ctl $(ctl_args "$t") >/dev/null 2>&1
        rss_small=$(tail -1 "$work/rss")
    fi
    ctl=$(printf '%s\n' "${ctl_runs[@]}" | col 1 | median)
    psql=$(printf '%s\n' "${psql_runs[@]}" | col 1 | median)
    lat() { printf '%s / %s / %s' "$(printf '%s\n' "$@" | col 2 | median)" "$(printf '%s\n' "$@" | col 3 | median)" \
        "$(printf '%s\n' "$@" | col 4 | maximum)"; }
    rss_big=$(printf '%s\n' "${ctl_runs[@]}" | col 5 | median)
    summary+="
| $t | $rows | $ctl ms | $psql ms | $(awk "BEGIN { printf \"%.2f\", $ctl / $psql }") | $(echo "$base" | sed 's| | / |g') | $(lat "${ctl_runs[@]}") | $(lat "${psql_runs[@]}") | $((rss_small / 1024)) MiB | $((rss_big / 1024)) MiB |"
    if [ -n "${BASE_CTL:-}" ]; then
        other=$(printf '%s\n' "${base_runs[@]}" | col 1 | median)
        summary+=" $other ms | $(awk "BEGIN { printf \"%.2f\", $other / $psql }") | $(lat "${base_runs[@]}") |"
    fi
done
echo
echo "Median of $runs runs each, wall time including start-up; the application: pgbench, $rate statements/s,"
echo "latency of its statements overlapping each run (p50 and p99: medians over the runs; max: the highest of all)."
echo
echo "$summary"
