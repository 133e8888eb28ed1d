#!/usr/bin/env bash
# Shared by the bench scripts: build the agent if needed, start it on a free port with its own data folder, and
# stop it on exit. Needs a running Docker Engine, JDK 21+, curl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/agent-app/target/bollard-agent.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

build_agent() {
  if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && mvn -B -q -ntp -DskipTests package)
  fi
}

# The benches' own busybox image (not the tests' bollard-test/busybox, which holds more: a bench run must not leave
# a smaller image under the name the tests build theirs).
BENCH_IMAGE=bollard-bench/busybox:latest
bench_image() {
  docker inspect "$BENCH_IMAGE" >/dev/null 2>&1 && return 0
  local root; root=$(mktemp -d); mkdir -p "$root/bin" "$root/tmp"; cp "$(command -v busybox)" "$root/bin/busybox"
  for a in sh sleep yes head touch test; do ln -s busybox "$root/bin/$a"; done
  tar -C "$root" -c . | docker import - "$BENCH_IMAGE" >/dev/null; rm -rf "$root"
}

# The image's JVM flags (Dockerfile JAVA_OPTS), in two groups so their savings can be told apart.
IMAGE_HEAP_OPTS="-XX:+UseSerialGC -Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=5000"
IMAGE_THREAD_OPTS="-Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m -XX:CICompilerCount=2 -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 -Dio.netty.eventLoopThreads=2"

# train_aot FILE [jvm options...]: the image's training run (docker/train.sh) on this machine's JVM, writing the
# JDK 25 AOT cache to FILE. Needs JDK 25 as JAVA_HOME.
train_aot() {
  local file="$1"; shift
  local dir; dir="$(mktemp -d)"
  AGENT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" AGENT_DATA_DIR="$dir" AGENT_HEALTH_FILE="$dir/health" \
    DOCKER_HOST=unix:///tmp/bollard-no-docker.sock AGENT_PORT=17999 \
    "$JAVA" "$@" -XX:AOTCacheOutput="$file" -jar "$JAR" train >/dev/null 2>&1
  rm -rf "$dir"
}

# await_ping URL: polls URL/agent/ping every 20 ms until it answers 200 (at most about 200 tries).
await_ping() {
  for _ in $(seq 1 200); do
    if curl -sf "$1/agent/ping" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.02
  done
}

# start_agent [extra env assignments...]: sets AGENT_PID, AGENT_URL, TOKEN, BENCH_DIR, CURL_CA_BUNDLE and
# AGENT_READY_SECONDS (process start to the first 200 on /agent/ping). The data folder is new each time (so the
# agent makes its certificate), unless BENCH_DATA_DIR names one to keep, as a restart would.
start_agent() {
  BENCH_DIR="$(mktemp -d /tmp/bollard-bench.XXXXXX)"
  local data="${BENCH_DATA_DIR:-$BENCH_DIR/data}"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export AGENT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  local launched
  launched=$(date +%s.%N)
  # The agent's own health verdict, written every 15 s, as the image has it (AGENT_HEALTH_FILE).
  env AGENT_PORT="$port" AGENT_DATA_DIR="$data" AGENT_HEALTH_FILE="$BENCH_DIR/health" "$@" "$JAVA" ${JAVA_OPTS:-} -jar "$JAR" \
    >"$BENCH_DIR/agent.log" 2>&1 &
  AGENT_PID=$!
  if [ "${AGENT_TLS:-true}" = "false" ]; then AGENT_URL="http://127.0.0.1:$port"; else AGENT_URL="https://127.0.0.1:$port"; fi
  export CURL_CA_BUNDLE="$data/certs/agent-cert.pem"
  await_ping "$AGENT_URL"
  AGENT_READY_SECONDS=$(echo "$(date +%s.%N) - $launched" | bc -l)
  TOKEN=$(AGENT_DATA_DIR="$data" "$JAVA" -jar "$JAR" token --ttl 1h)
  trap stop_agent EXIT
}

stop_agent() {
  if [ -n "${AGENT_PID:-}" ]; then
    kill "$AGENT_PID" 2>/dev/null || true
    wait "$AGENT_PID" 2>/dev/null || true
  fi
  [ -n "${BENCH_DIR:-}" ] && rm -rf "$BENCH_DIR"
  [ -n "${BENCH_CLEANUP:-}" ] && eval "$BENCH_CLEANUP"
  return 0
}

# peak_rss_mib PID: the process's peak resident set size so far, MiB
peak_rss_mib() {
  awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"
}

# rss_mib PID: the process's resident set size now, MiB
rss_mib() {
  awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"
}
