package io.cablecluster.rpc;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Answers the gateway's RPC requests ({@link Addresses#RPC_CONNECT} etc., clustered consumers, so any node
 * running this role can serve them) by calling the backend's AnyCable HTTP RPC: bounded concurrency,
 * deadline {@code rpc_command_timeout} per call, retries with backoff only while the backend is unreachable,
 * and a circuit breaker that fails fast while it stays down.
 */
public final class RpcBridgeVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(RpcBridgeVerticle.class.getName());
  static final long FIRST_BACKOFF_MS = 100;

  private final RpcConfig config;
  /** The backend's URL as logged: credentials in rpc_host masked. */
  private final String shownUrl;
  private final CableMetrics metrics;
  private final Counter calls;
  private final Counter errors;
  private final Counter retries;
  private final Counter timeouts;
  private final io.micrometer.core.instrument.Timer durations;
  private final CircuitBreaker breaker;
  private HttpRpcClient http;
  private CallLimiter limiter;
  private boolean backendReportedDown;
  private Promise<Void> idle;

  public RpcBridgeVerticle(RpcConfig config, CableMetrics metrics) {
    this(config, metrics, CircuitBreaker.anyCableDefaults(System::currentTimeMillis));
  }

  RpcBridgeVerticle(RpcConfig config, CableMetrics metrics, CircuitBreaker breaker) {
    this.config = config;
    this.shownUrl = RpcUrl.redacted(config.baseUrl());
    this.metrics = metrics;
    this.calls = metrics.counter(MetricNames.RPC_CALL_TOTAL);
    this.errors = metrics.counter(MetricNames.RPC_ERROR_TOTAL);
    this.retries = metrics.counter(MetricNames.RPC_RETRIES_TOTAL);
    this.timeouts = metrics.counter(MetricNames.RPC_TIMEOUT_TOTAL);
    this.durations = metrics.timer(MetricNames.RPC_CALL_DURATION);
    this.breaker = breaker;
  }

  @Override
  public Future<?> start() {
    http = new HttpRpcClient(vertx, config);
    limiter = new CallLimiter(vertx, config.concurrency(), config.maxWaiting());
    metrics.gauge(MetricNames.RPC_PENDING_NUM, limiter::waiting);
    metrics.gauge(MetricNames.RPC_CAPACITY_NUM, config::concurrency);
    LOG.info("RPC via HTTP " + shownUrl + " (concurrency " + config.concurrency() + ", timeout "
        + config.commandTimeoutMs() + " ms" + (config.secret() == null ? ", no secret" : "") + ")");
    return Future.all(
        vertx.eventBus().<Object>consumer(Addresses.RPC_CONNECT, m -> call("connect", m)).completion(),
        vertx.eventBus().<Object>consumer(Addresses.RPC_COMMAND, m -> call("command", m)).completion(),
        vertx.eventBus().<Object>consumer(Addresses.RPC_DISCONNECT, m -> call("disconnect", m)).completion());
  }

  @Override
  public Future<?> stop() {
    return http.close();
  }

  /** Completes once no call is running or waiting (the node's shutdown bounds how long that may take). */
  public Future<Void> drain() {
    return io.vertx.core.Vertx.currentContext() == context
        ? drainOnContext()
        : Future.<Void>future(p -> context.runOnContext(v -> drainOnContext().onComplete(p)));
  }

  private Future<Void> drainOnContext() {
    if (limiter.inFlight() == 0 && limiter.waiting() == 0) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }

  private void call(String method, Message<Object> message) {
    calls.increment();
    Buffer body = message.body() instanceof JsonObject json ? json.toBuffer() : Buffer.buffer(String.valueOf(message.body()));
    String sid = message.headers().get("sid");
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(config.commandTimeoutMs());
    int[] retried = new int[1];
    limiter.acquire(deadline)
        .compose(v -> attempt(method, body, sid, deadline, 0, retried).andThen(done -> releaseSlot()))
        // Waiting for a slot, retries and all: what the connection waited for its answer.
        .andThen(done -> durations.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
        .andThen(outcome -> RpcCallLog.call(method, message.body(), sid, started, retried[0], outcome))
        .onSuccess(message::reply)
        .onFailure(e -> fail(method, message, e));
  }

  private Future<JsonObject> attempt(String method, Buffer body, String sid, long deadline, int retry,
                                     int[] retried) {
    CircuitBreaker.Ticket ticket = breaker.tryAcquire();
    if (ticket == null) {
      return Future.failedFuture(RpcException.of(RpcException.UNAVAILABLE,
          "RPC backend " + shownUrl + " is down (circuit open)"));
    }
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return http.post(method, body, sid, Math.min(config.requestTimeoutMs(), Math.max(1, remainingMs)))
        .andThen(outcome -> observe(ticket, outcome.failed() ? outcome.cause() : null))
        .recover(e -> {
          long backoff = FIRST_BACKOFF_MS << Math.min(retry, 20);
          boolean retryable = e instanceof RpcException rpc && rpc.retryable();
          if (!retryable || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) >= deadline) {
            return Future.failedFuture(e);
          }
          retries.increment();
          retried[0] = retry + 1;
          return Future.<Void>future(p -> vertx.setTimer(backoff, id -> p.complete()))
              .compose(v -> attempt(method, body, sid, deadline, retry + 1, retried));
        });
  }

  private void observe(CircuitBreaker.Ticket ticket, Throwable failure) {
    boolean transport = failure instanceof RpcException rpc && rpc.transportFailure();
    CircuitBreaker.State change = breaker.record(ticket, transport);
    if (change == CircuitBreaker.State.OPEN) {
      LOG.severe("RPC backend " + shownUrl + " is down: " + breaker.lastTripSummary()
          + " calls failed in transport; failing RPC calls fast for 5 s (last error: " + failure.getMessage() + ")");
    } else if (transport && !backendReportedDown) {
      backendReportedDown = true;
      LOG.warning("RPC backend " + shownUrl + " did not answer: " + failure.getMessage());
    } else if (!transport && backendReportedDown) {
      backendReportedDown = false;
      LOG.info("RPC backend " + shownUrl + " answers again");
    }
  }

  private void releaseSlot() {
    limiter.release();
    if (idle != null && limiter.inFlight() == 0 && limiter.waiting() == 0) {
      Promise<Void> done = idle;
      idle = null;
      done.complete();
    }
  }

  private void fail(String method, Message<Object> message, Throwable e) {
    errors.increment();
    RpcException rpc = e instanceof RpcException known ? known
        : RpcException.of(RpcException.UNKNOWN, method + " RPC failed: " + e);
    if (rpc.code() == RpcException.DEADLINE_EXCEEDED) {
      timeouts.increment();
    }
    message.fail(rpc.code(), rpc.getMessage());
  }
}
