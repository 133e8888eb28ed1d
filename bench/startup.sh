#!/usr/bin/env bash
# Time from process start to the first 200 on /agent/ping, as the image runs the agent: the image's JVM flags and
# an AOT cache made by the image's training run. Median of N restarts (default 5) on one data folder, as a
# container restart finds it; then the first start (which makes the TLS certificate) and the idle RSS 10 s after a
# start, all plugins on. Needs JDK 25 as JAVA_HOME.
#   bench/startup.sh [runs]
# JAVA_OPTS replaces the image's flags, so others can be compared: JAVA_OPTS="-Xmx128m" bench/startup.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"

RUNS="${1:-5}"
build_agent
OPTS="${JAVA_OPTS:-$IMAGE_HEAP_OPTS $IMAGE_THREAD_OPTS}"
KEEP="$(mktemp -d /tmp/bollard-bench-start.XXXXXX)"
trap 'rm -rf "$KEEP"; stop_agent' EXIT
# shellcheck disable=SC2086
train_aot "$KEEP/bollard.aot" $OPTS

restart() {
  BENCH_DATA_DIR="$KEEP/data" JAVA_OPTS="$OPTS -XX:AOTCache=$KEEP/bollard.aot" start_agent
  trap 'rm -rf "$KEEP"; stop_agent' EXIT
}

restart
first="$AGENT_READY_SECONDS"
stop_agent; AGENT_PID=""
times=()
for _ in $(seq 1 "$RUNS"); do
  restart
  times+=("$AGENT_READY_SECONDS")
  stop_agent; AGENT_PID=""
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

restart
sleep 10
idle=$(rss_mib "$AGENT_PID")
printf 'machine: %s, %s cores; java %s; flags: %s + AOT cache\n' "$(uname -m)" "$(nproc)" \
  "$("$JAVA" -version 2>&1 | head -1)" "$OPTS"
printf 'restart to first ping 200: median %.2f s over %d runs (%s) (goal <= 0.6 s)\n' "$median" "$RUNS" \
  "$(printf '%s\n' "${times[@]}" | sort -n | xargs printf '%.2f ' | sed 's/ $//')"
printf 'first start (makes the TLS certificate): %.2f s\n' "$first"
printf 'idle RSS 10 s after start, all plugins on: %s MiB (goal <= 64 MiB)\n' "$idle"
