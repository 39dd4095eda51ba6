# Multi-stage: the Maven reactor builds the fat jar, a JRE 17 image runs it.
# Builds with the legacy builder as well as BuildKit (no `# syntax` line, no RUN --mount), so Debian's
# docker.io with docker-compose 1.29 builds it, and without a registry when the base images exist locally:
#   BUILD_IMAGE / RUNTIME_IMAGE  the base images (defaults: the official ones)
#   PREBUILT_JAR=true            take node/target/cable-cluster.jar built by Maven outside instead of
#                                building it here (deploy/test/ builds the stand-in way)
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
ARG PREBUILT_JAR=false
WORKDIR /src
# Sources only, plus node/target/cable-cluster.jar when it exists (see .dockerignore).
COPY . .
RUN if [ "$PREBUILT_JAR" = true ]; then \
      test -f node/target/cable-cluster.jar || { echo "PREBUILT_JAR=true but no node/target/cable-cluster.jar" >&2; exit 1; }; \
    else \
      mvn -B -q -pl node -am package -DskipTests; \
    fi

FROM ${RUNTIME_IMAGE}
# curl serves the HEALTHCHECK; a base that has it already (the offline stand-in) needs no network here.
RUN (command -v curl >/dev/null || { apt-get update && apt-get install -y --no-install-recommends curl \
      && rm -rf /var/lib/apt/lists/*; }) \
    && useradd --system --uid 10001 --home-dir /app cable
WORKDIR /app
COPY --from=build /src/node/target/cable-cluster.jar /app/cable-cluster.jar
USER cable
# Listen on every interface inside the container; the port and health path match the node's defaults.
ENV CABLE_HOST=0.0.0.0 \
    CABLE_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# 8080 HTTP (/cable, /health, /_broadcast) is the only port meant for the outside. The cluster ports
# (5701 Hazelcast membership, 7000 clustered event bus, both unauthenticated) are deliberately not
# EXPOSEd, so `docker run -P` never publishes them: nodes reach them over a private network only
# (docs/SECURITY-NOTES-cluster.md).
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# exec: java is PID 1 and receives SIGTERM itself, so the node drains its clients before exiting.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS --add-modules java.se -jar /app/cable-cluster.jar \"$@\"", "cable-cluster"]
