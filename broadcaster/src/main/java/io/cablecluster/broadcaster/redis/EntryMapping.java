package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.BusMessage;
import java.util.List;

/** Turns one stream entry into what goes on the event bus; throws {@link Unfit} for entries it cannot map. */
@FunctionalInterface
interface EntryMapping {

  List<BusMessage> map(StreamEntry entry);

  /** The entry does not fit the mapping: it is logged, counted and acknowledged, never retried. */
  final class Unfit extends RuntimeException {
    Unfit(String message) {
      super(message, null, false, false);
    }
  }
}
