#!/usr/bin/env bash
# Bulk work (SPEC §7): `bin/ctl user delete_activities` on ROWS activities next to psql
# deleting the same rows in one statement, in the same run, N times each (median), and how
# long a concurrent writer waits on the same table meanwhile (its slowest statement).
#   DATABASE_URL=postgres://postgres@127.0.0.1/ctl_bench src/bench/bulk.sh [ROWS] [N]
# The database must be migrated (bin/ctl migrate). It creates a user bulk.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to a migrated database}"
rows=${1:-1000000}
runs=${2:-3}
q() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

q -c "insert into users (nickname, email) values ('bulk', 'bulk@example.com')
      on conflict do nothing" 2>/dev/null || true
seed() {
    q -c "insert into activities (user_id, kind, content)
          select u.id, 'post', 'post ' || n from users u, generate_series(1, $rows) n where u.nickname = 'bulk'"
    q -c "vacuum analyze activities"
}

# The application meanwhile: a writer that keeps touching a random row among those being
# deleted (as a like or an edit would), one statement at a time, and prints its slowest
# statement in ms when told to stop (a bounded loop). A row in a batch in flight waits for
# that batch; under one big DELETE it waits for the whole run.
writer() {
    local max=0 start end ms
    for _ in $(seq 60000); do
        [ -f "$stop" ] && break
        start=$(date +%s%N)
        q -c "update activities set content = content where id = (
                select min(id) + floor(random() * (max(id) - min(id) + 1))::bigint from activities
                where user_id = (select id from users where nickname = 'bulk'))"
        end=$(date +%s%N)
        ms=$(((end - start) / 1000000))
        [ "$ms" -gt "$max" ] && max=$ms
    done
    echo "$max"
}

stop=$(mktemp -u)
millis() {
    local start end out
    rm -f "$stop"
    out=$(mktemp)
    writer >"$out" &
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    touch "$stop"
    wait
    echo "$(((end - start) / 1000000)) $(cat "$out")"
    rm -f "$out" "$stop"
}
median() { sort -n | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }

ctl_times=() psql_times=()
for _ in $(seq "$runs"); do
    seed
    ctl_times+=("$(millis bin/ctl user delete_activities bulk -y -q)")
    seed
    psql_times+=("$(millis q -c "delete from activities where user_id = (select id from users where nickname = 'bulk')")")
done

ctl=$(printf '%s\n' "${ctl_times[@]}" | median)
psql=$(printf '%s\n' "${psql_times[@]}" | median)
printf 'delete_activities on %d rows, median of %d runs (wall ms, slowest concurrent write ms)\n' "$rows" "$runs"
printf '  bin/ctl user delete_activities  %7d ms   writer max %5d ms\n' ${ctl}
printf '  psql, one DELETE                %7d ms   writer max %5d ms\n' ${psql}
printf '  ctl/psql %s\n' "$(awk "BEGIN { split(\"$ctl\", a, \" \"); split(\"$psql\", b, \" \"); printf \"%.1f\", a[1] / b[1] }")"
