package io.cablecluster.broadcaster.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body as bytes, whatever its Content-Type, up to a limit. Unlike Vert.x Web's BodyHandler
 * it never decodes form or multipart bodies (which Vert.x does with its own limits and failures, before any
 * key check could run), so it can sit after the key check on a route: an unauthorized request is answered
 * before a byte of its body is read.
 */
public final class RawBody {
  private static final String KEY = RawBody.class.getName();

  private RawBody() {
  }

  /** A handler that reads the body (at most {@code limit} bytes) and then calls next(); 413 beyond. */
  public static Handler<RoutingContext> reader(long limit, String tooLarge) {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length != null && declaredOver(length, limit)) {
        tooLarge(ctx, tooLarge);
        return;
      }
      if (request.isEnded()) {
        ctx.put(KEY, Buffer.buffer());
        ctx.next();
        return;
      }
      if (request.version() == HttpVersion.HTTP_1_1
          && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        ctx.response().writeContinue();
      }
      Buffer body = Buffer.buffer();
      boolean[] over = {false};
      request.handler(chunk -> {
        if (over[0]) {
          return;
        }
        if ((long) body.length() + chunk.length() > limit) {
          over[0] = true;
          tooLarge(ctx, tooLarge);
          return;
        }
        body.appendBuffer(chunk);
      });
      request.endHandler(v -> {
        if (!over[0]) {
          ctx.put(KEY, body);
          ctx.next();
        }
      });
      request.resume();
    };
  }

  /** The body read by {@link #reader}: never null (empty when the request had none). */
  public static Buffer of(RoutingContext ctx) {
    Buffer body = ctx.get(KEY);
    return body == null ? Buffer.buffer() : body;
  }

  /**
   * For an answer given before the body was read (a refused key): the unread body must not be parsed as
   * the next request, so the connection ends with the answer.
   */
  public static void closeAfterAnswerUnlessRead(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader("connection", "close")
          .endHandler(v -> ctx.request().connection().close());
    }
  }

  private static boolean declaredOver(String length, long limit) {
    try {
      return Long.parseLong(length.trim()) > limit;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * 413 with a JSON error. The rest of the body may still be on its way: left on the connection it would
   * be read as the next request, so the connection ends with this answer.
   */
  private static void tooLarge(RoutingContext ctx, String error) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(413).putHeader("content-type", "application/json")
        .putHeader("connection", "close")
        .endHandler(v -> ctx.request().connection().close());
    ctx.response().end(new JsonObject().put("error", error).encode());
  }
}
