#!/usr/bin/env bash
# Makes sure a Docker Engine answers on this machine, for the integration tests.
# Where Docker already runs (a developer's machine), it does nothing. On a bare machine where we are root (CI),
# it installs Debian's docker.io (plus busybox-static for the test image and docker-compose as a reference peer)
# and starts dockerd in the background, logging to ${DOCKERD_LOG:-/tmp/dockerd.log}.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  echo "docker-engine: Docker Engine already answers ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "docker-engine: no Docker Engine answers and we are not root; start Docker, then run the tests" >&2
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v busybox >/dev/null 2>&1; then
  echo "docker-engine: installing docker.io busybox-static docker-compose from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io busybox-static docker-compose >/dev/null
fi

log="${DOCKERD_LOG:-/tmp/dockerd.log}"
echo "docker-engine: starting dockerd (log: $log)"
nohup dockerd --data-root /var/lib/docker --host unix:///var/run/docker.sock >"$log" 2>&1 &

for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    echo "docker-engine: ready ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 0.5
done
echo "docker-engine: dockerd did not answer within 60 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 1
