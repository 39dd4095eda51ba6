package io.cablecluster.rpc;

import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * One HTTP attempt of an AnyCable RPC call: {@code POST <base>/<method>} with AnyCable-Go's headers; the
 * outcome is the backend's JSON object or an {@link RpcException} carrying AnyCable-Go's error mapping.
 */
final class HttpRpcClient {
  private final Vertx vertx;
  private final RpcConfig config;
  private final HttpClient client;
  /** The mount without userinfo: credentials in rpc_host travel as Basic auth, as AnyCable-Go's do. */
  private final String target;
  private final String basicAuthorization;

  HttpRpcClient(Vertx vertx, RpcConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.target = RpcUrl.withoutUserInfo(config.baseUrl());
    this.basicAuthorization = RpcUrl.basicAuthorization(config.baseUrl());
    this.client = vertx.createHttpClient(
        // Idle connections are dropped before common backend keep-alive limits (Puma: 20 s), so a call
        // rarely races the backend closing the connection it was about to use.
        new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(15).setTcpNoDelay(true)
            .setConnectTimeout(config.requestTimeoutMs()),
        // The limiter already bounds calls in flight; the pool must not queue on its own.
        new PoolOptions().setHttp1MaxSize(config.concurrency()).setMaxWaitQueueSize(config.concurrency()));
  }

  /** Posts {@code body}; fails with 504 if no complete answer arrives within {@code timeoutMillis}. */
  Future<JsonObject> post(String method, Buffer body, String sid, long timeoutMillis) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(target + "/" + method)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Anycable-Meta-Protov", "v1");
    if (config.secret() != null) {
      options.putHeader("Authorization", "Bearer " + config.secret());
    } else if (basicAuthorization != null) {
      // Go's net/http client adds Basic auth from the URL's userinfo only when no Authorization is set.
      options.putHeader("Authorization", basicAuthorization);
    }
    if (sid != null && !sid.isEmpty()) {
      options.putHeader("X-Anycable-Meta-Sid", sid);
    }
    Promise<JsonObject> result = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeoutMillis), id -> result.tryFail(RpcException.of(
        RpcException.DEADLINE_EXCEEDED, method + " RPC got no answer within " + timeoutMillis + " ms")));
    client.request(options).onComplete(connected -> {
      if (connected.failed()) {
        result.tryFail(new RpcException(RpcException.UNAVAILABLE,
            "RPC backend unreachable: " + connected.cause().getMessage(), true));
        return;
      }
      HttpClientRequest request = connected.result();
      if (result.future().isComplete()) {
        request.reset();
        return;
      }
      result.future().onFailure(e -> request.reset());
      request.send(body)
          .compose(response -> response.body().map(payload -> decode(response.statusCode(), payload)))
          .onComplete(answered -> {
            if (answered.succeeded()) {
              result.tryComplete(answered.result());
            } else if (answered.cause() instanceof RpcException e) {
              result.tryFail(e);
            } else {
              // The request may have reached the backend: not safe to repeat.
              result.tryFail(RpcException.of(RpcException.UNAVAILABLE,
                  "RPC connection failed: " + answered.cause().getMessage()));
            }
          });
    });
    return result.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static JsonObject decode(int status, Buffer payload) {
    if (status < 200 || status > 299) {
      throw RpcException.fromHttpStatus(status);
    }
    String text = payload.toString();
    // Before decoding: Vert.x decodes recursively and a deep reply would overflow the event loop's stack.
    if (!JsonDepth.withinLimit(text)) {
      throw RpcException.of(RpcException.UNKNOWN, "malformed RPC response: " + JsonDepth.tooDeep());
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      throw RpcException.of(RpcException.UNKNOWN, "malformed RPC response: " + e.getMessage());
    }
  }

  Future<Void> close() {
    return client.close();
  }
}
