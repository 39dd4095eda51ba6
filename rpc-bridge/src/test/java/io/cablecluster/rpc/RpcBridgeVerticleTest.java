package io.cablecluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RpcBridgeVerticleTest {
  private static final JsonObject CONNECT_REQUEST = new JsonObject()
      .put("env", new JsonObject().put("url", "http://127.0.0.1:8080/cable?test=1")
          .put("headers", new JsonObject().put("cookie", "username=john green").put("REMOTE_ADDR", "127.0.0.1")));

  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Vertx vertx = Vertx.vertx();
  private final CableMetrics metrics = new CableMetrics(Map.of());
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    await(vertx.close());
  }

  private RecordingBackend backend(RecordingBackend.Answer answer) throws Exception {
    RecordingBackend backend = RecordingBackend.start(vertx, answer);
    closeables.add(backend);
    return backend;
  }

  private static RpcConfig config(String url, String secret) {
    return new RpcConfig(true, url, secret, 3000, 3000, 28, 28 * RpcConfig.WAITING_PER_SLOT);
  }

  private void deploy(RpcConfig config) throws Exception {
    await(vertx.deployVerticle(new RpcBridgeVerticle(config, metrics)));
  }

  private Future<JsonObject> request(String address, JsonObject body, String sid) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(20_000);
    if (sid != null) {
      options.addHeader("sid", sid);
    }
    return vertx.eventBus().<JsonObject>request(address, body, options).map(m -> m.body());
  }

  private JsonObject call(String address, JsonObject body) throws Exception {
    return await(request(address, body, "sid-1"));
  }

  private ReplyException failure(Future<?> future) {
    return assertInstanceOf(ReplyException.class, Await.failure(future, WAIT));
  }

  private static <T> T await(Future<T> future) {
    return Await.result(future, WAIT);
  }

  private int closedPort() throws Exception {
    RecordingBackend gone = RecordingBackend.start(vertx, RecordingBackend.json(200, "{}"));
    int port = gone.port();
    gone.close();
    return port;
  }

  private double metric(String name) {
    return metrics.count(name);
  }

  @Test
  @DisplayName("Verifies that successful response is replied verbatim")
  void successfulResponseIsRepliedVerbatim() throws Exception {
    String answer = "{\"status\":1,\"identifiers\":\"{\\\"uid\\\":\\\"26\\\"}\","
        + "\"transmissions\":[\"{\\\"type\\\":\\\"welcome\\\"}\"],\"env\":{\"cstate\":{\"k\":\"v\"}}}";
    RecordingBackend backend = backend(RecordingBackend.json(200, answer));
    deploy(config(backend.url(), null));
    assertEquals(new JsonObject(answer), call(Addresses.RPC_CONNECT, CONNECT_REQUEST));
    assertEquals(1.0, metric("rpc_call_total"));
    assertEquals(0.0, metric("rpc_error_total"));
  }

  @Test
  @DisplayName("Verifies that each call posts its body to its path with AnyCable headers")
  void eachCallPostsItsBodyToItsPathWithAnyCableHeaders() throws Exception {
    RecordingBackend backend = backend(RecordingBackend.json(200, "{\"status\":1}"));
    deploy(config(backend.url(), "rpc_secret"));
    JsonObject command = new JsonObject().put("command", "subscribe").put("identifier", "{\"channel\":\"C\"}")
        .put("connection_identifiers", "{}").put("env", CONNECT_REQUEST.getJsonObject("env"));
    JsonObject disconnect = new JsonObject().put("identifiers", "{}")
        .put("subscriptions", new JsonArray().add("{\"channel\":\"C\"}")).put("env", CONNECT_REQUEST.getJsonObject("env"));
    call(Addresses.RPC_CONNECT, CONNECT_REQUEST);
    call(Addresses.RPC_COMMAND, command);
    call(Addresses.RPC_DISCONNECT, disconnect);

    assertEquals(List.of("/_anycable/connect", "/_anycable/command", "/_anycable/disconnect"),
        backend.requests.stream().map(RecordingBackend.Recorded::path).toList());
    assertEquals(List.of(CONNECT_REQUEST, command, disconnect),
        backend.requests.stream().map(RecordingBackend.Recorded::body).toList());
    for (RecordingBackend.Recorded recorded : backend.requests) {
      assertEquals("application/json", recorded.headers().get("Content-Type"));
      assertEquals("Bearer rpc_secret", recorded.headers().get("Authorization"));
      assertEquals("sid-1", recorded.headers().get("X-Anycable-Meta-Sid"));
      assertEquals("v1", recorded.headers().get("X-Anycable-Meta-Protov"));
    }
  }

  @Test
  @DisplayName("Verifies that no authorization header without secret")
  void noAuthorizationHeaderWithoutSecret() throws Exception {
    RecordingBackend backend = backend(RecordingBackend.json(200, "{\"status\":1}"));
    deploy(config(backend.url(), null));
    await(request(Addresses.RPC_CONNECT, CONNECT_REQUEST, null));
    assertFalse(backend.requests.get(0).headers().containsKey("Authorization"));
    assertFalse(backend.requests.get(0).headers().containsKey("X-Anycable-Meta-Sid"));
  }

  @Test
  @DisplayName("Verifies that backend HTTP errors map to AnyCable RPC codes without retry")
  void backendHttpErrorsMapToAnyCableRpcCodesWithoutRetry() throws Exception {
    RecordingBackend backend = backend(RecordingBackend.json(200, "{}"));
    deploy(config(backend.url(), null));
    int[][] cases = {{500, 500}, {401, 401}, {422, 422}, {400, 422}, {404, 500}, {503, 500}};
    for (int[] c : cases) {
      backend.answerWith(RecordingBackend.json(c[0], "{\"error\":\"x\"}"));
      int before = backend.requests.size();
      assertEquals(c[1], failure(request(Addresses.RPC_COMMAND, new JsonObject(), "s")).failureCode(),
          "HTTP " + c[0]);
      assertEquals(before + 1, backend.requests.size(), "HTTP " + c[0] + " must not be retried");
    }
    assertEquals(0.0, metric("rpc_retries_total"));
    assertEquals(cases.length, metric("rpc_error_total"));
  }

  @Test
  @DisplayName("Verifies that malformed response JSON fails as unknown")
  void malformedResponseJsonFailsAsUnknown() throws Exception {
    RecordingBackend backend = backend(RecordingBackend.json(200, "{\"status\":1"));
    deploy(config(backend.url(), null));
    for (String body : List.of("{\"status\":1", "not json", "", "[1,2]", "null")) {
      backend.answerWith(RecordingBackend.json(200, body));
      assertEquals(500, failure(request(Addresses.RPC_CONNECT, CONNECT_REQUEST, "s")).failureCode(), body);
    }
  }

  @Test
  @DisplayName("Verifies that a response nested deeper than the JSON depth limit is a failed call (unknown), not a stack overflow")
  void deeplyNestedResponseFailsAsUnknown() throws Exception {
    String deep = "{\"status\":\"SUCCESS\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    RecordingBackend backend = backend(RecordingBackend.json(200, deep));
    deploy(config(backend.url(), null));
    assertEquals(500, failure(request(Addresses.RPC_CONNECT, CONNECT_REQUEST, "s")).failureCode());
    assertEquals(1, backend.requests.size(), "a malformed answer is not retried");
  }

  @Test
  @DisplayName("Verifies that slow backend times out with deadline exceeded and is not retried")
  void slowBackendTimesOutWithDeadlineExceededAndIsNotRetried() throws Exception {
    RecordingBackend backend = backend((request, body) -> { });
    deploy(new RpcConfig(true, backend.url(), null, 300, 10_000, 28, 100));
    long started = System.nanoTime();
    assertEquals(504, failure(request(Addresses.RPC_COMMAND, new JsonObject(), "s")).failureCode());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5),
        "fails at the 300 ms request timeout, long before the 10 s command deadline");
    assertEquals(1, backend.requests.size());
    assertEquals(1.0, metric("rpc_timeout_total"));
  }

  @Test
  @DisplayName("Verifies that unreachable backend is retried with backoff then fails unavailable")
  void unreachableBackendIsRetriedWithBackoffThenFailsUnavailable() throws Exception {
    deploy(new RpcConfig(true, "http://127.0.0.1:" + closedPort() + "/_anycable", null, 3000, 1000, 28, 100));
    long started = System.nanoTime();
    assertEquals(503, failure(request(Addresses.RPC_CONNECT, CONNECT_REQUEST, "s")).failureCode());
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    // Attempts at ~0, 100, 300 and 700 ms; the next backoff (800 ms) would pass the 1000 ms deadline.
    // (A loaded machine may delay a timer enough to leave room for one retry fewer.)
    double retries = metric("rpc_retries_total");
    assertTrue(retries == 2.0 || retries == 3.0, "retries: " + retries);
    assertTrue(elapsedMs >= 300, "backoff 100·2^n was applied, took " + elapsedMs + " ms");
    assertTrue(elapsedMs < 5000, "gave up around the 1 s command timeout, took " + elapsedMs + " ms");
    assertEquals(1.0, metric("rpc_error_total"));
  }

  @Test
  @DisplayName("Verifies that backend that comes up during retries answers the call")
  void backendThatComesUpDuringRetriesAnswersTheCall() throws Exception {
    int port = closedPort();
    deploy(new RpcConfig(true, "http://127.0.0.1:" + port + "/_anycable", null, 5000, 10_000, 28, 100));
    Future<JsonObject> pending = request(Addresses.RPC_CONNECT, CONNECT_REQUEST, "s");
    // The retry is visible only as a metric (no event): polled.
    Await.until("the first attempt to find the backend down", Duration.ofSeconds(2),
        () -> metric("rpc_retries_total") >= 1);
    closeables.add(RecordingBackend.startOn(vertx, port, RecordingBackend.json(200, "{\"status\":1}")));
    assertEquals(new JsonObject().put("status", 1), await(pending));
  }

  @Test
  @DisplayName("Verifies that calls in flight are bounded and excess waiters fail fast")
  void callsInFlightAreBoundedAndExcessWaitersFailFast() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    CountDownLatch twoHeld = new CountDownLatch(2);
    RecordingBackend backend = backend((request, body) -> {
      held.add(request);
      twoHeld.countDown();
    });
    deploy(new RpcConfig(true, backend.url(), null, 10_000, 10_000, 2, 2));
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(request(Addresses.RPC_COMMAND, new JsonObject().put("n", i), "s"));
    }
    // Two in flight, two waiting, two refused at once.
    for (int i = 4; i < 6; i++) {
      assertEquals(503, failure(calls.get(i)).failureCode());
    }
    assertTrue(metrics.scrape().contains("anycable_go_rpc_pending_num 2.0"), metrics.scrape());
    assertTrue(metrics.scrape().contains("anycable_go_rpc_capacity_num 2.0"));
    assertTrue(twoHeld.await(10, TimeUnit.SECONDS), "two calls reached the backend");
    // The window in which a third call would wrongly reach the backend: an absence has no event to await.
    Thread.sleep(200);
    assertEquals(2, held.size(), "only two calls reach the backend while they are held");
    backend.answerWith(RecordingBackend.json(200, "{\"status\":1}"));
    for (HttpServerRequest request : held) {
      vertx.runOnContext(v -> request.response().end("{\"status\":1}"));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(1, await(calls.get(i)).getInteger("status"));
    }
    assertEquals(2, backend.maxInFlight.get());
    assertEquals(4, backend.requests.size());
  }

  @Test
  @DisplayName("Verifies that circuit opens while backend is down and fails fast until probes succeed")
  void circuitOpensWhileBackendIsDownAndFailsFastUntilProbesSucceed() throws Exception {
    int port = closedPort();
    AtomicLong clock = new AtomicLong(1_000_000);
    RpcConfig config = new RpcConfig(true, "http://127.0.0.1:" + port + "/_anycable", null, 3000, 10_000, 28, 100);
    await(vertx.deployVerticle(new RpcBridgeVerticle(config, metrics, CircuitBreaker.anyCableDefaults(clock::get))));
    // Ten calls fail at once; their first retries then meet the open circuit and give up.
    List<Future<JsonObject>> down = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      down.add(request(Addresses.RPC_COMMAND, new JsonObject(), "s"));
    }
    for (Future<JsonObject> call : down) {
      assertEquals(503, failure(call).failureCode());
    }
    RecordingBackend backend = RecordingBackend.startOn(vertx, port, RecordingBackend.json(200, "{\"status\":1}"));
    closeables.add(backend);
    ReplyException open = failure(request(Addresses.RPC_COMMAND, new JsonObject(), "s"));
    assertEquals(503, open.failureCode());
    assertTrue(open.getMessage().contains("circuit open"), open.getMessage());
    assertEquals(0, backend.requests.size(), "an open circuit sends nothing");
    clock.addAndGet(5_000);
    assertEquals(1, call(Addresses.RPC_COMMAND, new JsonObject()).getInteger("status"));
    assertEquals(1, backend.requests.size());
  }
}
