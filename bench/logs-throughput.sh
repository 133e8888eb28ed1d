#!/usr/bin/env bash
# Reading a container's whole log (default 200 MiB) through the agent against straight from the Docker socket in
# the same run, in MiB/s; then the agent's RSS with 200 concurrent followers of that container's log.
#   bench/logs-throughput.sh [log size in MiB]
set -euo pipefail
source "$(dirname "$0")/common.sh"

SIZE_MIB="${1:-200}"
build_agent
LABEL="io.bollard.bench.logs=$$"
BENCH_CLEANUP="docker ps -aq --filter label=$LABEL | xargs -r docker rm -f >/dev/null"
docker inspect bollard-test/busybox:latest >/dev/null 2>&1 || {
  root=$(mktemp -d); mkdir -p "$root/bin"; cp "$(command -v busybox)" "$root/bin/busybox"
  for a in sh yes head sleep; do ln -s busybox "$root/bin/$a"; done
  tar -C "$root" -c . | docker import - bollard-test/busybox:latest >/dev/null; rm -rf "$root"; }
# Lines of 100 bytes until the size is reached, then it waits so followers have something to follow.
id=$(docker run -d --label "$LABEL" bollard-test/busybox:latest sh -c \
  "yes 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456 \
   | head -c $((SIZE_MIB * 1024 * 1024)); sleep 3600")
# Docker holds back the last line, which has no line break: wait until all but that is logged.
until [ "$(docker logs "$id" 2>/dev/null | wc -c)" -ge $((SIZE_MIB * 1024 * 1024 - 200)) ]; do
  sleep 2
done
start_agent

t0=$(date +%s.%N)
bytes_direct=$(curl -s --unix-socket /var/run/docker.sock "http://localhost/containers/$id/logs?stdout=1&stderr=1" | wc -c)
t1=$(date +%s.%N)
direct=$(echo "$bytes_direct / 1048576 / ($t1 - $t0)" | bc -l)
# Twice through the agent: the first read runs partly interpreted; the second is what a running agent does.
# read_agent: prints the bytes read and MiB/s
read_agent() {
  local t0 t1 bytes
  t0=$(date +%s.%N)
  bytes=$(curl -s -H "Authorization: Bearer $TOKEN" "$AGENT_URL/agent/docker/containers/$id/logs" | wc -c)
  t1=$(date +%s.%N)
  echo "$bytes $(echo "$bytes / 1048576 / ($t1 - $t0)" | bc -l)"
}
read -r _ agent_first < <(read_agent)
read -r bytes_agent agent < <(read_agent)

pids=()
for _ in $(seq 1 200); do
  curl -s -N -H "Authorization: Bearer $TOKEN" "$AGENT_URL/agent/docker/containers/$id/logs?follow=true&tail=0" \
    > /dev/null & pids+=($!)
done
sleep 5
followers_rss=$(rss_mib "$AGENT_PID")
kill "${pids[@]}" 2>/dev/null || true

printf 'log: %d MiB (%s bytes with Docker framing direct, %s bytes of text via agent); machine: %s, %s cores\n' \
  "$SIZE_MIB" "$bytes_direct" "$bytes_agent" "$(uname -m)" "$(nproc)"
printf 'direct %.1f MiB/s, via agent %.1f MiB/s (first read %.1f MiB/s), ratio %.2f (first read %.2f) (goal >= 0.9)\n' \
  "$direct" "$agent" "$agent_first" "$(echo "$agent / $direct" | bc -l)" "$(echo "$agent_first / $direct" | bc -l)"
printf 'agent RSS with 200 followers: %s MiB\n' "$followers_rss"
