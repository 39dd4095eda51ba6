package io.cablecluster.node.conformance;

import io.cablecluster.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * What a Rails backend's AnyCable HTTP broadcast adapter does: {@code POST /_broadcast} with the bearer
 * key, {@code data} = the value's JSON text as ActiveSupport encodes it (escaping {@code < > &}).
 */
final class Publisher {
  private final WebClient client;
  private final String key;
  private volatile int port;

  Publisher(Vertx vertx, String key) {
    this.client = WebClient.create(vertx);
    this.key = key;
  }

  void target(int port) {
    this.port = port;
  }

  Future<Integer> broadcast(String stream, Object value) {
    return broadcast(stream, value, null);
  }

  Future<Integer> broadcast(String stream, Object value, String excludeSocket) {
    JsonObject payload = new JsonObject().put("stream", stream).put("data", activeSupportJson(value));
    if (excludeSocket != null) {
      payload.put("meta", new JsonObject().put("exclude_socket", excludeSocket));
    }
    return post(payload.encode());
  }

  /** Rails {@code remote_connections.where(...).disconnect}. */
  Future<Integer> remoteDisconnect(String identifiers, boolean reconnect) {
    return post(new JsonObject().put("command", "disconnect")
        .put("payload", new JsonObject().put("identifier", identifiers).put("reconnect", reconnect)).encode());
  }

  /** Publishes and waits for the server to accept it (201), as the tests' own broadcasts must be ordered. */
  void publish(String stream, Object value) {
    await(broadcast(stream, value));
  }

  static void await(Future<Integer> status) {
    int code = Await.result(status, Duration.ofSeconds(10));
    if (code != 201) {
      throw new AssertionError("broadcast answered HTTP " + code);
    }
  }

  private Future<Integer> post(String body) {
    var request = client.post(port, "127.0.0.1", "/_broadcast");
    if (key != null) {
      request.putHeader("Authorization", "Bearer " + key);
    }
    return request.sendBuffer(Buffer.buffer(body)).map(response -> response.statusCode());
  }

  static String activeSupportJson(Object value) {
    return Json.encode(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  void close() {
    client.close();
  }
}
