package io.cablecluster.broadcaster.redis;

import io.cablecluster.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server on a free loopback port, started by the test and killed after it. {@link #cli}
 * runs redis-cli against it (tests play the backend with it). With {@code persistent}, an append-only
 * file in a temporary directory lets data survive {@link #restart()}.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final boolean persistent;
  private final Path dir;
  private Process process;

  private RedisServer(int port, boolean persistent) throws IOException {
    this.port = port;
    this.persistent = persistent;
    this.dir = Files.createTempDirectory("cable-redis-");
  }

  public static RedisServer start() throws Exception {
    return start(false);
  }

  public static RedisServer start(boolean persistent) throws Exception {
    RedisServer server = new RedisServer(freePort(), persistent);
    server.launch();
    return server;
  }

  /** A server object for a port nothing listens on yet: {@link #launch()} starts it later. */
  public static RedisServer notStarted() throws Exception {
    return new RedisServer(freePort(), false);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public void launch() throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", persistent ? "yes" : "no", "--dir", dir.toString()));
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    // Another process: its readiness is only seen by asking it.
    Await.until("redis-server to answer on port " + port, Duration.ofSeconds(10),
        () -> "PONG".equals(cliQuiet("PING")));
  }

  /** Stops the server the way an operator would (SIGTERM: the append-only file is flushed). */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  public void restart() throws Exception {
    stop();
    launch();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public String cli(String... args) {
    String out = cliQuiet(args);
    if (out == null) {
      throw new IllegalStateException("redis-cli failed: " + String.join(" ", args));
    }
    return out;
  }

  private String cliQuiet(String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    try {
      Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!cli.waitFor(10, TimeUnit.SECONDS)) {
        cli.destroyForcibly();
        return null;
      }
      String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return cli.exitValue() == 0 && !out.startsWith("Could not connect") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
