package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node as an operator starts it: {@code CableNode.main} in its own JVM, options as command-line flags. */
class CommandLineNodeTest {
  @RegisterExtension
  static final CableNodeExtension cable = CableNodeExtension.jvm(() -> List.of("--public"));
  private static final Vertx clients = Vertx.vertx();

  @AfterAll
  static void closeClients() {
    Await.result(clients.close());
  }

  @Test
  @DisplayName("Verifies that a node started from the command line with --public answers health")
  void healthAnswersOnTheMainPort() {
    assertEquals(200, cable.jvm().status("/health"));
  }

  @Test
  @DisplayName("Verifies that a node started from the command line with --public delivers a keyless broadcast")
  void publicStreamReceivesAKeylessBroadcast() throws Exception {
    String id = Identifiers.pubsub("cli/1");
    try (CableClient client = CableClient.welcomed(clients, cable.port(), new CableClientOptions())) {
      client.subscribeConfirmed(id);
      assertEquals(201, cable.jvm().broadcast("cli/1", "{\"n\":1}"));
      assertEquals(Identifiers.message(id, new JsonObject().put("n", 1)), client.receive());
    }
  }
}
