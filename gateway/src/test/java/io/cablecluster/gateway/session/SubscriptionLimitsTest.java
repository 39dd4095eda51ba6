package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** max_subscriptions and max_identifier_size: refused before the controller, answered, counted; the socket stays. */
@ExtendWith(VertxExtension.class)
class SubscriptionLimitsTest {
  private SessionHarness harness;
  private FakeConnection connection;
  private Session session;

  @BeforeEach
  void setUp(Vertx vertx) {
    harness = new SessionHarness(vertx, TestConfigs.config("max_subscriptions", "2", "max_identifier_size", "128"),
        new NoBroker());
    connection = new FakeConnection();
    session = harness.connect(connection);
  }

  private String lastFrameAfter(String text) {
    int before = connection.frames().size();
    harness.send(session, text);
    return connection.awaitFrames(before + 1).get(before);
  }

  private static String padded(String filler, int times) {
    return new JsonObject().put("channel", "Chat").put("pad", filler.repeat(times)).encode();
  }

  @Test
  @DisplayName("Verifies that a subscribe beyond max_subscriptions gets reject_subscription without asking the controller, is counted, and leaving one makes room again")
  void subscribeBeyondTheCapIsRejected() {
    assertEquals(Frames.confirm(identifier("A")), lastFrameAfter(command("subscribe", identifier("A"))));
    assertEquals(Frames.confirm(identifier("B")), lastFrameAfter(command("subscribe", identifier("B"))));

    assertEquals(Frames.reject(identifier("C")), lastFrameAfter(command("subscribe", identifier("C"))));
    assertEquals(2, harness.controller.subscribes.size(), "the controller never saw the third");
    assertEquals(1.0, harness.counters.subscriptionsOverLimit().count());
    assertEquals(1.0, harness.counters.failedClientMessages().count());
    assertEquals(Session.State.OPEN, Await.on(harness.context, session::state));

    harness.send(session, command("unsubscribe", identifier("A")));
    assertEquals(Frames.confirm(identifier("C")), lastFrameAfter(command("subscribe", identifier("C"))));
  }

  @Test
  @DisplayName("Verifies that an identifier over max_identifier_size in UTF-8 bytes (not characters) gets reject_subscription; one at the limit is accepted")
  void oversizedIdentifierIsRejected() {
    String fits = padded("a", 128 - padded("", 0).length());
    assertEquals(128, fits.length());
    assertEquals(Frames.confirm(fits), lastFrameAfter(command("subscribe", fits)));

    // 60 two-byte characters: under 128 characters, over 128 bytes.
    String wide = padded("\u00e9", 60);
    assertTrue(wide.length() < 128);
    assertEquals(Frames.reject(wide), lastFrameAfter(command("subscribe", wide)));
    assertEquals(1, harness.controller.subscribes.size());
    assertEquals(1.0, harness.counters.subscriptionsOverLimit().count());
  }

  @Test
  @DisplayName("Verifies that any other command carrying an oversized identifier is ignored and counted, and the socket keeps serving")
  void otherCommandsWithOversizedIdentifiersAreIgnored() {
    String big = padded("x", 500);
    harness.send(session, new JsonObject().put("command", "message").put("identifier", big).put("data", "{}").encode());
    harness.send(session, command("unsubscribe", big));
    harness.send(session, command("history", big));
    harness.barrier(session, connection);

    assertEquals(List.of(Frames.welcome(session.sid()), SessionHarness.PONG), connection.frames());
    assertEquals(3.0, harness.counters.failedClientMessages().count());
    assertEquals(0.0, harness.counters.subscriptionsOverLimit().count());
    assertEquals(Frames.confirm(identifier("A")), lastFrameAfter(command("subscribe", identifier("A"))));
  }

  @Test
  @DisplayName("Verifies the documented defaults: 128 subscriptions per connection and 2 KiB identifiers")
  void defaults() {
    assertEquals(128, TestConfigs.config().maxSubscriptions());
    assertEquals(2048, TestConfigs.config().maxIdentifierSize());
  }
}
