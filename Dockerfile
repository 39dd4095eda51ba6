# syntax=docker/dockerfile:1
# Multi-stage: the Maven reactor builds the fat jar, a JRE 17 image runs it.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Sources only (see .dockerignore); the Maven repository is a build cache, not an image layer.
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl node -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
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
