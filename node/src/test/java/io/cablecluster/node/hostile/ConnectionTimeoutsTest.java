package io.cablecluster.node.hostile;

import static io.cablecluster.node.hostile.HostileChecks.awaitMetric;
import static io.cablecluster.node.hostile.HostileChecks.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 3: connections that never upgraded were held forever: 5,000 idle sockets plus 1,000 slowloris
 * sockets stayed open 60 s. Now a request's headers must arrive within {@code read_header_timeout} (AnyCable-Go's
 * ReadHeaderTimeout, 5 s; 1 s here) and a kept-alive HTTP connection with no request is closed after
 * {@code http_idle_timeout} (75 s; 2 s here); WebSockets are exempt from both.
 */
class ConnectionTimeoutsTest {
  static final int IDLE_SOCKETS = 200;
  static final int SLOWLORIS_SOCKETS = 20;
  static final Duration BOUND = Duration.ofSeconds(5);
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0",
      "metrics_http", "/metrics", "read_header_timeout", "1", "http_idle_timeout", "2"));

  @BeforeEach
  void noConnectionsLeftFromAnotherTest() {
    awaitMetric(cable.node(), "http_connections_num", 0);
  }

  static Socket open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    return socket;
  }

  /** Whether the server closed the socket: end of stream (or a reset) within {@code within}. */
  static boolean closedByServer(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  static CableClient subscribed(String stream) {
    CableClient client = cable.node().welcomed();
    client.subscribe(Identifiers.pubsub(stream));
    assertEquals(Identifiers.confirmation(Identifiers.pubsub(stream)), client.receive());
    return client;
  }

  static void assertReceives(CableClient client, String stream, int value) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", String.valueOf(value))
        .encode(), null).status());
    assertEquals(Identifiers.message(Identifiers.pubsub(stream), value), client.receive(BOUND));
  }

  @Test
  @DisplayName("Verifies that 200 sockets that never send a byte and 20 slowloris sockets trickling header lines are closed after read_header_timeout (1 s), counted in read_header_timeout_total with one log line, while a subscribed client keeps receiving")
  void socketsThatNeverFinishTheirHeadersAreClosed() throws Exception {
    double before = metric(cable.node(), "read_header_timeout_total");
    List<Socket> idle = new ArrayList<>();
    List<Socket> slow = new ArrayList<>();
    try (LogCapture log = new LogCapture(); CableClient bystander = subscribed("timeouts/headers")) {
      long started = System.nanoTime();
      for (int i = 0; i < IDLE_SOCKETS; i++) {
        idle.add(open(cable.node().port()));
      }
      for (int i = 0; i < SLOWLORIS_SOCKETS; i++) {
        Socket socket = open(cable.node().port());
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      // The slowloris sockets keep trickling a header line every 200 ms, past the timeout: never a complete request.
      double target = before + IDLE_SOCKETS + SLOWLORIS_SOCKETS;
      for (int round = 0; round < 15 && metric(cable.node(), "read_header_timeout_total") < target; round++) {
        assertReceives(bystander, "timeouts/headers", round);
        Thread.sleep(200); // the attacker's own pace, not a wait for the server
        for (Socket socket : slow) {
          trickle(socket.getOutputStream(), round);
        }
      }
      awaitMetric(cable.node(), "read_header_timeout_total", target);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertTrue(seconds < 4, "closed within a few seconds of the 1 s timeout, took " + seconds);
      for (Socket socket : idle) {
        assertTrue(closedByServer(socket, BOUND), "an idle socket was closed");
      }
      for (Socket socket : slow) {
        assertTrue(closedByServer(socket, BOUND), "a slowloris socket was closed");
      }
      // Left: the bystander's WebSocket and at most the kept-alive connection its broadcasts went through.
      Await.until("only the bystander's connections left", BOUND,
          () -> metric(cable.node(), "http_connections_num") <= 2);
      assertReceives(bystander, "timeouts/headers", 99);
      assertFalse(bystander.isClosed());

      List<LogRecord> lines = log.records().stream()
          .filter(r -> String.valueOf(r.getMessage()).contains("read_header_timeout")).toList();
      assertTrue(lines.size() <= 1, "at most one line for 220 closes:\n" + log.describe());
      assertTrue(log.records().stream().allMatch(r -> r.getThrown() == null), "no stack trace:\n" + log.describe());
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  private static void trickle(OutputStream out, int round) {
    try {
      out.write(("X-Slow-" + round + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException closedAlready) {
      // the server closed it: what the test waits for
    }
  }

  @Test
  @DisplayName("Verifies that a kept-alive HTTP connection is closed after http_idle_timeout (2 s) and counted, while a WebSocket with pings off (?pi=0) outlives both timeouts and keeps receiving")
  void idleKeepAliveIsClosedButQuietWebSocketsAreNot() throws Exception {
    double before = metric(cable.node(), "http_idle_timeout_total");
    try (CableClient quiet = cable.node().welcomed("/cable?pi=0"); Socket keptAlive = open(cable.node().port())) {
      quiet.subscribe(Identifiers.pubsub("timeouts/quiet"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("timeouts/quiet")), quiet.receive());
      keptAlive.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = readResponse(keptAlive.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      long answered = System.nanoTime();

      assertTrue(closedByServer(keptAlive, BOUND), "the kept-alive connection was closed");
      double idleSeconds = (System.nanoTime() - answered) / 1e9;
      assertTrue(idleSeconds > 1.5 && idleSeconds < 4, "closed after about 2 s, took " + idleSeconds);
      awaitMetric(cable.node(), "http_idle_timeout_total", before + 1);

      // By now the WebSocket has been silent (no pings, nothing sent) for longer than both timeouts.
      assertFalse(quiet.isClosed());
      assertReceives(quiet, "timeouts/quiet", 1);
    }
  }

  /** Reads one response with an empty or Content-Length body (what /health sends). */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().contains("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      text.append((char) b);
    }
    String head = text.toString();
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      text.append((char) in.read());
    }
    return text.toString();
  }
}
