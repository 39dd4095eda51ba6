package io.cablecluster.gateway.session;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.HistoryUnavailable;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a {@code history} request for one subscription as AnyCable-Go does: every missed message as a
 * normal data frame (with its position), then {@code confirm_history}; any stream that cannot be served
 * turns the whole answer into {@code reject_history}. A stream with a position is answered from that
 * position only (a foreign epoch is rejected even when {@code since} is given: anycable-client always sends
 * both, and its {@code since} is its last ping, so a time fallback would repeat messages); {@code since}
 * serves the streams without a position. Live frames of the subscription are held meanwhile and sent after
 * the replay, without what the replay already sent.
 */
final class HistoryReplay {
  private HistoryReplay() {
  }

  static Future<Void> answer(Session session, Broker broker, Subscription subscription, JsonObject request) {
    String identifier = subscription.identifier();
    session.holdLive(identifier);
    session.historyRequested(identifier);
    return session.here(missed(broker, subscription, request)).transform(ar -> {
      if (ar.failed()) {
        session.transmit(Frames.rejectHistory(identifier));
      } else if (ar.result() != null) {
        for (Broadcast broadcast : ar.result()) {
          session.sendReplayed(subscription, broadcast);
        }
        session.transmit(Frames.confirmHistory(identifier));
      }
      session.releaseLive(identifier);
      return Future.<Void>succeededFuture();
    });
  }

  /**
   * The missed messages, stream by stream in offset order; null when the request asks for nothing (it is
   * then ignored); failed when the answer must be {@code reject_history}.
   */
  static Future<List<Broadcast>> missed(Broker broker, Subscription subscription, JsonObject request) {
    long since = request.getValue("since") instanceof Number n ? n.longValue() : 0;
    JsonObject positions = request.getValue("streams") instanceof JsonObject p ? p : new JsonObject();
    if (since <= 0 && positions.isEmpty()) {
      return Future.succeededFuture();
    }
    if (subscription.streams().isEmpty()) {
      return Future.failedFuture(new HistoryUnavailable(false));
    }
    List<Future<List<Broadcast>>> perStream = new ArrayList<>();
    for (String stream : subscription.streams()) {
      perStream.add(missed(broker, stream, positions.getValue(stream), since));
    }
    return Future.all(perStream).map(all -> {
      List<Broadcast> missed = new ArrayList<>();
      for (Future<List<Broadcast>> stream : perStream) {
        missed.addAll(stream.result());
      }
      return missed;
    });
  }

  private static Future<List<Broadcast>> missed(Broker broker, String stream, Object position, long since) {
    if (position != null) {
      JsonObject at = position instanceof JsonObject p ? p : null;
      String epoch = at != null && at.getValue("epoch") instanceof String e ? e : null;
      Long offset = at != null && at.getValue("offset") instanceof Number o ? o.longValue() : null;
      return epoch == null || offset == null ? Future.failedFuture(new HistoryUnavailable(false))
          : broker.historyFrom(stream, epoch, offset);
    }
    return since > 0 ? broker.historySince(stream, since) : Future.succeededFuture(List.of());
  }
}
