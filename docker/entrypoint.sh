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
# Whether the verdict's writer ("writer PID STARTTIME") is this container's agent: PID 1, or PID 1's child under
# --init, with the start time /proc gives it here. Another agent sharing /dev/shm, or a run before a restart, is not.
own_agent() {
  set -- $1
  [ "$#" -eq 3 ] && [ "$1" = writer ] || return 1
  case "$2$3" in *[!0-9]*) return 1 ;; esac
  facts="$(awk '{ sub(/.*\) /, ""); print $2, $20 }' "/proc/$2/stat" 2>/dev/null)" || return 1
  [ "$facts" = "1 $3" ] || { [ "$2" = 1 ] && [ "${facts#* }" = "$3" ]; }
}
if [ "${1:-}" = healthcheck ]; then
  # The file name as the agent reads it: spaces around it do not count.
  file="$(printf '%s' "${AGENT_HEALTH_FILE:-}" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')"
  if [ -n "$file" ] && content="$(cat "$file" 2>/dev/null)" && written="$(stat -c %Y "$file" 2>/dev/null)"; then
    age=$(( $(date +%s) - written ))
    verdict="$(printf '%s\n' "$content" | sed -n 1p)"
    if [ "$age" -ge 0 ] && [ "$age" -le 40 ] && own_agent "$(printf '%s\n' "$content" | sed -n 2p)"; then
      case "$verdict" in
        "healthy: "*) echo "$verdict"; exit 0 ;;
        "unhealthy: "*) echo "$verdict"; exit 1 ;;
      esac
    fi
  fi
fi
case "${1:-run}" in
  healthcheck|token)
    exec java $AOT -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx32m -Xss512k -jar /app/bollard-agent.jar "$@" ;;
  *)
    exec java $AOT $JAVA_OPTS -jar /app/bollard-agent.jar "$@" ;;
esac
