package io.cablecluster.load;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fleet in a child JVM ({@link WorkerMain}) on the same class path: one JSON command per stdin line,
 * one JSON answer per stdout line. Lets one run hold more sockets than one process's fd limit.
 */
public final class RemoteFleet implements Fleet {
  private final Process process;
  private final Writer stdin;
  private final BufferedReader stdout;
  private final Object lock = new Object();

  public RemoteFleet(ClientSpec spec, String heap) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xss256k",
        "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(), spec.toJson().encode()));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  @Override
  public CompletableFuture<JsonObject> call(JsonObject command) {
    return CompletableFuture.supplyAsync(() -> {
      synchronized (lock) {
        try {
          stdin.write(command.encode());
          stdin.write('\n');
          stdin.flush();
          String line = stdout.readLine();
          if (line == null) {
            throw new IllegalStateException("load worker exited (status " + exitStatus() + ")");
          }
          JsonObject answer = new JsonObject(line);
          if (answer.containsKey("error")) {
            throw new IllegalStateException("load worker: " + answer.getString("error"));
          }
          return answer;
        } catch (IOException e) {
          throw new IllegalStateException("load worker unreachable: " + e.getMessage(), e);
        }
      }
    });
  }

  private String exitStatus() {
    try {
      return process.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      stdin.write(new JsonObject().put("op", "exit").encode() + "\n");
      stdin.flush();
      stdin.close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
