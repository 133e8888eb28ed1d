#!/usr/bin/env bash
# Latency of listing 100 containers through the agent against the same call straight to the Docker socket, in the
# same run: p50 and p99, sequential (N requests) and with 32 concurrent clients, each client on one kept-alive
# connection. Sequential is measured twice: after WARMUP agent calls (1500), and again once the agent has served
# STEADY calls in all (10000), when its JIT has compiled the request path (an agent a server polls every few
# seconds gets there within hours); there direct and agent are measured in ROUNDS (3) alternating rounds.
#   bench/api-overhead.sh [requests, default 200]
set -euo pipefail
source "$(dirname "$0")/common.sh"

REQUESTS="${1:-200}"
build_agent
LABEL="io.bollard.bench.api=$$"
bench_image
BENCH_CLEANUP="docker ps -aq --filter label=$LABEL | xargs -r docker rm -f >/dev/null"
for i in $(seq 1 100); do
  docker create --label "$LABEL" --name "bollard-bench-api-$$-$i" $BENCH_IMAGE sleep 1 >/dev/null
done
start_agent

# measure N URL [curl options...]: prints one latency in ms per request. One curl process sends the N requests
# over one kept-alive connection, as a server's client would; the first one pays for the connection (and TLS).
measure() {
  local n="$1" url="$2"; shift 2
  local args=()
  for _ in $(seq 1 "$n"); do args+=(-o /dev/null "$url"); done
  curl -s -w '%{time_total}\n' "$@" "${args[@]}" | awk '{printf "%.3f\n", $1 * 1000}'
}
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100); if (i<1) i=1; print a[i]}'; }

# Warm-up, not measured: an agent a server polls runs with compiled code, so both sides are measured warm (the
# JIT needs some thousand calls; Docker needs none, but it gets the same first calls).
WARMUP="${WARMUP:-1500}"
measure "$WARMUP" "$AGENT_URL/agent/docker/containers?all=true" -H "Authorization: Bearer $TOKEN" >/dev/null
measure 200 "http://localhost/containers/json?all=true" --unix-socket /var/run/docker.sock >/dev/null

direct=$(measure "$REQUESTS" "http://localhost/containers/json?all=true" --unix-socket /var/run/docker.sock)
agent=$(measure "$REQUESTS" "$AGENT_URL/agent/docker/containers?all=true" -H "Authorization: Bearer $TOKEN")
d50=$(echo "$direct" | pct 50); d99=$(echo "$direct" | pct 99)
a50=$(echo "$agent" | pct 50); a99=$(echo "$agent" | pct 99)

# Steady state: more unmeasured calls, then alternating rounds; the agent's CPU per call is read from /proc.
STEADY="${STEADY:-10000}"; ROUNDS="${ROUNDS:-3}"
more=$((STEADY - WARMUP - REQUESTS))
[ "$more" -gt 0 ] && measure "$more" "$AGENT_URL/agent/docker/containers?all=true" -H "Authorization: Bearer $TOKEN" >/dev/null
sdirect=""; sagent=""; ticks=0
for _ in $(seq 1 "$ROUNDS"); do
  sdirect+="$(measure "$REQUESTS" "http://localhost/containers/json?all=true" --unix-socket /var/run/docker.sock)"$'\n'
  before=$(awk '{print $14 + $15}' "/proc/$AGENT_PID/stat")
  sagent+="$(measure "$REQUESTS" "$AGENT_URL/agent/docker/containers?all=true" -H "Authorization: Bearer $TOKEN")"$'\n'
  ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$AGENT_PID/stat") - before))
done
sd50=$(echo "$sdirect" | grep . | pct 50); sd99=$(echo "$sdirect" | grep . | pct 99)
sa50=$(echo "$sagent" | grep . | pct 50); sa99=$(echo "$sagent" | grep . | pct 99)
cpu_ms=$(echo "$ticks * 1000 / $(getconf CLK_TCK) / ($ROUNDS * $REQUESTS)" | bc -l)

concurrent() {
  local out; out=$(mktemp)
  for _ in $(seq 1 32); do measure $((REQUESTS / 32 + 1)) "$@" >> "$out" & done
  wait
  cat "$out"; rm -f "$out"
}
cd_=$(concurrent "http://localhost/containers/json?all=true" --unix-socket /var/run/docker.sock)
ca_=$(concurrent "$AGENT_URL/agent/docker/containers?all=true" -H "Authorization: Bearer $TOKEN")
cd50=$(echo "$cd_" | pct 50); cd99=$(echo "$cd_" | pct 99)
ca50=$(echo "$ca_" | pct 50); ca99=$(echo "$ca_" | pct 99)

printf 'containers listed: %s (all=true); machine: %s, %s cores\n' \
  "$(docker ps -aq | wc -l)" "$(uname -m)" "$(nproc)"
printf 'sequential, after %5d calls: direct p50 %7.2f ms p99 %7.2f ms | agent p50 %7.2f ms p99 %7.2f ms | ratio p50 %.2f\n' \
  "$WARMUP" "$d50" "$d99" "$a50" "$a99" "$(echo "$a50 / $d50" | bc -l)"
printf 'sequential, after %5d calls: direct p50 %7.2f ms p99 %7.2f ms | agent p50 %7.2f ms p99 %7.2f ms | ratio p50 %.2f (goal <= 1.3); agent CPU %.2f ms per call\n' \
  "$STEADY" "$sd50" "$sd99" "$sa50" "$sa99" "$(echo "$sa50 / $sd50" | bc -l)" "$cpu_ms"
printf '32 clients:                   direct p50 %7.2f ms p99 %7.2f ms | agent p50 %7.2f ms p99 %7.2f ms | ratio p50 %.2f\n' \
  "$cd50" "$cd99" "$ca50" "$ca99" "$(echo "$ca50 / $cd50" | bc -l)"
