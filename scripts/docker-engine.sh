#!/usr/bin/env bash
# Makes sure a Docker Engine answers on this machine, and that the tests' reference peers are installed.
#
# On a developer's machine where Docker already runs, it only reports. On a bare machine where we are root (CI),
# it installs what is missing from Debian's packages (docker.io; busybox-static, from which the tests build their
# image; docker-compose and docker-registry, which the tests use as reference peers) and starts dockerd in the
# background, logging to ${DOCKERD_LOG:-/tmp/dockerd.log}.
set -euo pipefail

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v busybox >/dev/null 2>&1 || missing+=(busybox-static)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "docker-engine: installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "docker-engine: not installed: ${missing[*]} (tests that need them are skipped)"
  fi
fi

if docker info >/dev/null 2>&1; then
  echo "docker-engine: Docker Engine answers ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "docker-engine: no Docker Engine answers and we are not root; start Docker, then run the tests" >&2
  exit 1
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
