# The Bollard agent's image.
#
#   docker build -t bollard .                        # Maven build stage, then the JRE runtime (needs a registry)
#   docker build --target prebuilt -t bollard .      # packages the jar already built by `mvn package` instead
#
# The base images are build arguments, so an image can be built without any registry from locally made bases
# (scripts/runtime-base.sh makes one from this machine's JDK; the image test does exactly that). Multi-arch:
#   docker buildx create --use        # once: the default builder makes no multi-platform images
#   docker buildx build --platform linux/amd64,linux/arm64 -t REPO/bollard:TAG --push .
# The jar is architecture-free; each platform's stage runs its own JVM, so each gets its own AOT cache.
ARG BUILD_IMAGE=maven:3-eclipse-temurin-25
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

# What every runtime variant shares: user, folders, settings, JVM flags, health check, stop signal.
FROM ${RUNTIME_IMAGE} AS runtime-base
# A small idle agent: serial GC, a 128 MiB heap ceiling that the agent returns memory below (room for a few large
# JSON bodies at once: the agent takes an eighth of it for the bodies it holds), the C heap the JIT
# compilers freed given back every 5 s, small thread stacks, a smaller code cache, one direct and heap arena for
# Netty, two event-loop threads. Replace with JAVA_OPTS.
ENV JAVA_OPTS="-XX:+UseSerialGC -Xms8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
-XX:TrimNativeHeapInterval=5000 -Xss512k \
-XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=96m -XX:CICompilerCount=2 -XX:+ExitOnOutOfMemoryError \
-Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 -Dio.netty.eventLoopThreads=2" \
    AGENT_DATA_DIR=/data \
    AGENT_PLUGINS_DIR=/app/plugins \
    AGENT_HEALTH_FILE=/dev/shm/bollard-health
RUN mkdir -p /app/plugins /data \
 && (grep -q '^[^:]*:[^:]*:1000:' /etc/passwd || echo 'bollard:x:1000:1000:Bollard agent:/data:/bin/false' >> /etc/passwd) \
 && (grep -q '^[^:]*:[^:]*:1000:' /etc/group || echo 'bollard:x:1000:' >> /etc/group) \
 && chown 1000:1000 /data
COPY docker/entrypoint.sh docker/train.sh /app/
VOLUME /data
EXPOSE 7007
# The JVM runs shutdown hooks on SIGTERM: the server stops, open streams end, then the process exits.
STOPSIGNAL SIGTERM
# The agent's own verdict, written to AGENT_HEALTH_FILE (memory, not disk) every 15 s, is read without a second
# JVM; only a missing or stale one starts the JVM probe.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["/app/entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["run"]

# The agent as `mvn package` left it in agent-app/target (used by the image test, and for quick local images).
FROM runtime-base AS prebuilt
COPY agent-app/target/lib/ /app/lib/
COPY agent-app/target/bollard-agent.jar /app/bollard-agent.jar
RUN /app/train.sh
# uid 1000; to use the mounted socket, add its group: --group-add $(stat -c %g /var/run/docker.sock)
USER 1000:1000

# Only the build files, so that the dependency layer below is rebuilt when a pom changes, not when a source does.
FROM ${BUILD_IMAGE} AS build-files
COPY . /src
RUN cd /src && find . -name pom.xml -o -name openapi.properties | while read -r file; do \
      mkdir -p "/build-files/$(dirname "$file")" && cp "$file" "/build-files/$file"; \
    done

# The Maven build. (Not pinned to $BUILDPLATFORM: Docker's classic builder cannot parse that; under buildx each
# platform builds the same jar, arm64's under emulation.)
FROM ${BUILD_IMAGE} AS build
# Every dependency, plugin and annotation processor the build uses, fetched by building the modules with one empty
# class each (a module without sources would skip its compiler and so its processors); kept in the image's Maven
# repository, a layer Docker reuses until a pom changes.
COPY --from=build-files /build-files/ /warm-up/
RUN cd /warm-up && for module in $(find . -name pom.xml -exec dirname {} \;); do \
      mkdir -p "$module/src/main/java" "$module/src/test/java" \
      && echo 'class WarmUp {}' > "$module/src/main/java/WarmUp.java" \
      && echo 'class WarmUpTest {}' > "$module/src/test/java/WarmUpTest.java"; \
    done \
 && mvn -B -q -ntp -DskipTests package && cd / && rm -rf /warm-up
WORKDIR /src
COPY . .
RUN mvn -B -q -ntp -DskipTests package \
 && mkdir -p /out && cp agent-app/target/bollard-agent.jar /out/ && cp -r agent-app/target/lib /out/lib

# The default target: the agent built from source by the stage above.
FROM runtime-base AS runtime
COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/bollard-agent.jar /app/bollard-agent.jar
RUN /app/train.sh
USER 1000:1000
