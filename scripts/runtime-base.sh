#!/usr/bin/env bash
# Makes a runtime base image for the Dockerfile without any registry: a jlink runtime of this machine's JDK at
# /opt/java/openjdk (where the Temurin images keep theirs), the shared libraries it needs copied from this machine,
# and a static busybox for /bin/sh, imported with `docker import`. The image test builds the agent's image on it:
#   scripts/runtime-base.sh bollard-test/runtime-base:mytag
#   docker build --target prebuilt --build-arg RUNTIME_IMAGE=bollard-test/runtime-base:mytag -t bollard .
# Needs a JDK 25 (JAVA_HOME or the java on PATH), a static busybox, docker.
set -euo pipefail

TAG="${1:?usage: runtime-base.sh IMAGE:TAG}"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JDK="$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA_BIN")")")")"
BUSYBOX="$(command -v busybox || true)"
[ -x "$JDK/bin/jlink" ] || { echo "runtime-base: no jlink in $JDK" >&2; exit 1; }
[ -n "$BUSYBOX" ] || { echo "runtime-base: no busybox on PATH (Debian: busybox-static)" >&2; exit 1; }
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' || ldd "$BUSYBOX" 2>&1 | grep -q 'not a dynamic' \
  || { echo "runtime-base: $BUSYBOX is not static (Debian: busybox-static)" >&2; exit 1; }

# The modules the agent's classpath needs (jdeps), plus what Micrometer, TLS and JFR use at run time.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http
MODULES=$MODULES,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns
MODULES=$MODULES,jdk.unsupported,jdk.zipfs

ROOT="$(mktemp -d /tmp/bollard-runtime-base.XXXXXX)"
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/opt/java" "$ROOT/bin" "$ROOT/etc" "$ROOT/tmp" "$ROOT/usr/bin"
chmod 1777 "$ROOT/tmp"
"$JDK/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java/openjdk" --strip-debug --no-header-files \
  --no-man-pages --generate-cds-archive 2>/dev/null \
  || { rm -rf "$ROOT/opt/java/openjdk"; "$JDK/bin/jlink" --add-modules "$MODULES" --output "$ROOT/opt/java/openjdk" --strip-debug --no-header-files \
       --no-man-pages; }

cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$ROOT/bin/$applet"
done
ln -sf /bin/env "$ROOT/usr/bin/env"

# Every shared library the runtime's programs and libraries link to, with the loader, at the same paths.
find "$ROOT/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) | while read -r f; do
  ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/[^ ]+ \(/ {print $1}' || true
done | sort -u | while read -r lib; do
  # The runtime's own libraries resolve (through $ORIGIN) inside the staging folder: already in place.
  case "$lib" in "$ROOT"/*) continue ;; esac
  cp -L --parents "$lib" "$ROOT" 2>/dev/null || cp -L "$lib" "$ROOT/$(dirname "$lib")/"
  # The loader is asked for by its link name too (/lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/...).
done
for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  [ -e "$loader" ] && mkdir -p "$ROOT$(dirname "$loader")" && cp -L "$loader" "$ROOT$loader"
done

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$ROOT/etc/group"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"

tar -C "$ROOT" -c . | docker import \
  -c 'ENV JAVA_HOME=/opt/java/openjdk' \
  -c 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$TAG" >/dev/null
echo "$TAG"
