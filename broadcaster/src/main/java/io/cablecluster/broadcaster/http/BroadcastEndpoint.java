package io.cablecluster.broadcaster.http;

import io.cablecluster.broadcaster.BroadcastHttpConfig;
import io.cablecluster.broadcaster.BroadcastPayloads;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.Secrets;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.cablecluster.core.streams.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * {@code POST /_broadcast}: AnyCable's HTTP broadcast. 201 when published; 401 without the right bearer
 * key; 400 for a body that is not JSON, 422 for JSON that is not a broadcast (and for other methods),
 * 413 for a body over the limit. Errors carry a JSON body {@code {"error": "..."}} saying what is wrong.
 */
public final class BroadcastEndpoint {
  private static final Logger LOG = Logger.getLogger(BroadcastEndpoint.class.getName());
  private static final String TOO_LARGE = "body larger than the broadcast size limit";
  private final BroadcastHttpConfig config;
  private final Counter broadcasts;
  private final Counter remoteCommands;
  private final Counter failed;
  private final StreamPublisher publisher;

  public BroadcastEndpoint(BroadcastHttpConfig config, CableMetrics metrics, StreamPublisher publisher) {
    this.config = config;
    // AnyCable-Go's publications_total: what came in; broadcast_msg_total is counted by each gateway node.
    this.broadcasts = metrics.counter(MetricNames.PUBLICATIONS_TOTAL);
    this.remoteCommands = metrics.counter(MetricNames.PUBLICATIONS_TOTAL);
    this.failed = metrics.counter(MetricNames.FAILED_BROADCAST_MSG_TOTAL);
    this.publisher = publisher;
  }

  public void mount(Router router) {
    if (config.cors()) {
      router.options(config.path()).handler(ctx -> ctx.response()
          .putHeader("access-control-allow-origin", "*")
          .putHeader("access-control-allow-methods", "POST, OPTIONS")
          .putHeader("access-control-allow-headers", "authorization, content-type")
          .setStatusCode(200).end());
    }
    // The key is checked before a byte of the body is read; the body is then read as bytes whatever its
    // Content-Type (no form or multipart decoding, which Vert.x Web's BodyHandler would do first).
    router.post(config.path())
        .handler(this::authorize)
        .handler(RawBody.reader(config.maxBodyBytes(), TOO_LARGE))
        .handler(this::publish);
    router.route(config.path()).handler(ctx -> fail(ctx, 422, "use POST to broadcast"));
  }

  private void authorize(RoutingContext ctx) {
    if (config.key() != null) {
      String header = ctx.request().getHeader("authorization");
      String expected = "Bearer " + config.key();
      if (!Secrets.constantTimeEquals(expected, header)) {
        RawBody.closeAfterAnswerUnlessRead(ctx);
        fail(ctx, 401, "missing or wrong Authorization: Bearer <broadcast key>");
        return;
      }
    }
    ctx.next();
  }

  private void publish(RoutingContext ctx) {
    String body = RawBody.of(ctx).toString();
    if (body.isBlank()) {
      failed.increment();
      fail(ctx, 400, "empty body: expected a JSON broadcast");
      return;
    }
    List<BusMessage> messages;
    try {
      messages = BroadcastPayloads.parse(body);
    } catch (BroadcastPayloads.MalformedPayload e) {
      failed.increment();
      fail(ctx, 400, e.getMessage());
      return;
    } catch (BroadcastPayloads.UnsupportedPayload e) {
      failed.increment();
      fail(ctx, 422, e.getMessage());
      return;
    }
    // 201 only once every message is stored at its stream's home (and its backup) and published; messages
    // of one stream are appended in body order.
    Map<String, Future<Void>> tails = new HashMap<>();
    for (BusMessage message : messages) {
      String order = message instanceof Broadcast b ? b.stream() : "";
      String id = UUID.randomUUID().toString();
      tails.put(order, tails.getOrDefault(order, Future.succeededFuture())
          .compose(v -> publisher.publish(message, id)));
      (message instanceof RemoteDisconnect ? remoteCommands : broadcasts).increment();
    }
    Future.all(new ArrayList<>(tails.values())).onComplete(stored -> {
      if (stored.failed()) {
        failed.increment();
        LOG.warning("broadcast not stored: " + stored.cause().getMessage());
        fail(ctx, 503, "broadcast could not be stored, retry");
        return;
      }
      ctx.response().setStatusCode(201);
      if (config.cors()) {
        ctx.response().putHeader("access-control-allow-origin", "*");
      }
      ctx.response().end();
    });
  }

  private static void fail(RoutingContext ctx, int status, String error) {
    if (status != 401) {
      LOG.fine(() -> "broadcast refused (" + status + "): " + error);
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).encode());
  }

  /** BodyHandler answers 413 by itself; this makes its answer as clear as ours. */
  public static void mountErrorBodies(Router router) {
    router.errorHandler(413, ctx -> {
      // The rest of the body may still be on its way: left on the connection it would be read as the next
      // request (a keep-alive client then got a garbled 400), so the connection ends with this answer.
      ctx.response().putHeader("connection", "close")
          .endHandler(v -> ctx.request().connection().close());
      fail(ctx, 413, TOO_LARGE);
    });
  }

}
