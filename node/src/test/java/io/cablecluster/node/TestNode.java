package io.cablecluster.node;

import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A whole node started in-process on a free port, plus a client Vert.x to talk to it. */
public final class TestNode implements AutoCloseable {
  public final NodeRuntime runtime;
  public final Vertx clients = Vertx.vertx();
  private final HttpClient http = clients.createHttpClient();

  public record Response(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private TestNode(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts a node with the given options on top of {@code port=0, host=127.0.0.1}. */
  public static TestNode start(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "http_instances", "2"));
    all.putAll(options);
    return new TestNode(await(CableNode.start(Settings.of(all))));
  }

  public int port() {
    return runtime.mainPort();
  }

  public CableTestClient connect(String uri) {
    return CableTestClient.connect(clients, port(), uri);
  }

  public CableTestClient connect(String uri, List<String> protocols, MultiMap headers) {
    return CableTestClient.connect(clients, port(), uri, protocols, headers);
  }

  /** A connected client that has read its welcome. */
  public CableTestClient welcomed(String uri) {
    CableTestClient client = connect(uri);
    JsonObject welcome = client.next();
    if (!"welcome".equals(welcome.getValue("type"))) {
      throw new AssertionError("expected welcome, got " + welcome);
    }
    return client;
  }

  public Response request(HttpMethod method, String path, String body, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port()).setURI(path);
    headers.forEach(options::putHeader);
    return await(http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Response(response.statusCode(), b.toString()))));
  }

  public Response broadcast(String body, String key) {
    return request(HttpMethod.POST, "/_broadcast", body, key == null ? Map.of() : Map.of("authorization", "Bearer " + key));
  }

  /** The identifier of a public {@code $pubsub} stream subscription. */
  public static String publicStream(String stream) {
    return new JsonObject().put("channel", "$pubsub").put("stream_name", stream).encode();
  }

  /** The identifier of a signed {@code $pubsub} stream subscription. */
  public static String signedStream(String stream, String secret) {
    return new JsonObject().put("channel", "$pubsub")
        .put("signed_stream_name", io.cablecluster.gateway.channels.SignedStreams.sign(stream, secret)).encode();
  }

  /** The exact confirmation frame for an identifier. */
  public static JsonObject confirmation(String identifier) {
    return new JsonObject().put("identifier", identifier).put("type", "confirm_subscription");
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("failed: " + e, e);
    }
  }

  @Override
  public void close() {
    await(runtime.stop());
    await(clients.close());
  }

}
