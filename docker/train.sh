#!/bin/sh
# Image build step: a training run of the agent that writes the JDK's AOT cache to /app/bollard.aot (JDK 25,
# -XX:AOTCacheOutput), with the same JAVA_OPTS the agent runs with. The secret is thrown away with the run.
set -e
dir=$(mktemp -d /tmp/bollard-train.XXXXXX)
AGENT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') AGENT_DATA_DIR="$dir" \
  DOCKER_HOST=unix:///tmp/bollard-train-no-docker.sock AGENT_PORT=7007 AGENT_HOSTNAME=bollard-train \
  java $JAVA_OPTS -XX:AOTCacheOutput=/app/bollard.aot -jar /app/bollard-agent.jar train
rm -rf "$dir" /tmp/hsperfdata_*
ls -l /app/bollard.aot
