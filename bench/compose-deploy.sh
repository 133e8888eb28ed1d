#!/usr/bin/env bash
# Wall time to deploy and then remove a 5-service stack (one healthcheck dependency, one named volume, one extra
# network) through the agent's compose route against Debian's docker-compose on the same engine, same files, same
# run. Prints each time and the agent/docker-compose ratio (goal: at most 0.5).
#   bench/compose-deploy.sh [rounds, default 3]
set -euo pipefail
source "$(dirname "$0")/common.sh"

ROUNDS="${1:-3}"
command -v docker-compose >/dev/null || { echo "docker-compose is not installed" >&2; exit 1; }
build_agent
bench_image
start_agent

STACK="$BENCH_DIR/stack"
mkdir -p "$STACK"
cat > "$STACK/compose.yaml" <<'YAML'
services:
  db:
    image: bollard-bench/busybox:latest
    command: ["sh", "-c", "touch /tmp/ready; exec sleep 600"]
    stop_grace_period: 1s
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
  api:
    image: bollard-bench/busybox:latest
    command: sleep 600
    stop_grace_period: 1s
    depends_on:
      db:
        condition: service_healthy
    networks: [default, back]
  worker:
    image: bollard-bench/busybox:latest
    command: sleep 600
    stop_grace_period: 1s
    depends_on: [db]
    networks: [back]
  web:
    image: bollard-bench/busybox:latest
    command: sleep 600
    stop_grace_period: 1s
    depends_on: [api]
    environment: {MODE: bench}
  cache:
    image: bollard-bench/busybox:latest
    command: sleep 600
    stop_grace_period: 1s
networks:
  back: {}
volumes:
  data: {}
YAML
BODY=$(python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "compose": open(sys.argv[2]).read()}))' \
  "bench-agent-$$" "$STACK/compose.yaml")

now() { date +%s.%N; }
agent_total=0; compose_total=0
for round in $(seq 1 "$ROUNDS"); do
  t0=$(now)
  docker-compose -p "bench-dc-$$" -f "$STACK/compose.yaml" up -d --quiet-pull >/dev/null 2>&1
  docker-compose -p "bench-dc-$$" -f "$STACK/compose.yaml" down -v >/dev/null 2>&1
  t1=$(now)
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$BODY" "$AGENT_URL/agent/docker/deploy/compose"
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench-agent-$$\",\"volumes\":true}" "$AGENT_URL/agent/docker/compose/remove"
  t2=$(now)
  c=$(echo "$t1 - $t0" | bc -l); a=$(echo "$t2 - $t1" | bc -l)
  printf 'round %d: docker-compose %.2f s, agent %.2f s\n' "$round" "$c" "$a"
  compose_total=$(echo "$compose_total + $c" | bc -l); agent_total=$(echo "$agent_total + $a" | bc -l)
done
printf 'deploy+remove of 5 services, mean of %d rounds: docker-compose %.2f s, agent %.2f s, ratio agent/docker-compose %.2f\n' \
  "$ROUNDS" "$(echo "$compose_total / $ROUNDS" | bc -l)" "$(echo "$agent_total / $ROUNDS" | bc -l)" \
  "$(echo "$agent_total / $compose_total" | bc -l)"
