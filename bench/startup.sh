#!/usr/bin/env bash
# Time from process start to the first 200 on /agent/ping, median of N runs (default 5), and the idle RSS 10 s
# after start with all plugins on.
#   bench/startup.sh [runs]
# JAVA_OPTS is passed to the JVM, so flags can be compared: JAVA_OPTS="-XX:+UseSerialGC -Xmx64m" bench/startup.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"

RUNS="${1:-5}"
build_agent
times=()
for _ in $(seq 1 "$RUNS"); do
  start_agent
  times+=("$AGENT_READY_SECONDS")
  stop_agent
  AGENT_PID=""
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

start_agent
sleep 10
idle=$(rss_mib "$AGENT_PID")
printf 'machine: %s, %s cores; JAVA_OPTS=%s\n' "$(uname -m)" "$(nproc)" "${JAVA_OPTS:-}"
printf 'start to first ping 200: median %.2f s over %d runs (goal <= 0.6 s)\n' "$median" "$RUNS"
printf 'idle RSS 10 s after start, all plugins on: %s MiB (goal <= 64 MiB)\n' "$idle"
