package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reliable stream (memory broker on every node) survives the death of the client's node: the client
 * reconnects to another node and asks for what it missed, as anycable-client does, and nothing is lost.
 */
class ReliableStreamFailoverTest {
  private static final String STREAM = "reliable/1";
  private static final int MESSAGES = 200;
  @TempDir
  Path dir;

  @Test
  @DisplayName("Verifies that client of a killed node gets every message after reconnecting elsewhere")
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void clientOfAKilledNodeGetsEveryMessageAfterReconnectingElsewhere() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (LocalCluster cluster = LocalCluster.start(dir, 3, "--public", "--broker", "memory")) {
      String identifier = Identifiers.pubsub(STREAM);
      Set<Integer> received = new TreeSet<>();
      CableClient first = CableClient.welcomed(vertx, cluster.node(3).port(), new CableClientOptions());
      first.subscribeConfirmed(identifier);

      AtomicInteger posted = new AtomicInteger();
      Thread publisher = new Thread(() -> {
        try {
          for (int seq = 0; seq < MESSAGES; seq++) {
            assertEquals(201, cluster.node(1).broadcast(STREAM, new JsonObject().put("seq", seq).encode()));
            posted.incrementAndGet();
            // Pacing is the scenario: the stream keeps flowing while node 3 dies and the client moves.
            Thread.sleep(10);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "publisher");
      publisher.start();

      JsonObject last = null;
      long lastSeenSeconds = 0;
      while (received.size() < MESSAGES / 4) {
        last = first.receive();
        received.add(last.getJsonObject("message").getInteger("seq"));
        lastSeenSeconds = System.currentTimeMillis() / 1000;
      }
      cluster.node(3).kill();
      first.awaitClose();

      // What anycable-client sends when it resubscribes: its last position and a time to fall back on.
      CableClient second = CableClient.welcomed(vertx, cluster.node(2).port(), new CableClientOptions());
      // Acknowledged before the history request: those after the last one seen can only come from history.
      int ackedBeforeRequest = posted.get();
      int lastSeq = last.getJsonObject("message").getInteger("seq");
      second.send(new JsonObject().put("command", "subscribe").put("identifier", identifier)
          .put("history", new JsonObject().put("since", lastSeenSeconds - 1).put("streams", new JsonObject()
              .put(STREAM, new JsonObject().put("epoch", last.getString("epoch")).put("offset", last.getLong("offset"))))));
      publisher.join(60_000);
      assertEquals(MESSAGES, posted.get());
      int beforeKill = received.size();
      Set<Integer> replayed = new TreeSet<>();
      boolean historyDone = false;
      long deadline = System.currentTimeMillis() + 30_000;
      while (received.size() < MESSAGES && System.currentTimeMillis() < deadline) {
        JsonObject frame = second.receive();
        if ("confirm_history".equals(frame.getString("type"))) {
          historyDone = true;
        } else if (frame.containsKey("message")) {
          int seq = frame.getJsonObject("message").getInteger("seq");
          if (received.add(seq) && !historyDone) {
            replayed.add(seq);
          }
        }
      }
      assertEquals(MESSAGES, received.size(), "missing: " + missing(received));
      // How long the gap is depends on how fast the home's partition moved (posts wait for it): it may be empty.
      Set<Integer> gap = new TreeSet<>();
      for (int seq = lastSeq + 1; seq < ackedBeforeRequest; seq++) {
        gap.add(seq);
      }
      assertTrue(replayed.containsAll(gap), "the gap while reconnecting (" + gap + ") was filled from history, "
          + "before confirm_history: replayed " + replayed + " (" + beforeKill + " received before the kill)");
      second.close();
    } finally {
      vertx.close();
    }
  }

  private static Set<Integer> missing(Set<Integer> received) {
    Set<Integer> missing = new TreeSet<>();
    for (int i = 0; i < MESSAGES; i++) {
      if (!received.contains(i)) {
        missing.add(i);
      }
    }
    return missing;
  }

}
