#!/bin/sh
# The long run of the fault-injection test: SIGKILL each bulk task at KILLS random moments
# (mvn verify runs 4), then SIGINT/SIGTERM the same number of times. Prints the seed, so a
# failing run can be replayed with SEED=…
# Usage: src/bench/faults.sh [KILLS] [SEED]
set -eu
cd "$(dirname "$0")/../.."
kills=${1:-25}
seed=${2:-$(date +%s)}
echo "faults: $kills kills per task, seed $seed" >&2
exec mvn -B -ntp -q test -Dtest=FaultTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dctl.faults.kills="$kills" -Dctl.faults.seed="$seed"
