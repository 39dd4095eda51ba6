package io.cablecluster.node.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One cable-cluster node in its own JVM, started from the test classpath (so it works at the test phase,
 * before the fat jar exists). Output goes to a file the test can search; close() always kills the process.
 */
final class NodeProcess implements AutoCloseable {
  /** Hazelcast on JDK 17 (the fat jar's manifest carries the same; a -cp launch must pass them). */
  static final List<String> HAZELCAST_JVM_FLAGS = List.of(
      "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final Path log;
  private final List<String> command;
  private final Map<String, String> env;
  private Process process;

  private NodeProcess(String name, int port, Path log, List<String> command, Map<String, String> env) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.command = command;
    this.env = env;
  }

  /** A node on a free HTTP port; extra JVM options (e.g. -Xlog) go before the main class. */
  static NodeProcess start(String name, Path dir, Map<String, String> env, List<String> jvmOptions,
                           String... args) throws IOException {
    int port = FreePorts.one();
    List<String> command = javaCommand(jvmOptions, "io.cablecluster.node.CableNode");
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--http_instances", "1",
        // Without a broadcast key the endpoint would default to its own fixed port (8090) and nodes clash.
        "--http_broadcast_port", Integer.toString(port)));
    command.addAll(List.of(args));
    NodeProcess node = new NodeProcess(name, port, dir.resolve(name + ".log"), command, new LinkedHashMap<>(env));
    node.launch();
    return node;
  }

  /** Any main class from the test classpath (a measurement probe), with the same JVM flags; no HTTP port. */
  static NodeProcess startMain(String name, Path dir, Map<String, String> env, String mainClass, String... args)
      throws IOException {
    List<String> command = javaCommand(List.of(), mainClass);
    command.addAll(List.of(args));
    NodeProcess process = new NodeProcess(name, -1, dir.resolve(name + ".log"), command, new LinkedHashMap<>(env));
    process.launch();
    return process;
  }

  private static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k"));
    command.addAll(HAZELCAST_JVM_FLAGS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    return command;
  }

  private void launch() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("ANYCABLE_") || k.startsWith("CABLE_"));
    builder.environment().putAll(env);
    process = builder.start();
  }

  /** Starts the same node again (same port, same options) after it was killed or stopped. */
  void restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** CPU time the node's JVM has used so far (user + system). */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElseThrow();
  }

  boolean alive() {
    return process.isAlive();
  }

  void awaitHealthy(Duration timeout) throws Exception {
    awaitCondition(timeout, "/health to answer 200", this::healthy);
  }

  boolean healthy() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/health"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** POST /_broadcast (the cluster tests run --public: no key); returns the HTTP status. */
  int broadcast(String stream, String data) throws Exception {
    String body = new io.vertx.core.json.JsonObject().put("stream", stream).put("data", data).encode();
    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url("/_broadcast"))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode();
  }

  URI webSocketUrl() {
    return URI.create("ws://127.0.0.1:" + port + "/cable");
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  void awaitOutput(Duration timeout, Predicate<String> condition, String what) throws Exception {
    awaitCondition(timeout, what, () -> condition.test(output()));
  }

  /** SIGKILL: no drain, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the node drains and leaves. Returns the exit code, or -1 if it did not exit in time. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  private void awaitCondition(Duration timeout, String what, java.util.function.BooleanSupplier condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") while waiting for " + what
            + "\n" + tail());
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + ": timed out waiting for " + what + "\n" + tail());
  }

  String tail() {
    String out = output();
    return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
