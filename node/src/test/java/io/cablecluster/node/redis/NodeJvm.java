package io.cablecluster.node.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A standalone node in its own JVM (test classpath), so a test can SIGKILL it like a crash would. */
final class NodeJvm implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> command = new ArrayList<>();
  private final Path log;
  private final int port;
  private Process process;

  /** Hazelcast on JDK 17 needs these when launched with -cp (the fat jar's manifest carries them). */
  static final List<String> HAZELCAST_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  NodeJvm(Path log, String... args) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    this.log = log;
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:+UseSerialGC"));
    command.addAll(HAZELCAST_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cablecluster.node.CableNode",
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--http_instances", "1", "--metrics_http", "/metrics"));
    command.addAll(List.of(args));
  }

  NodeJvm start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("ANYCABLE_") || k.startsWith("CABLE_")
        || k.equals("REDIS_URL"));
    process = builder.start();
    return this;
  }

  int port() {
    return port;
  }

  String output() {
    try {
      return java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGKILL: no drain, nothing flushed, exactly like a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Status of GET path, or -1 while the node does not answer. */
  int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A metric's value from /metrics (full Prometheus name), 0 when absent or the node does not answer. */
  double metric(String name) {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
      return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
