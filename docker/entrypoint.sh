#!/bin/sh
# The image's entrypoint: runs the agent (or one of its commands: token, healthcheck) with the AOT cache made at
# build time and JAVA_OPTS. The healthcheck probe is a short-lived JVM: it gets a smaller heap and the quick compiler.
set -e
AOT=""
[ -f /app/bollard.aot ] && AOT="-XX:AOTCache=/app/bollard.aot"
case "${1:-run}" in
  healthcheck|token)
    exec java $AOT -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx32m -Xss512k -jar /app/bollard-agent.jar "$@" ;;
  *)
    exec java $AOT $JAVA_OPTS -jar /app/bollard-agent.jar "$@" ;;
esac
