#!/usr/bin/env bash
# Runs the Slurm scripts on a real one-node Slurm cluster on this machine and checks the result: slurmctld,
# slurmd and munged (Debian's slurm-wlm 22.05 and munge) are started directly, without systemd, with their
# configuration, state, sockets and logs in a private folder and on their own ports, so nothing in /etc/slurm or
# an other cluster on the machine is touched. The cluster runs submit.sh (a 4-task job array plus the dependent
# merge job), and the merged tables must be byte-identical to the same run made locally. Everything it started is
# stopped again on exit.
#
#   sudo scripts/slurm/test-local-cluster.sh          (from the repository root; CI runs it as root)
#
# Installs slurmctld, slurmd, slurm-client and munge with apt when they are missing. Settings:
#   LUMBARSIM            the binary to test (default: .build/release/lumbarsim, built when missing)
#   SLURM_TEST_PORT      slurmctld's port; slurmd uses the next one (default 16817)
#   SLURM_TEST_TIMEOUT   seconds to wait for the node and for the jobs (default 300)
#   KEEP=1               keep the private folder (configuration, logs, outputs) for a look afterwards
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

port=${SLURM_TEST_PORT:-16817}
timeout=${SLURM_TEST_TIMEOUT:-300}
shards=4
run=(--subjects 240 --seed 3 --regimen core-strengthening --rate 100 --chunk-size 20)

say() { echo "[slurm-test] $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (the daemons run as root and the jobs as the submitting user)"

# --- packages -----------------------------------------------------------------------------------------------
missing=()
for tool in slurmctld slurmd sbatch munged; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if ((${#missing[@]})); then
    say "installing slurmctld slurmd slurm-client munge (missing: ${missing[*]})"
    # Without systemd the packages' start scripts would fail or start daemons we do not want: forbid them while
    # installing (a policy-rc.d that says no), unless the machine already has its own policy.
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; own_policy=1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
    [ "$own_policy" = 1 ] && rm -f "$policy"
fi

# --- the binary ---------------------------------------------------------------------------------------------
lumbarsim=${LUMBARSIM:-$repo/.build/release/lumbarsim}
if [ ! -x "$lumbarsim" ]; then
    say "building $lumbarsim"
    swift build -c release --product lumbarsim >/dev/null
fi
lumbarsim=$(cd "$(dirname "$lumbarsim")" && pwd)/$(basename "$lumbarsim")

# --- a private folder and clean-up --------------------------------------------------------------------------
work=$(mktemp -d /tmp/lumbarsim-slurm-test.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
    local status=$?
    if [ -f "$work/slurm.conf" ]; then
        SLURM_CONF="$work/slurm.conf" scancel --quiet --user=root 2>/dev/null || true
    fi
    for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
        [ -s "$pidfile" ] || continue
        local pid; pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ "${KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
        say "kept $work (logs: $work/*.log, $work/shards/logs)"
    else
        rm -rf "$work"
    fi
    exit $status
}
trap cleanup EXIT

# --- munge: our own daemon, key and socket ------------------------------------------------------------------
mkdir -p "$work/munge"
chown munge:munge "$work/munge"
chmod 755 "$work/munge"  # munged wants its socket folder searchable by all
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"
socket=$work/munge/munge.socket
runuser -u munge -- munged --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
for _ in $(seq 50); do munge --socket="$socket" -n 2>/dev/null | unmunge --socket="$socket" >/dev/null 2>&1 && break; sleep 0.1; done
munge --socket="$socket" -n | unmunge --socket="$socket" >/dev/null || fail "munged did not answer (see $work/munge/munged.log)"

# --- Slurm: one node, this machine ---------------------------------------------------------------------------
node=$(hostname -s)
if ! getent hosts "$node" >/dev/null; then say "adding $node to /etc/hosts (slurmd finds itself by host name)"; echo "127.0.0.1 $node" >> /etc/hosts; fi
# The node as slurmd sees it; a RealMemory above what it detects would drain the node, so leave some slack.
hardware=$(slurmd -C | head -n 1)
[[ $hardware == NodeName=* ]] || fail "slurmd -C: $hardware"
memory=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hardware")
hardware=$(sed "s/RealMemory=[0-9]*/RealMemory=$((memory * 9 / 10))/" <<<"$hardware")
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=lumbarsim-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
MpiDefault=none
MailProg=/bin/true
# No cgroup plugins: they need a cgroup.conf and a delegated cgroup tree, and without them the node drains.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
$hardware NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
say "waiting for node $node"
state=""
for _ in $(seq $((timeout * 4))); do
    state=$(sinfo -h -n "$node" -o %T 2>/dev/null || true)
    case $state in
        idle*|mixed*|allocated*) break ;;
        drain*|down*) scontrol update NodeName="$node" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 0.25
done
case $state in idle*|mixed*|allocated*) ;; *) tail -n 20 "$work"/*.log >&2; fail "node not idle (state: ${state:-none})" ;; esac

# --- the run: locally, then on the cluster -------------------------------------------------------------------
started=$(date +%s)
"$lumbarsim" simulate "${run[@]}" --out "$work/local" >/dev/null
say "submitting $shards shards and the merge"
read -r array merge < <(LUMBARSIM=$lumbarsim scripts/slurm/submit.sh "$shards" "$work/shards" "$work/merged" "${run[@]}")
say "array job $array, merge job $merge"
# sbatch --wait polls slowly and a merge cancelled for a failed shard still reports success: watch the queue,
# then judge by the output itself.
for _ in $(seq $((timeout * 2))); do
    [ -z "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ] || fail "jobs still queued after ${timeout}s: $(squeue -h -o '%i %T %R')"
[ -f "$work/merged/manifest.json" ] || { cat "$work"/shards/logs/* >&2 || true; fail "the merge job wrote no run folder"; }
shard_count=$(ls -d "$work"/shards/shard-* | wc -l)
[ "$shard_count" = "$shards" ] || fail "$shard_count shard folders, expected $shards"
for table in subjects.csv tests.csv outcomes.csv; do
    cmp "$work/local/$table" "$work/merged/$table" || fail "$table of the cluster run differs from the local run"
done
say "OK: $shards array tasks + merge on Slurm, tables byte-identical to the local run ($(($(date +%s) - started)) s)"
