#!/usr/bin/env bash
# Reading a container's whole log (default 200 MiB) through the agent against straight from the Docker socket in
# the same run, in MiB/s; then the agent's RSS with 200 concurrent followers of that container's log.
#   bench/logs-throughput.sh [log size in MiB]        (ROUNDS=3 rounds of one direct and one agent read)
set -euo pipefail
source "$(dirname "$0")/common.sh"

SIZE_MIB="${1:-200}"
build_agent
LABEL="io.bollard.bench.logs=$$"
BENCH_CLEANUP="docker ps -aq --filter label=$LABEL | xargs -r docker rm -f >/dev/null"
bench_image
# Lines of 100 bytes until the size is reached, then it waits so followers have something to follow.
id=$(docker run -d --label "$LABEL" $BENCH_IMAGE sh -c \
  "yes 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456 \
   | head -c $((SIZE_MIB * 1024 * 1024)); sleep 3600")
# Docker holds back the last line, which has no line break: wait until all but that is logged.
until [ "$(docker logs "$id" 2>/dev/null | wc -c)" -ge $((SIZE_MIB * 1024 * 1024 - 200)) ]; do
  sleep 2
done
start_agent

# read_log [curl arguments...]: prints the bytes read and MiB/s
read_log() {
  local t0 t1 bytes
  t0=$(date +%s.%N)
  bytes=$(curl -s "$@" | wc -c)
  t1=$(date +%s.%N)
  echo "$bytes $(echo "$bytes / 1048576 / ($t1 - $t0)" | bc -l)"
}
direct_log() { read_log --unix-socket /var/run/docker.sock "http://localhost/containers/$id/logs?stdout=1&stderr=1"; }
agent_log() { read_log -H "Authorization: Bearer $TOKEN" "$AGENT_URL/agent/docker/containers/$id/logs"; }
# The first read through the agent runs partly interpreted; the rounds after it are what a running agent does.
# Direct and agent reads alternate (order swapped every round), so both meet the same machine; the ratio is of
# the medians.
read -r _ agent_first < <(agent_log)
read -r bytes_direct direct_first < <(direct_log)
ROUNDS="${ROUNDS:-3}"
directs=(); agents=(); rounds=()
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then read -r _ d < <(direct_log); read -r bytes_agent a < <(agent_log)
  else read -r bytes_agent a < <(agent_log); read -r _ d < <(direct_log); fi
  directs+=("$d"); agents+=("$a"); rounds+=("$(printf '%.2f' "$(echo "$a / $d" | bc -l)")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (a[int((NR+1)/2)] + a[int(NR/2)+1]) / 2}'; }
direct=$(median "${directs[@]}")
agent=$(median "${agents[@]}")

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
printf 'median of %d rounds: direct %.1f MiB/s, via agent %.1f MiB/s, ratio %.2f (goal >= 0.9); rounds: %s\n' \
  "$ROUNDS" "$direct" "$agent" "$(echo "$agent / $direct" | bc -l)" "${rounds[*]}"
printf 'first read via agent %.1f MiB/s (%.2f of the first direct read)\n' "$agent_first" \
  "$(echo "$agent_first / $direct_first" | bc -l)"
printf 'agent RSS with 200 followers: %s MiB\n' "$followers_rss"
