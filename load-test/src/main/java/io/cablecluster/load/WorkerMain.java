package io.cablecluster.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Child process of {@link RemoteFleet}: runs a {@link LocalFleet}, stdin commands to stdout answers. */
public final class WorkerMain {
  private WorkerMain() {
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    System.setOut(System.err);
    ClientSpec spec = ClientSpec.fromJson(new JsonObject(args[0]));
    LocalFleet fleet = new LocalFleet(Vertx.vertx(), true, spec);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      JsonObject command = new JsonObject(line);
      JsonObject answer;
      try {
        answer = fleet.call(command).get(10, TimeUnit.MINUTES);
      } catch (Exception e) {
        answer = new JsonObject().put("error", String.valueOf(e.getCause() != null ? e.getCause() : e));
      }
      out.println(answer.encode());
      if ("exit".equals(command.getString("op"))) {
        break;
      }
    }
    fleet.close();
    System.exit(0);
  }
}
