package io.cablecluster.broadcaster.redis;

import io.cablecluster.broadcaster.BroadcastPayloads;
import io.cablecluster.core.BusMessage;
import java.util.List;

/** AnyCable's RedisX adapter: each entry's {@code payload} field is a broadcast payload (one, batch or command). */
final class RedisxEntryMapping implements EntryMapping {

  @Override
  public List<BusMessage> map(StreamEntry entry) {
    String payload = entry.fields() == null ? null : entry.fields().get("payload");
    if (payload == null) {
      throw new EntryMapping.Unfit("entry has no payload field");
    }
    try {
      return BroadcastPayloads.parse(payload);
    } catch (IllegalArgumentException e) {
      throw new EntryMapping.Unfit(e.getMessage());
    }
  }
}
