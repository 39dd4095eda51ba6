package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients minding their own business on the node under attack: one per event loop (the test nodes run two
 * HTTP instances and connections alternate between them), subscribed to a public stream, each of which must
 * keep receiving that stream's broadcasts within a bound.
 */
final class Bystanders implements AutoCloseable {
  /** What a frozen event loop would miss (the compression bomb froze one for 6-8 s). */
  static final Duration BOUND = Duration.ofSeconds(2);
  private final InProcessNode node;
  private final String stream;
  private final List<CableClient> clients = new ArrayList<>();
  private int sent;

  private Bystanders(InProcessNode node, String stream) {
    this.node = node;
    this.stream = stream;
  }

  /** Needs a node in public mode (unsigned {@code $pubsub} streams, open broadcasts). */
  static Bystanders on(InProcessNode node, String stream) {
    Bystanders bystanders = new Bystanders(node, stream);
    for (int i = 0; i < 2; i++) {
      CableClient client = node.welcomed();
      client.subscribe(Identifiers.pubsub(stream));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub(stream)), client.receive());
      bystanders.clients.add(client);
    }
    return bystanders;
  }

  /** Broadcasts one message and asserts that every bystander receives it within {@link #BOUND}. */
  void assertServed() {
    int value = ++sent;
    long start = System.nanoTime();
    assertEquals(201, node.broadcast(new JsonObject().put("stream", stream).put("data", String.valueOf(value))
        .encode(), null).status());
    for (CableClient client : clients) {
      Duration left = BOUND.minusNanos(System.nanoTime() - start);
      assertEquals(Identifiers.message(Identifiers.pubsub(stream), value),
          client.receive(left.isNegative() ? Duration.ofMillis(1) : left), "a bystander served within " + BOUND);
    }
  }

  @Override
  public void close() {
    clients.forEach(CableClient::close);
  }
}
