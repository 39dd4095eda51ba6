package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile-input row 15: h2c (HTTP/2 over cleartext, by prior knowledge or by Upgrade) was served on every
 * port. Every port now speaks HTTP/1.1 only, as AnyCable-Go's net/http server does without TLS.
 */
class NoH2cTest {
  static final int BROADCAST_PORT = FreePorts.one();
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true",
      "http_broadcast_port", String.valueOf(BROADCAST_PORT)));

  private static Future<HttpClientResponse> get(HttpClientOptions options, int port, String path) {
    HttpClientAgent client = cable.node().vertx().createHttpClient(options.setIdleTimeout(5));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).setIdleTimeout(5_000);
    return client.request(request)
        .compose(r -> r.send())
        .compose(response -> response.body().map(body -> response))
        .eventually(() -> client.close());
  }

  private static HttpClientOptions priorKnowledge() {
    return new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
  }

  private static HttpClientOptions upgrade() {
    return new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(true);
  }

  @Test
  @DisplayName("Verifies that an HTTP/2 prior-knowledge client gets no response from the main port while HTTP/1.1 still gets 200")
  void mainPortRefusesPriorKnowledge() {
    int port = cable.node().port();
    assertNotNull(Await.failure(get(priorKnowledge(), port, "/health"), Duration.ofSeconds(15)));
    assertEquals(200, Await.result(get(new HttpClientOptions(), port, "/health"), Duration.ofSeconds(10))
        .statusCode());
  }

  @Test
  @DisplayName("Verifies that an HTTP/2 prior-knowledge client gets no response from the broadcast port while HTTP/1.1 still gets an answer")
  void broadcastPortRefusesPriorKnowledge() {
    assertNotNull(Await.failure(get(priorKnowledge(), BROADCAST_PORT, "/health"), Duration.ofSeconds(15)));
    HttpClientResponse plain = Await.result(get(new HttpClientOptions(), BROADCAST_PORT, "/health"),
        Duration.ofSeconds(10));
    assertEquals(HttpVersion.HTTP_1_1, plain.version());
  }

  @Test
  @DisplayName("Verifies that an h2c Upgrade request is answered over HTTP/1.1 on both ports (the upgrade is not taken)")
  void upgradeIsNotTaken() {
    for (int port : new int[] {cable.node().port(), BROADCAST_PORT}) {
      HttpClientResponse response = Await.result(get(upgrade(), port, "/health"), Duration.ofSeconds(10));
      assertEquals(HttpVersion.HTTP_1_1, response.version(), "port " + port);
    }
  }
}
