#!/usr/bin/env bash
# Submits a sharded LumbarSim run to Slurm: a job array of N shards, then a merge job that starts only when every
# shard succeeded (and is cancelled, not left pending, when one fails).
#
#   scripts/slurm/submit.sh N SHARD_DIR OUT [simulate options ...]
#
# e.g. scripts/slurm/submit.sh 16 runs/big-shards runs/big --subjects 1000000 --regimen core-strengthening --gzip
#
# Prints the two job ids (array, merge). Logs go to SHARD_DIR/logs/. Settings:
#   LUMBARSIM        the binary, as the jobs will see it (default: lumbarsim on PATH)
#   CPUS_PER_TASK    cores per shard task (default 1); the task runs that many threads
#   SBATCH_*         sbatch's own environment options (SBATCH_PARTITION, SBATCH_TIMELIMIT, SBATCH_ACCOUNT, ...)
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,14p' "$0" >&2
    exit 2
fi
count=$1 shard_dir=$2 out=$3
shift 3
case $count in
    ''|*[!0-9]*|0) echo "submit.sh: N must be a whole number of shards >= 1 (got '$count')" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$shard_dir/logs"
array=$(sbatch --parsable --array="1-$count" --cpus-per-task="${CPUS_PER_TASK:-1}" \
    --output="$shard_dir/logs/shard-%A_%a.out" "$here/lumbarsim-array.sbatch" "$shard_dir" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$shard_dir/logs/merge-%j.out" "$here/lumbarsim-merge.sbatch" "$shard_dir" "$out")
merge=${merge%%;*}
echo "$array $merge"
