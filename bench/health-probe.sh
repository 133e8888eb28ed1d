#!/usr/bin/env bash
# What the image's health check costs: three agent containers of the image run side by side for the same minutes:
# one with the agent's own verdict in AGENT_HEALTH_FILE (the image's default: the health check is a shell reading
# a file), one without it (AGENT_HEALTH_FILE= : every probe is a second JVM, as before), and one with no health
# check at all, the baseline. Prints each container's CPU seconds per minute and its memory peak (the probe JVM's
# memory counts against the container's limit), and the ratio of what each health check adds to the baseline.
#   bench/health-probe.sh [seconds, default 300] [health interval, default 30s as in the image]
# Builds the image as the image test does (scripts/runtime-base.sh, then the Dockerfile's prebuilt target), unless
# BOLLARD_IMAGE names one. Needs Docker with the local socket, busybox, JDK 25 as JAVA_HOME.
set -euo pipefail
source "$(dirname "$0")/common.sh"

SECONDS_MEASURED="${1:-300}"
INTERVAL="${2:-30s}"
LABEL="io.bollard.bench.health=$$"
TAG="bench-$$"
IMAGE="${BOLLARD_IMAGE:-}"
BENCH_CLEANUP="docker ps -aq --filter label=$LABEL | xargs -r docker rm -f >/dev/null"
trap stop_agent EXIT
if [ -z "$IMAGE" ]; then
  build_agent
  IMAGE="bollard-bench/agent:$TAG"
  BENCH_CLEANUP="$BENCH_CLEANUP; docker rmi -f $IMAGE bollard-bench/runtime-base:$TAG >/dev/null 2>&1 || true"
  bash "$ROOT/scripts/runtime-base.sh" "bollard-bench/runtime-base:$TAG" >/dev/null
  docker build -q --target prebuilt --build-arg "RUNTIME_IMAGE=bollard-bench/runtime-base:$TAG" -t "$IMAGE" \
    "$ROOT" >/dev/null
fi

# cgroup v1 (cgroupfs driver) or v2 (systemd driver) files of a container
cpu_ns() {
  local id="$1" f
  for f in "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage" "/sys/fs/cgroup/cpu,cpuacct/docker/$id/cpuacct.usage"; do
    [ -r "$f" ] && { cat "$f"; return; }
  done
  for f in "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat" "/sys/fs/cgroup/docker/$id/cpu.stat"; do
    [ -r "$f" ] && { awk '/usage_usec/ {print $2 * 1000}' "$f"; return; }
  done
  echo "health-probe: no cgroup CPU file for $id" >&2; exit 1
}
memory_peak_mib() {
  local id="$1" f
  for f in "/sys/fs/cgroup/memory/docker/$id/memory.max_usage_in_bytes" \
           "/sys/fs/cgroup/system.slice/docker-$id.scope/memory.peak" "/sys/fs/cgroup/docker/$id/memory.peak"; do
    [ -r "$f" ] && { awk '{printf "%.1f", $1 / 1048576}' "$f"; return; }
  done
  echo "n/a"
}
memory_now_mib() {
  docker stats --no-stream --format '{{.MemUsage}}' "$1" | awk '{print $1}'
}

start() {
  docker run -d --label "$LABEL" --group-add "$(stat -c %g /var/run/docker.sock)" \
    -v /var/run/docker.sock:/var/run/docker.sock \
    -e AGENT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" "$@" "$IMAGE"
}
checked() { start --health-interval "$INTERVAL" --health-start-period 20s "$@"; }
verdict=$(docker inspect --format '{{.Id}}' "$(checked)")
jvm=$(docker inspect --format '{{.Id}}' "$(checked -e AGENT_HEALTH_FILE=)")
none=$(docker inspect --format '{{.Id}}' "$(start --no-healthcheck -e AGENT_HEALTH_FILE=)")
for id in "$verdict" "$jvm"; do
  until [ "$(docker inspect --format '{{.State.Health.Status}}' "$id")" = healthy ]; do
    [ "$(docker inspect --format '{{.State.Running}}' "$id")" = true ] || { docker logs "$id" | tail -20; exit 1; }
    sleep 1
  done
done
# The peaks of the start are not the health check's: start counting from here.
for id in "$verdict" "$jvm" "$none"; do
  f="/sys/fs/cgroup/memory/docker/$id/memory.max_usage_in_bytes"
  [ -w "$f" ] && echo 0 > "$f" || true
done
v0=$(cpu_ns "$verdict"); j0=$(cpu_ns "$jvm"); n0=$(cpu_ns "$none")
sleep "$SECONDS_MEASURED"
v1=$(cpu_ns "$verdict"); j1=$(cpu_ns "$jvm"); n1=$(cpu_ns "$none")

per_minute() { echo "($2 - $1) / 1000000000 * 60 / $SECONDS_MEASURED" | bc -l; }
vcpu=$(per_minute "$v0" "$v1"); jcpu=$(per_minute "$j0" "$j1"); ncpu=$(per_minute "$n0" "$n1")
last_probe() {
  docker inspect --format '{{json .State.Health}}' "$1" \
    | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["Log"][-1]["Output"].strip() if h else "-")'
}
printf 'machine: %s, %s cores, %s; %s s measured, health interval %s; image %s\n' "$(uname -m)" "$(nproc)" \
  "$(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)" "$SECONDS_MEASURED" "$INTERVAL" "$IMAGE"
row() {
  printf '%-36s CPU %6.3f s/min (+%6.3f)   memory peak %6s MiB   now %8s   last probe: %s\n' "$1" "$2" \
    "$(echo "$2 - $ncpu" | bc -l)" "$(memory_peak_mib "$3")" "$(memory_now_mib "$3")" "$(last_probe "$3")"
}
row "agent's verdict (AGENT_HEALTH_FILE)" "$vcpu" "$verdict"
row "JVM probe (AGENT_HEALTH_FILE=)" "$jcpu" "$jvm"
row "no health check (baseline)" "$ncpu" "$none"
printf 'CPU the health check adds, verdict/JVM probe: %.3f\n' "$(echo "($vcpu - $ncpu) / ($jcpu - $ncpu)" | bc -l)"
