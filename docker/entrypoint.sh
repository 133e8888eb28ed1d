#!/bin/sh
# The image's entrypoint: runs the agent (or one of its commands: token, healthcheck) with the AOT cache made at
# build time and JAVA_OPTS. The running agent probes itself every 15 s and writes the verdict to
# AGENT_HEALTH_FILE; the health check prints a verdict up to 40 s old and starts no JVM. Without a fresh verdict
# (the agent starting, stopped or stuck) it probes with a short-lived JVM: a smaller heap and the quick compiler.
set -e
# JAVA_OPTS is split into flags at spaces but never globbed.
set -f
AOT=""
# The cache loads only with flags like those it was trained with (another GC, say, cannot use it): the JVM then
# starts without it, slower, and its complaint would break LOG_JSON's lines. -Xlog:aot in JAVA_OPTS shows it.
[ -f /app/bollard.aot ] && AOT="-XX:AOTCache=/app/bollard.aot -Xlog:aot=off,cds=off"
if [ "${1:-}" = healthcheck ] && [ -n "${AGENT_HEALTH_FILE:-}" ] \
    && verdict="$(cat "$AGENT_HEALTH_FILE" 2>/dev/null)" && written="$(stat -c %Y "$AGENT_HEALTH_FILE" 2>/dev/null)"
then
  age=$(( $(date +%s) - written ))
  if [ "$age" -ge 0 ] && [ "$age" -le 40 ]; then
    echo "$verdict"
    case "$verdict" in healthy*) exit 0 ;; *) exit 1 ;; esac
  fi
fi
case "${1:-run}" in
  healthcheck|token)
    exec java $AOT -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx32m -Xss512k -jar /app/bollard-agent.jar "$@" ;;
  *)
    exec java $AOT $JAVA_OPTS -jar /app/bollard-agent.jar "$@" ;;
esac
