package io.cablecluster.testkit;

import io.cablecluster.core.NodeRuntime;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole node started in this JVM on a free port, plus a separate client Vert.x to talk to it (so a
 * test's clients never share the node's event loops).
 */
public final class InProcessNode implements AutoCloseable {
  /** Loopback, an OS-chosen port, two HTTP instances so cross-event-loop paths are exercised. */
  public static final Map<String, String> DEFAULTS = Map.of("port", "0", "host", "127.0.0.1", "http_instances", "2");
  private static final Duration START = Duration.ofSeconds(60);

  private final NodeRuntime runtime;
  private final Vertx clients = Vertx.vertx();
  private final HttpClient http = clients.createHttpClient();

  public record Response(int status, String body) {
    /** The body as a JSON object; a body that is not one fails with the status and the raw body. */
    public JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (io.vertx.core.json.DecodeException e) {
        throw new AssertionError("HTTP " + status + " body is not a JSON object: [" + body + "]", e);
      }
    }
  }

  private InProcessNode(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  /** Starts a node with {@code flags} on top of {@link #DEFAULTS}. */
  public static InProcessNode start(NodeLauncher launcher, Map<String, String> flags) {
    Map<String, String> all = new HashMap<>(DEFAULTS);
    all.putAll(flags);
    return new InProcessNode(Await.result(launcher.start(all), START));
  }

  public NodeRuntime runtime() {
    return runtime;
  }

  public int port() {
    return runtime.mainPort();
  }

  /** The client-side Vert.x (not the node's). */
  public Vertx vertx() {
    return clients;
  }

  public CableClient connect(CableClientOptions options) {
    return CableClient.connect(clients, port(), options);
  }

  public CableClient connect() {
    return connect(new CableClientOptions());
  }

  /** A plain-protocol client on {@code path} (which may carry a query). */
  public CableClient connect(String path) {
    return connect(new CableClientOptions().path(path));
  }

  /** A client that has read its welcome. */
  public CableClient welcomed(CableClientOptions options) {
    return CableClient.welcomed(clients, port(), options);
  }

  public CableClient welcomed() {
    return welcomed(new CableClientOptions());
  }

  public CableClient welcomed(String path) {
    return welcomed(new CableClientOptions().path(path));
  }

  public Response request(HttpMethod method, String path, String body, Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port()).setURI(path);
    headers.forEach(options::putHeader);
    // The chain is built on the client's event loop: a response whose body() is asked for from another
    // thread after its bytes arrived has dropped them (a 401 read back with an empty body, now and then).
    Promise<Response> answered = Promise.promise();
    clients.getOrCreateContext().runOnContext(v -> http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(b -> new Response(response.statusCode(), b.toString())))
        .onComplete(answered));
    return Await.result(answered.future());
  }

  /** {@code POST /_broadcast} on the main port, with a bearer key unless {@code key} is null. */
  public Response broadcast(String body, String key) {
    return request(HttpMethod.POST, "/_broadcast", body,
        key == null ? Map.of() : Map.of("authorization", "Bearer " + key));
  }

  /** A graceful stop, as on SIGTERM (again: no-op); the client Vert.x stays usable until {@link #close()}. */
  public void stop() {
    Await.result(runtime.stop(), START);
  }

  @Override
  public void close() {
    try {
      stop();
    } finally {
      Await.result(clients.close());
    }
  }
}
