#!/usr/bin/env bash
# shellcheck disable=SC2016 # backquotes in the table are Markdown
# Start-up of the common one-shot tasks (SPEC §7, issue 11), from one interleaved run: each
# round runs every case once, in the same order, so a busy machine slows all of them alike.
#   src/bench/startup.sh [N]         (N rounds, default 11; after `mvn package`)
# Cases: `user show`, `user list --limit 20`, `user new --dry-run` and `--version`, each by
#   bundle    the release bundle (target/ctl-<version>.tar.gz, unpacked), on its own runtime
#             when the build found a JDK 25, with its prebuilt archive
#   checkout  bin/ctl of this source checkout on the default java (its archive trained first)
# against psql doing the same queries, and `--version` against `java -version` on the same JDK
# with the launcher's flags. It prints medians of wall time, CPU time (user + sys) and peak RSS
# (GNU time: apt-get install time), the ratios, and how many classes each run loads, and how
# many of them came from the archive.
# ctl runs with the launcher's default JVM options, or CTL_JAVA_OPTS when set (it replaces them,
# as in bin/ctl), e.g. CTL_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn16m -XX:-UsePerfData".
# Beside them, the floor: src/bench/Floor.java does `user show`'s query and nothing else, by
# pgjdbc alone and through jOOQ with ctl's generated table, on each JDK, with the launcher's
# flags and the same kind of archive (trained first): what the fixed stack costs before any of
# ctl's own work (picocli, the checks, the session settings, the output).
# It makes a database of its own on the server PG_BENCH_URL (default
# postgres://postgres@127.0.0.1:5432) with createdb, migrates it with bin/ctl, and drops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-11}
server=${PG_BENCH_URL:-postgres://postgres@127.0.0.1:5432}
[ -x /usr/bin/time ] || { echo "startup.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

version=$(sed -n 's/^  <version>\(.*\)<\/version>$/\1/p' pom.xml)
tarball=target/ctl-$version.tar.gz
[ -f "$tarball" ] || { echo "startup.sh: no $tarball: run mvn package first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ctl-startup.XXXXXX")
db=ctl_bench_$$
export DATABASE_URL=$server/$db
cleanup() { dropdb --if-exists --maintenance-db="$server/postgres" "$db" || true; rm -rf "$work"; }
trap cleanup EXIT
createdb --maintenance-db="$server/postgres" "$db"
tar xzf "$tarball" -C "$work"
bundle=$work/ctl-$version/bin/ctl
export XDG_CACHE_HOME=$work/cache   # the checkout's archive, not in the user's own cache
# Set up by the bundle, so that the checkout's archive is made by the first run below (a
# checkout's archive holds the classes of the run that made it).
$bundle migrate -q >/dev/null 2>&1
$bundle user new alice alice@example.com -q >/dev/null
for i in $(seq 2 30); do $bundle user new "user$i" "user$i@example.com" -q >/dev/null; done

if [ -x "$work/ctl-$version/runtime/bin/java" ]; then bundle_java=$work/ctl-$version/runtime/bin/java; else bundle_java=java; fi
checkout_java=${JAVA_HOME:+$JAVA_HOME/bin/}java
fields="id, nickname, email, name, bio, company, local, instance, admin, moderator, locked, confirmed, activated, approved, tags, metadata, created_at, updated_at"
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# The floor program, compiled against the bundle's jars, and its archives: an AOT cache on 25+
# (recorded without method profiles, as the launcher does), dynamic CDS below.
lib=$work/ctl-$version/lib
floor_cp=$work/floor.jar:$lib/ctl.jar$(LC_ALL=C; for jar in "$lib"/*.jar; do [ "$jar" = "$lib/ctl.jar" ] || printf ':%s' "$jar"; done)
javac -nowarn --release 17 -cp "$floor_cp" -d "$work/floor" src/bench/Floor.java
jar cf "$work/floor.jar" -C "$work/floor" .
rest=${server#*://}
jdbc_url="jdbc:postgresql://${rest#*@}/$db?user=${rest%%@*}&sslmode=disable"
launcher_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmn16m -Xms32m -XX:-UsePerfData -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -Djdk.reflect.useNativeAccessorOnly=true"
floor() { # KIND JAVA MODE: prints the command, its archive trained
    local archive=$work/floor-$1-$3
    if "$2" -XX:AOTMode=off -version >/dev/null 2>&1; then
        # shellcheck disable=SC2086
        "$2" $launcher_flags -XX:AOTMode=record -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
            -XX:AOTConfiguration="$archive.conf" -cp "$floor_cp" Floor "$3" "$jdbc_url" alice >/dev/null
        # shellcheck disable=SC2086
        "$2" $launcher_flags -XX:AOTMode=create -XX:AOTConfiguration="$archive.conf" -XX:AOTCache="$archive.aot" \
            -cp "$floor_cp" >/dev/null 2>&1
        archive="-Xlog:aot=off -Xlog:cds=off -XX:AOTCache=$archive.aot"
    else
        # shellcheck disable=SC2086
        "$2" $launcher_flags -Xlog:cds=off -XX:ArchiveClassesAtExit="$archive.jsa" -cp "$floor_cp" Floor "$3" "$jdbc_url" alice >/dev/null
        archive="-Xlog:cds=off -XX:SharedArchiveFile=$archive.jsa"
    fi
    echo "$2 $launcher_flags $archive \${floor_log:-} -cp $floor_cp Floor $3 '$jdbc_url' alice"
}

names=() commands=()
case_() { names+=("$1"); commands+=("$2"); }
for kind in bundle checkout; do
    if [ $kind = bundle ]; then ctl=$bundle; else ctl=bin/ctl; fi
    case_ "$kind user show"    "$ctl user show alice"
    case_ "$kind user list"    "$ctl user list --limit 20"
    case_ "$kind user new"     "$ctl user new bob bob@example.com --dry-run"
    case_ "$kind --version"    "$ctl --version"
done
case_ "psql user show"      "psql -X -A -t -q $DATABASE_URL -c \"select $fields from users where lower(nickname) = lower('alice') and deleted_at is null\""
case_ "psql user list"      "psql -X -A -t -q $DATABASE_URL -c \"select $fields from users where local and deleted_at is null order by id limit 20\""
case_ "psql user new"       "psql -X -A -t -q $DATABASE_URL -c \"begin; select 1 from users where lower(nickname) = 'bob' or lower(email) = 'bob@example.com'; insert into users (nickname, email, local) values ('bob', 'bob@example.com', true) returning $fields; rollback\""
for kind in bundle checkout; do
    if [ $kind = bundle ]; then j=$bundle_java; else j=$checkout_java; fi
    case_ "$kind floor jdbc" "$(floor $kind "$j" jdbc)"
    case_ "$kind floor jooq" "$(floor $kind "$j" jooq)"
done
case_ "bundle java -version"   "$bundle_java $flags -version"
case_ "checkout java -version" "$checkout_java $flags -version"

# one untimed run of each warms the caches; the first, `user show`, makes the checkout's archive
for c in "${commands[@]}"; do eval "$c" >/dev/null 2>&1 || { echo "startup.sh: failed: $c" >&2; exit 1; }; done

for round in $(seq "$runs"); do
    for i in "${!commands[@]}"; do
        start=$(date +%s%N)
        eval "/usr/bin/time -f '%U %S %M' -o $work/t ${commands[$i]}" >/dev/null 2>&1
        end=$(date +%s%N)
        read -r user sys rss <"$work/t"
        echo "$i $(((end - start) / 1000000)) $(awk "BEGIN { print int(($user + $sys) * 1000) }") $((rss / 1024))" >>"$work/samples"
    done
    printf '\rround %d of %d' "$round" "$runs" >&2
done
printf '\n' >&2

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
stat() { awk -v i="$1" -v f="$2" '$1 == i { print $f }' "$work/samples" | median; }
index() { local i; for i in "${!names[@]}"; do if [ "${names[$i]}" = "$1" ]; then echo "$i"; fi; done; }

# classes each ctl case loads, and how many came from an archive (one more run each, logged)
classes() {
    local log=$work/classes.log
    env CTL_JAVA_OPTS="${CTL_JAVA_OPTS:-$flags} -Xlog:class+load=info:file=$log" \
        floor_log="-Xlog:class+load=info:file=$log" bash -c "$1" >/dev/null 2>&1 || true
    echo "$(grep -c 'class,load' "$log") ($(grep -c 'shared objects file' "$log"))"
}

printf '\nmedians of %d interleaved rounds, %s, %s%s\n\n' "$runs" "$(nproc) cores" "$(date -u +%F)" \
    "${CTL_JAVA_OPTS:+, CTL_JAVA_OPTS=$CTL_JAVA_OPTS}"
printf '| run | wall | CPU | peak RSS | wall ÷ psql | classes (archived) |\n|---|---|---|---|---|---|\n'
for what in "user show" "user list" "user new"; do
    p=$(index "psql $what")
    pw=$(stat "$p" 2)
    for kind in bundle checkout; do
        i=$(index "$kind $what")
        printf '| %s `%s` | %d ms | %d ms | %d MB | %.1f× | %s |\n' "$kind" "$what" "$(stat "$i" 2)" "$(stat "$i" 3)" \
            "$(stat "$i" 4)" "$(awk "BEGIN { print $(stat "$i" 2) / $pw }")" "$(classes "${commands[$i]}")"
    done
    if [ "$what" = "user show" ]; then
        for kind in bundle checkout; do
            for mode in jdbc jooq; do
                i=$(index "$kind floor $mode")
                printf '| floor: the query by %s, %s | %d ms | %d ms | %d MB | %.1f× | %s |\n' \
                    "$(if [ $mode = jdbc ]; then echo "pgjdbc alone"; else echo "jOOQ"; fi)" \
                    "$(if [ $kind = bundle ]; then echo "the bundle's runtime"; else echo "$checkout_java"; fi)" \
                    "$(stat "$i" 2)" "$(stat "$i" 3)" "$(stat "$i" 4)" "$(awk "BEGIN { print $(stat "$i" 2) / $pw }")" \
                    "$(classes "${commands[$i]}")"
            done
        done
    fi
    printf '| psql, the same queries | %d ms | %d ms | %d MB | 1 | |\n' "$pw" "$(stat "$p" 3)" "$(stat "$p" 4)"
done
for kind in bundle checkout; do
    i=$(index "$kind --version") j=$(index "$kind java -version")
    printf '| %s `--version` | %d ms | %d ms | %d MB | %.1f× java -version | %s |\n' "$kind" "$(stat "$i" 2)" "$(stat "$i" 3)" \
        "$(stat "$i" 4)" "$(awk "BEGIN { print $(stat "$i" 2) / $(stat "$j" 2) }")" "$(classes "${commands[$i]}")"
    printf '| %s `java -version` (%s) | %d ms | %d ms | %d MB | | |\n' "$kind" \
        "$(if [ $kind = bundle ]; then echo "$bundle_java"; else echo "$checkout_java"; fi | sed "s|$work/ctl-$version/|bundle's |")" \
        "$(stat "$j" 2)" "$(stat "$j" 3)" "$(stat "$j" 4)"
done
