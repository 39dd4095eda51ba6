package io.cablecluster.gateway.session;

import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The presence commands (AnyCable-Go's): {@code join}, {@code leave} and {@code presence}, on the stream the
 * subscription names in its {@code $p} state. Join and leave answer nothing to the client (the events reach
 * every subscriber as broadcasts); a refused join is counted and logged (at most once per 10 s). Every call runs
 * on the session's event loop.
 */
final class PresenceCommands {
  private static final Logger LOG = Logger.getLogger(PresenceCommands.class.getName());
  private static final Future<Void> DONE = Future.succeededFuture();
  private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

  private PresenceCommands() {
  }

  static Future<Void> join(Session session, Broker broker, Subscription subscription, JsonObject presence) {
    String stream = subscription == null ? null : subscription.presenceStream();
    Object id = presence == null ? null : presence.getValue("id");
    if (stream == null || !(id instanceof String || id instanceof Number)) {
      LOG.fine(() -> session.logId() + ": join ignored: no presence stream or no id");
      return DONE;
    }
    Object info = presence.getValue("info");
    return join(session, broker, subscription, String.valueOf(id), info == null ? null : Json.encode(info));
  }

  /** A join with the info already as JSON text (the backend's RPC answer gives it so). */
  static Future<Void> join(Session session, Broker broker, Subscription subscription, String pid, String infoText) {
    String stream = subscription == null ? null : subscription.presenceStream();
    if (stream == null || pid == null) {
      LOG.fine(() -> session.logId() + ": join ignored: no presence stream or no id");
      return DONE;
    }
    return session.here(broker.presenceJoin(stream, session.sid(), pid, infoText)).transform(ar -> {
      if (ar.succeeded()) {
        subscription.presenceJoined(stream);
      } else {
        session.gateway().counters().presenceRefused().increment();
        String why = ar.cause().getMessage();
        REFUSED.log(n -> session.logId() + ": presence join refused (" + n + " since the last such line): " + why);
      }
      return DONE;
    });
  }

  static Future<Void> leave(Session session, Broker broker, Subscription subscription) {
    String stream = subscription == null ? null : subscription.presenceJoined();
    if (stream == null) {
      return DONE;
    }
    subscription.presenceJoined(null);
    return session.here(broker.presenceLeave(stream, session.sid())).recover(e -> DONE);
  }

  static Future<Void> info(Session session, Broker broker, Subscription subscription, Object data) {
    String stream = subscription == null ? null : subscription.presenceStream();
    if (subscription == null) {
      return DONE;
    }
    if (stream == null) {
      session.transmit(Frames.presenceError(subscription.identifier()));
      return DONE;
    }
    return session.here(broker.presenceInfo(stream, returnRecords(data))).transform(ar -> {
      session.transmit(ar.succeeded() ? Frames.presence(subscription.identifier(), ar.result())
          : Frames.presenceError(subscription.identifier()));
      return DONE;
    });
  }

  /** The session closed: its presence is no longer renewed (it ends {@code presence_ttl} later). */
  static void closed(Session session, Broker broker, Subscription subscription) {
    if (subscription.presenceJoined() != null) {
      broker.presenceClosed(subscription.presenceJoined(), session.sid());
    }
  }

  private static boolean returnRecords(Object data) {
    JsonObject options = data instanceof JsonObject json ? json : null;
    if (data instanceof String text) {
      try {
        options = new JsonObject(text);
      } catch (RuntimeException notAnObject) {
        options = null;
      }
    }
    return options != null && Boolean.TRUE.equals(options.getValue("return_records"));
  }
}
