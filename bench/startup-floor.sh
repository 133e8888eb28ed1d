#!/usr/bin/env bash
# How much of the agent's start is the framework's own: restarts of the agent (as bench/startup.sh times them)
# alternating with starts of bench/floor, a Micronaut server with one plain-HTTP route that pings Docker through
# docker-java, on the agent's versions, with the same JVM flags and an AOT cache of its own training run. Prints
# both medians, their ratio, and both idle RSS 10 s after a start. Needs JDK 25 as JAVA_HOME.
#   bench/startup-floor.sh [rounds]
set -euo pipefail
source "$(dirname "$0")/common.sh"

ROUNDS="${1:-5}"
build_agent
FLOOR="$ROOT/bench/floor/target/floor.jar"
(cd "$ROOT/bench/floor" && mvn -B -q -ntp -DskipTests package)
OPTS="${JAVA_OPTS:-$IMAGE_HEAP_OPTS $IMAGE_THREAD_OPTS}"
KEEP="$(mktemp -d /tmp/bollard-bench-floor.XXXXXX)"
FLOOR_PID=""
stop_floor() {
  if [ -n "$FLOOR_PID" ]; then kill "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true; fi
  FLOOR_PID=""
}
trap 'stop_floor; stop_agent; rm -rf "$KEEP"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# shellcheck disable=SC2086
train_aot "$KEEP/bollard.aot" $OPTS
# shellcheck disable=SC2086
FLOOR_PORT=$(free_port) "$JAVA" $OPTS -XX:AOTCacheOutput="$KEEP/floor.aot" -jar "$FLOOR" train >/dev/null 2>&1

# start_floor: sets FLOOR_PID and FLOOR_READY_SECONDS, timed and polled as start_agent does.
start_floor() {
  local port launched
  port=$(free_port)
  launched=$(date +%s.%N)
  # shellcheck disable=SC2086
  FLOOR_PORT="$port" "$JAVA" $OPTS -XX:AOTCache="$KEEP/floor.aot" -Xlog:aot=off,cds=off -jar "$FLOOR" \
    >"$KEEP/floor.log" 2>&1 &
  FLOOR_PID=$!
  await_ping "http://127.0.0.1:$port"
  FLOOR_READY_SECONDS=$(echo "$(date +%s.%N) - $launched" | bc -l)
}
restart_agent() {
  BENCH_DATA_DIR="$KEEP/data" JAVA_OPTS="$OPTS -XX:AOTCache=$KEEP/bollard.aot -Xlog:aot=off,cds=off" start_agent
  trap 'stop_floor; stop_agent; rm -rf "$KEEP"' EXIT
}

restart_agent; stop_agent; AGENT_PID=""   # the first start makes the certificate: not timed
agent=(); floor=()
for _ in $(seq 1 "$ROUNDS"); do
  restart_agent; agent+=("$AGENT_READY_SECONDS"); stop_agent; AGENT_PID=""
  start_floor; floor+=("$FLOOR_READY_SECONDS"); stop_floor
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
runs() { printf '%s\n' "$@" | sort -n | xargs printf '%.2f ' | sed 's/ $//'; }
a=$(median "${agent[@]}"); f=$(median "${floor[@]}")

restart_agent; sleep 10; agent_rss=$(rss_mib "$AGENT_PID"); stop_agent; AGENT_PID=""
start_floor; sleep 10; floor_rss=$(rss_mib "$FLOOR_PID"); stop_floor

printf 'machine: %s, %s cores; java %s; flags: %s + AOT cache\n' "$(uname -m)" "$(nproc)" \
  "$("$JAVA" -version 2>&1 | head -1)" "$OPTS"
printf 'start to first ping 200, %d rounds alternating: agent median %.2f s (%s), floor median %.2f s (%s)\n' \
  "$ROUNDS" "$a" "$(runs "${agent[@]}")" "$f" "$(runs "${floor[@]}")"
printf 'agent/floor: %.2f; the goal of 0.6 s is %.2f of the floor\n' "$(echo "$a / $f" | bc -l)" "$(echo "0.6 / $f" | bc -l)"
printf 'idle RSS 10 s after start: agent %s MiB, floor %s MiB\n' "$agent_rss" "$floor_rss"
