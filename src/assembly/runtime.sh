#!/bin/sh
# The release bundle's own runtime (SPEC §8, issue 11), run by `mvn package` before the tarball:
#   CTL_RUNTIME_JDK=[JDK_HOME] runtime.sh TARGET_DIR TOOLCHAINS_XML
# It stages the bundle's lib/ in TARGET_DIR/release/ctl/lib (ctl.jar and the libraries, time
# stamps kept). With a JDK 25 or newer (CTL_RUNTIME_JDK, the property ctl.runtime.jdk, else
# the first one maven-toolchains-plugin discovered; `none` for none) it adds runtime/, a jlink image of just
# the modules ctl uses, and lib/ctl.aot, an AOT cache trained on a real run of the common tasks
# against the embedded PostgreSQL on the bundle's own class path (lib/ctl-training.jar holds
# the training driver). Without one that is all: the bundle runs on the operator's Java, and
# bin/ctl keeps that Java's class archive in the user's cache directory (a CDS archive made
# here would be refused anyway once the bundle is unpacked elsewhere: JDK 17's CDS checks the
# class path's absolute paths).
set -eu
target=$1
toolchains=${2:-}
jdk=${CTL_RUNTIME_JDK:-}
release=$target/release
home=$release/ctl
rm -rf "$release"
mkdir -p "$home/lib"
cp -p "$target/ctl.jar" "$target"/lib/*.jar "$home/lib/"

if [ "$jdk" = none ]; then
    echo "runtime: none (ctl.runtime.jdk=none); the bundle runs on the operator's Java"
    exit 0
fi
if [ -z "$jdk" ] && [ -f "$toolchains" ]; then
    # The discovered toolchains, one <toolchain> each: its <version> comes before its <jdkHome>.
    jdk=$(awk -F'[<>]' '
        $2 == "version" { split($3, v, "."); major = v[1] + 0 }
        $2 == "jdkHome" && major >= 25 { print $3; exit }' "$toolchains")
fi
if [ -z "$jdk" ]; then
    echo "runtime: no JDK 25 or newer found; the bundle runs on the operator's Java"
    exit 0
fi
version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null || true)
if [ "${version:-0}" -lt 25 ]; then
    echo "runtime: $jdk is not a JDK 25 or newer (ctl.runtime.jdk); the bundle runs on the operator's Java" >&2
    exit 1
fi
echo "runtime: $jdk (JDK $version)"
start=$(date +%s)

# Trained in the bundle's lib/ as it will be unpacked: the cache holds its class path.
mkdir -p "$release/training"
"$jdk/bin/javac" --release 17 -nowarn -cp "$target/classes" -d "$release/training" \
    "$(dirname "$0")/training/ctl/training/Training.java"
"$jdk/bin/jar" --create --date=2026-01-01T00:00:00Z --file "$home/lib/ctl-training.jar" -C "$release/training" .

# The same class path as bin/ctl builds: ctl.jar first, then lib/*.jar in C collation.
classpath=$(cd "$home/lib" && LC_ALL=C && for jar in *.jar; do
    [ "$jar" = ctl.jar ] || printf ':%s' "$PWD/$jar"; done)
classpath=$home/lib/ctl.jar$classpath

# The embedded database lives in a directory of its own, which `nobody` must reach when this
# runs as root (as in CI): a temporary one, removed at the end. A first run, not recorded,
# creates and migrates it (on the JDK itself, while jdeps and jlink work), so the cache holds
# no Flyway and no unpacking. The training runs no help: the JVM loads the whole cache at
# every start, so it should hold what the common tasks need and little else.
data=$(mktemp -d "${TMPDIR:-/tmp}/ctl-training.XXXXXX")
trap 'wait; rm -rf "$data"' EXIT
chmod 0755 "$data"
log=$release/training.log
train() {
    java=$1
    shift
    env -u DATABASE_URL -u CTL_DATABASE_URL -u PGHOST -u PGDATABASE -u CTL_CONFIG \
        CTL_DATA_DIR="$data/ctl" HOME="$data" XDG_DATA_HOME="$data" \
        "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true -Djdk.reflect.useNativeAccessorOnly=true -Dctl.tty=false -cp "$classpath" "$@" \
        </dev/null >>"$log" 2>&1
}
train "$jdk/bin/java" ctl.Main migrate &
migrate=$!

modules=$("$jdk/bin/jdeps" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC --ignore-missing-deps --print-module-deps --multi-release "$version" \
    --class-path "$classpath" "$home/lib/ctl.jar")
# Found by the service loader or by name, so jdeps cannot see them: jar file systems, EC TLS.
modules=$modules,jdk.zipfs,jdk.crypto.ec
echo "runtime: modules $modules ($(($(date +%s) - start)) s)"
# With the JDK's default CDS archive of its own classes (14 MB), as a JDK has: what runs without
# the AOT cache (a lone --version, CTL_CDS=off) starts in about two thirds of the time.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-0 --generate-cds-archive --output "$home/runtime"
# (the one for heaps past 32 GB, with uncompressed object pointers, is of no use to ctl)
rm -f "$home/runtime/lib/server/classes_nocoops.jsa"
echo "runtime: linked ($(($(date +%s) - start)) s)"

# The cache holds the classes, loaded and linked, but no method profiles (-AOTRecordTraining):
# replayed at start, the profiles of this many-task run had C1 compile at once all that it found
# hot, which cost a one-task run about 60 ms of CPU more than it saved (issue 11).
if ! wait "$migrate" || ! train "$home/runtime/bin/java" -XX:AOTCacheOutput="$home/lib/ctl.aot" -Xlog:aot=warning:file="$release/aot.log" \
        -XX:+UnlockDiagnosticVMOptions -XX:-AOTRecordTraining \
        ctl.training.Training \
        0 --version \; \
        0 user new alice alice@example.com --name Alice --tag staff \; \
        0 user new bob bob@example.com --dry-run \; \
        0 user show alice \; 0 user show alice --json \; 3 user show nobody \; \
        0 user list --limit 20 \; 0 user list --limit 20 --json \; 0 user search ali; then
    cat "$log" >&2
    echo "runtime: the training run failed (its output is above)" >&2
    exit 1
fi
[ -s "$home/lib/ctl.aot" ] || { echo "runtime: no AOT cache was written; see $release/aot.log" >&2; exit 1; }
echo "runtime: $(du -sh "$home/runtime" | cut -f1) runtime, $(du -h "$home/lib/ctl.aot" | cut -f1) AOT cache, $(($(date +%s) - start)) s"
