package io.cablecluster.gateway.history;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.protocol.JsonText;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Answers a {@code history} request for one subscription: every missed message as a normal data frame
 * (with its position), then {@code confirm_history}; any stream that cannot be served turns the whole
 * answer into {@code reject_history}.
 */
public final class HistoryReplay {
  private HistoryReplay() {
  }

  /** The frames to send; empty when the request asks for nothing (it is then ignored). */
  public static List<String> answer(HistoryStore store, String identifier, Collection<String> streams,
                                    JsonObject request) {
    long since = request.getValue("since") instanceof Number n ? n.longValue() : 0;
    JsonObject positions = request.getValue("streams") instanceof JsonObject p ? p : new JsonObject();
    if (since <= 0 && positions.isEmpty()) {
      return List.of();
    }
    if (store == null || streams.isEmpty()) {
      return List.of(Frames.rejectHistory(identifier));
    }
    List<String> frames = new ArrayList<>();
    for (String stream : streams) {
      JsonObject position = positions.getValue(stream) instanceof JsonObject p ? p : null;
      String epoch = position != null && position.getValue("epoch") instanceof String e ? e : null;
      Long offset = position != null && position.getValue("offset") instanceof Number o ? o.longValue() : null;
      List<Broadcast> missed = store.missed(stream, epoch, offset, since);
      if (missed == null) {
        return List.of(Frames.rejectHistory(identifier));
      }
      for (Broadcast broadcast : missed) {
        frames.add(Frames.data(identifier, JsonText.message(broadcast.data()), broadcast));
      }
    }
    frames.add(Frames.confirmHistory(identifier));
    return frames;
  }
}
