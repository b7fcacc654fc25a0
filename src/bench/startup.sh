#!/usr/bin/env bash
# Start-up of a one-row task (SPEC §7): the median wall time of N runs of `bin/ctl user show`
# next to psql doing the same lookup and to the JVM starting alone, in the same run.
#   DATABASE_URL=postgres://postgres@127.0.0.1/ctl_bench src/bench/startup.sh [N]
# The database must be migrated (bin/ctl migrate); a user `bench` is created if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to a migrated database}"
runs=${1:-10}

bin/ctl user show bench -q >/dev/null 2>&1 || bin/ctl user new bench bench@example.com -q >/dev/null
bin/ctl user show bench >/dev/null # trains the class-data-sharing archive if there is none

millis() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo $(((end - start) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() { for _ in $(seq "$runs"); do millis "$@"; done | median; }

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
ctl=$(measure bin/ctl user show bench)
psql=$(measure psql "$DATABASE_URL" -X -A -t -c "select id, nickname, email, name, bio, company, local, instance, admin, moderator, locked, confirmed, activated, approved, tags, metadata, created_at, updated_at from users where lower(nickname) = lower('bench') and deleted_at is null")
jvm=$(measure "$java" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version)

printf 'median of %d runs\n' "$runs"
printf '  bin/ctl user show bench   %5d ms\n' "$ctl"
printf '  psql, the same query      %5d ms   ctl/psql %s\n' "$psql" "$(awk "BEGIN { printf \"%.1f\", $ctl / $psql }")"
printf '  java -version (JVM alone) %5d ms   ctl/jvm  %s\n' "$jvm" "$(awk "BEGIN { printf \"%.1f\", $ctl / $jvm }")"
