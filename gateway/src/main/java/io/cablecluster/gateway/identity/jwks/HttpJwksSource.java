package io.cablecluster.gateway.identity.jwks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GETs the JWKS with Vert.x's asynchronous client: the whole exchange (connect, headers, body) must finish
 * within the timeout, the answer must be a 200 with a body of at most {@link #MAX_BODY_BYTES}, redirects are
 * not followed. Anything else fails the future and the request is reset, so no connection lingers.
 */
public final class HttpJwksSource implements JwksKeys.Source {
  /** A JWKS of {@link JwkSet#MAX_KEYS} 4096-bit RSA keys is under 64 KiB; 256 KiB leaves room for extra members. */
  public static final int MAX_BODY_BYTES = 256 * 1024;
  private final Vertx vertx;
  private final HttpClient client;
  private final String url;
  private final int timeoutMs;

  public HttpJwksSource(Vertx vertx, String url, int timeoutMs) {
    this.vertx = vertx;
    this.url = url;
    this.timeoutMs = timeoutMs;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs)
        .setMaxRedirects(0).setKeepAlive(true));
  }

  @Override
  public Future<Buffer> fetch() {
    Promise<Buffer> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMs, id -> result.tryFail(new TimeoutException(
        "no complete answer within " + timeoutMs + " ms")));
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setFollowRedirects(false)
            .putHeader("accept", "application/json"))
        .compose(request -> {
          if (result.future().isComplete()) {
            request.reset();
            return Future.failedFuture("timed out before the request was sent");
          }
          sent.set(request);
          return request.send();
        })
        .onSuccess(response -> {
          if (response.statusCode() != 200) {
            result.tryFail(new IllegalStateException("HTTP status " + response.statusCode()));
            return;
          }
          if (tooLong(response.getHeader("content-length"))) {
            result.tryFail(new IllegalStateException("body over " + MAX_BODY_BYTES + " bytes"));
            return;
          }
          Buffer body = Buffer.buffer();
          response.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
              result.tryFail(new IllegalStateException("body over " + MAX_BODY_BYTES + " bytes"));
            } else if (!result.future().isComplete()) {
              body.appendBuffer(chunk);
            }
          });
          response.exceptionHandler(result::tryFail);
          response.endHandler(v -> result.tryComplete(body));
        })
        .onFailure(result::tryFail);
    return result.future().onComplete(done -> {
      vertx.cancelTimer(timer);
      HttpClientRequest request = sent.get();
      if (done.failed() && request != null) {
        request.reset();
      }
    });
  }

  private static boolean tooLong(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
