package io.cablecluster.cluster.streams;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.HistoryLimits;
import io.cablecluster.core.streams.StreamPosition;
import io.cablecluster.core.streams.StreamRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operations that run at a stream's home, on its Hazelcast partition thread. Each is deterministic in its
 * fields (time, new epochs and live members come from the caller), so the backup's re-run of a change ends in
 * the same state as the owner's.
 */
final class Appends {
  private Appends() {
  }

  /**
   * A home lives {@code history_ttl} after its last change while nobody follows it, and as long as anybody
   * does (routing must never forget a follower).
   */
  private static void store(Map.Entry<String, StreamHome> entry, StreamHome home, long ttlMillis) {
    ((ExtendedMapEntry<String, StreamHome>) entry).setValue(home, home.followed() ? 0 : ttlMillis,
        TimeUnit.MILLISECONDS);
  }

  /** What an append answers: the position (null: not stored) and the nodes to route to (null: every node). */
  record Routed(StreamPosition position, ArrayList<String> nodes) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Numbers and stores one message, and says where it goes. */
  record Append(Broadcast broadcast, String messageId, String newEpoch, long nowMillis, HistoryLimits limits,
                long windowMillis) implements EntryProcessor<String, StreamHome, Routed> {
    private static final long serialVersionUID = 1L;

    @Override
    public Routed process(Map.Entry<String, StreamHome> entry) {
      StreamHome home = entry.getValue();
      if (home == null) {
        home = new StreamHome(newEpoch);
      }
      // The new epoch doubles as this append's token: random, chosen by the caller, the same on the backup.
      StreamRecord.Appended appended = home.record.append(broadcast, messageId, nowMillis, limits, newEpoch);
      home.appended(nowMillis, windowMillis);
      List<String> route = home.route(nowMillis);
      store(entry, home, limits.ttlMillis());
      return new Routed(appended.position(), route == null ? null : new ArrayList<>(route));
    }
  }

  /** A node starts or stops following the stream; answers the stream's position. */
  record Follow(String node, long version, boolean on, String newEpoch, long ttlMillis)
      implements EntryProcessor<String, StreamHome, StreamPosition> {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamPosition process(Map.Entry<String, StreamHome> entry) {
      StreamHome home = entry.getValue();
      if (home == null) {
        if (!on) {
          return null;
        }
        home = new StreamHome(newEpoch);
      }
      if (home.follow(node, version, on)) {
        store(entry, home, ttlMillis);
      }
      return home.record.position();
    }
  }

  /** A member left the cluster: no home routes to it any more. */
  record Forget(String node) implements EntryProcessor<String, StreamHome, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, StreamHome> entry) {
      StreamHome home = entry.getValue();
      if (home == null || !home.forget(node)) {
        return false;
      }
      ((ExtendedMapEntry<String, StreamHome>) entry).setValue(home);
      return true;
    }
  }

  record Position() implements EntryProcessor<String, StreamHome, StreamPosition>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamPosition process(Map.Entry<String, StreamHome> entry) {
      return entry.getValue() == null ? null : entry.getValue().record.position();
    }
  }

  /** What {@link After} found: the messages, or null with the reason. */
  record Answer(ArrayList<Broadcast> messages, boolean unknownEpoch) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  record After(String epoch, long offset, long cutoffMillis)
      implements EntryProcessor<String, StreamHome, Answer>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public Answer process(Map.Entry<String, StreamHome> entry) {
      StreamHome home = entry.getValue();
      if (home == null || !home.record.epoch().equals(epoch)) {
        return new Answer(null, true);
      }
      List<Broadcast> missed = home.record.after(offset, cutoffMillis);
      return new Answer(missed == null ? null : new ArrayList<>(missed), false);
    }
  }

  record Since(long sinceMillis, long cutoffMillis)
      implements EntryProcessor<String, StreamHome, List<Broadcast>>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Broadcast> process(Map.Entry<String, StreamHome> entry) {
      return entry.getValue() == null ? new ArrayList<>()
          : new ArrayList<>(entry.getValue().record.since(sinceMillis, cutoffMillis));
    }
  }
}
