#!/bin/sh
# The image's entrypoint: runs the agent (or one of its commands: token, healthcheck) with the AOT cache made at
# build time and JAVA_OPTS. The healthcheck probe is a short-lived JVM: it gets a smaller heap and the quick compiler.
set -e
# JAVA_OPTS is split into flags at spaces but never globbed.
set -f
AOT=""
# The cache loads only with flags like those it was trained with (another GC, say, cannot use it): the JVM then
# starts without it, slower, and its complaint would break LOG_JSON's lines. -Xlog:aot in JAVA_OPTS shows it.
[ -f /app/bollard.aot ] && AOT="-XX:AOTCache=/app/bollard.aot -Xlog:aot=off,cds=off"
case "${1:-run}" in
  healthcheck|token)
    exec java $AOT -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx32m -Xss512k -jar /app/bollard-agent.jar "$@" ;;
  *)
    exec java $AOT $JAVA_OPTS -jar /app/bollard-agent.jar "$@" ;;
esac
