#!/usr/bin/env bash
# RSS of an idle agent 10 s after start, with all plugins enabled, for several JVM flag sets, so each saving can be
# read off against the one before. Also prints the time to the first 200 on /agent/ping for each.
#   bench/idle-rss.sh [seconds idle, default 10]
# The image's flags (Dockerfile JAVA_OPTS) are the last set; the AOT cache is made here the way the image makes it.
# Needs JDK 25 as JAVA_HOME (for -XX:AOTCacheOutput).
set -euo pipefail
source "$(dirname "$0")/common.sh"

IDLE="${1:-10}"
build_agent
AOT_DIR="$(mktemp -d /tmp/bollard-bench-aot.XXXXXX)"
AOT="$AOT_DIR/bollard.aot"
trap 'rm -rf "$AOT_DIR"; stop_agent' EXIT

# shellcheck disable=SC2086
train_aot "$AOT" $IMAGE_HEAP_OPTS $IMAGE_THREAD_OPTS

run_one() {
  local name="$1" opts="$2"
  JAVA_OPTS="$opts" start_agent
  sleep "$IDLE"
  printf '%-44s ready %5.2f s   idle RSS %6s MiB\n' "$name" "$AGENT_READY_SECONDS" "$(rss_mib "$AGENT_PID")"
  stop_agent; AGENT_PID=""; trap 'rm -rf "$AOT_DIR"; stop_agent' EXIT
}

printf 'machine: %s, %s cores, %s; idle %s s; java %s\n' "$(uname -m)" "$(nproc)" \
  "$(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)" "$IDLE" \
  "$("$JAVA" -version 2>&1 | head -1)"
run_one "default flags" ""
run_one "+ serial GC, 64 MiB heap" "$IMAGE_HEAP_OPTS"
run_one "+ small stacks/code cache, 2 Netty threads" "$IMAGE_HEAP_OPTS $IMAGE_THREAD_OPTS"
run_one "+ AOT cache (the image's flags)" "$IMAGE_HEAP_OPTS $IMAGE_THREAD_OPTS -XX:AOTCache=$AOT"
