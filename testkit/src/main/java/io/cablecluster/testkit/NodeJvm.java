package io.cablecluster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * One node (or any main class) in its own JVM, launched from the caller's classpath, so it runs at the
 * test phase before the fat jar exists, and a test can SIGKILL it like a crash. The child sees none of
 * this JVM's {@code ANYCABLE_*}, {@code CABLE_*} or {@code REDIS_URL} variables, only {@code env}. Output
 * goes to a log file the test can search; close() always kills the process.
 */
public final class NodeJvm implements AutoCloseable {
  public static final String NODE_MAIN = "io.cablecluster.node.CableNode";
  /** Hazelcast on JDK 17 (the fat jar's manifest carries the same; a -cp launch must pass them). */
  public static final List<String> HAZELCAST_JVM_FLAGS = List.of(
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
  private Path workDir;
  private Process process;

  private NodeJvm(String name, int port, Path log, List<String> command, Map<String, String> env) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.command = command;
    this.env = env;
  }

  /**
   * A node on a free port of loopback with one HTTP instance; {@code jvmOptions} (e.g. -Xlog) go before
   * the main class, {@code args} after the defaults (a later flag wins).
   */
  public static NodeJvm start(String name, Path dir, Map<String, String> env, List<String> jvmOptions,
                              String... args) {
    int port = FreePorts.one();
    List<String> command = javaCommand(jvmOptions, NODE_MAIN);
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--http_instances", "1",
        // Without a broadcast key the endpoint would default to its own fixed port (8090) and nodes clash.
        "--http_broadcast_port", Integer.toString(port)));
    command.addAll(List.of(args));
    NodeJvm node = new NodeJvm(name, port, dir.resolve(name + ".log"), command, new LinkedHashMap<>(env));
    node.launch();
    return node;
  }

  public static NodeJvm start(String name, Path dir, String... args) {
    return start(name, dir, Map.of(), List.of(), args);
  }

  /**
   * A node run in {@code workDir} with only {@code args} (no host or port flags: a config file there may give
   * them), expected to answer on {@code port}; the log goes to {@code logDir}.
   */
  public static NodeJvm startIn(String name, Path workDir, Path logDir, int port, Map<String, String> env,
                                String... args) {
    List<String> command = javaCommand(List.of(), NODE_MAIN);
    command.addAll(List.of(args));
    NodeJvm node = new NodeJvm(name, port, logDir.resolve(name + ".log"), command, new LinkedHashMap<>(env));
    node.workDir = workDir;
    node.launch();
    return node;
  }

  /** Any main class from the caller's classpath (a measurement probe), same JVM flags; no HTTP port. */
  public static NodeJvm startMain(String name, Path dir, Map<String, String> env, String mainClass,
                                 String... args) {
    List<String> command = javaCommand(List.of(), mainClass);
    command.addAll(List.of(args));
    NodeJvm process = new NodeJvm(name, -1, dir.resolve(name + ".log"), command, new LinkedHashMap<>(env));
    process.launch();
    return process;
  }

  private static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and single-threaded GC: several of these share a two-core CI machine with the tests.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k"));
    command.addAll(HAZELCAST_JVM_FLAGS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    return command;
  }

  private void launch() {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().keySet().removeIf(k -> k.startsWith("ANYCABLE_") || k.startsWith("CABLE_")
        || k.equals("REDIS_URL"));
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the same node again (same port, same options) after it was killed or stopped. */
  public void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    launch();
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** CPU time the JVM has used so far (user + system). */
  public Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElseThrow();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public URI webSocketUrl() {
    return URI.create("ws://127.0.0.1:" + port + "/cable");
  }

  /** Status of GET path, or -1 while the node does not answer. */
  public int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public boolean healthy() {
    return status("/health") == 200;
  }

  /** Polls /health: a child process publishes no event this JVM could await. */
  public void awaitHealthy(Duration timeout) {
    awaitCondition(timeout, "/health to answer 200", this::healthy);
  }

  /** A metric's value from /metrics (full Prometheus name, summed over tags); 0 when absent or down. */
  public double metric(String name) {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(url("/metrics")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return body.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** {@code POST /_broadcast} without a key (for nodes run with --public); returns the HTTP status. */
  public int broadcast(String stream, String data) throws IOException, InterruptedException {
    String body = new io.vertx.core.json.JsonObject().put("stream", stream).put("data", data).encode();
    return HTTP.send(HttpRequest.newBuilder(url("/_broadcast")).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Polls the log: what another JVM prints reaches this one only through the file. */
  public void awaitOutput(Duration timeout, Predicate<String> condition, String what) {
    awaitCondition(timeout, what, () -> condition.test(output()));
  }

  /** Like {@link Await#until}, but fails at once if the process exits; failures carry the log's tail. */
  public void awaitCondition(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    try {
      Await.until(what, timeout, () -> {
        if (condition.getAsBoolean()) {
          return true;
        }
        if (!process.isAlive()) {
          throw new AssertionError("exited (" + process.exitValue() + ") while waiting for " + what);
        }
        return false;
      });
    } catch (AssertionError e) {
      throw new AssertionError(name + ": " + e.getMessage() + "\n" + tail(), e);
    }
  }

  /** SIGKILL: no drain, nothing flushed, no goodbye to the cluster, exactly like a crash. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /**
   * SIGKILL of several nodes at the same instant (a rack or a host lost): every signal is sent before
   * waiting for any of them to die, so none notices another's death before its own.
   */
  public static void killAll(List<NodeJvm> nodes) {
    nodes.forEach(node -> node.process.destroyForcibly());
    nodes.forEach(node -> node.waitFor(Duration.ofSeconds(10)));
  }

  /** Waits for the process to exit by itself; its exit code, or -1 if it is still running after the timeout. */
  public int awaitExit(Duration timeout) {
    return waitFor(timeout) ? process.exitValue() : -1;
  }

  /** SIGTERM: the node drains and leaves. Returns the exit code, or -1 if it did not exit in time. */
  public int terminate(Duration timeout) {
    process.destroy();
    return waitFor(timeout) ? process.exitValue() : -1;
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last 4000 characters of the log, for failure messages. */
  public String tail() {
    String out = output();
    return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
