package io.cablecluster.gateway.session;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.broker.HistoryUnavailable;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.protocol.JsonText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a {@code history} request for one subscription: every missed message as a normal data frame
 * (with its position), then {@code confirm_history}; any stream that cannot be served turns the whole
 * answer into {@code reject_history}. A position whose epoch the broker does not know falls back to the
 * request's {@code since} time (the client's node died and it reconnected elsewhere).
 */
final class HistoryReplay {
  private HistoryReplay() {
  }

  static Future<Void> answer(Session session, Broker broker, Subscription subscription, JsonObject request) {
    return session.here(frames(broker, subscription, request)).map(frames -> {
      session.transmitAll(frames);
      return null;
    });
  }

  /** The frames to send; empty when the request asks for nothing (it is then ignored). */
  static Future<List<String>> frames(Broker broker, Subscription subscription, JsonObject request) {
    long since = request.getValue("since") instanceof Number n ? n.longValue() : 0;
    JsonObject positions = request.getValue("streams") instanceof JsonObject p ? p : new JsonObject();
    String identifier = subscription.identifier();
    if (since <= 0 && positions.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    if (subscription.streams().isEmpty()) {
      return Future.succeededFuture(List.of(Frames.rejectHistory(identifier)));
    }
    List<Future<List<Broadcast>>> perStream = new ArrayList<>();
    for (String stream : subscription.streams()) {
      perStream.add(missed(broker, stream, positions.getValue(stream), since));
    }
    return Future.all(perStream).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(List.of(Frames.rejectHistory(identifier)));
      }
      List<String> frames = new ArrayList<>();
      for (Future<List<Broadcast>> missed : perStream) {
        for (Broadcast broadcast : missed.result()) {
          frames.add(Frames.data(identifier, JsonText.message(broadcast.data()), broadcast));
        }
      }
      frames.add(Frames.confirmHistory(identifier));
      return Future.succeededFuture(frames);
    });
  }

  private static Future<List<Broadcast>> missed(Broker broker, String stream, Object position, long since) {
    JsonObject at = position instanceof JsonObject p ? p : null;
    String epoch = at != null && at.getValue("epoch") instanceof String e ? e : null;
    Long offset = at != null && at.getValue("offset") instanceof Number o ? o.longValue() : null;
    if (epoch != null && offset != null) {
      return broker.historyFrom(stream, epoch, offset).recover(e -> e instanceof HistoryUnavailable gone
          && gone.unknownEpoch() && since > 0 ? broker.historySince(stream, since) : Future.failedFuture(e));
    }
    if (since > 0) {
      return broker.historySince(stream, since);
    }
    return epoch == null && offset == null ? Future.succeededFuture(List.of())
        : Future.failedFuture(new HistoryUnavailable(false));
  }
}
