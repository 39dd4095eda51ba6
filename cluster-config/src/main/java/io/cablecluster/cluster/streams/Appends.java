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
 * fields, so the backup's re-run of an append ends in the same state as the owner's.
 */
final class Appends {
  private Appends() {
  }

  /** Numbers and stores one message; the record lives {@code history_ttl} after its last append. */
  record Append(Broadcast broadcast, String messageId, String newEpoch, long nowMillis, HistoryLimits limits)
      implements EntryProcessor<String, StreamRecord, StreamRecord.Appended> {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamRecord.Appended process(Map.Entry<String, StreamRecord> entry) {
      StreamRecord record = entry.getValue();
      if (record == null) {
        record = new StreamRecord(newEpoch);
      }
      // The new epoch doubles as this append's token: random, chosen by the caller, the same on the backup.
      StreamRecord.Appended appended = record.append(broadcast, messageId, nowMillis, limits, newEpoch);
      ((ExtendedMapEntry<String, StreamRecord>) entry).setValue(record, limits.ttlMillis(), TimeUnit.MILLISECONDS);
      return appended;
    }
  }

  record Position() implements EntryProcessor<String, StreamRecord, StreamPosition>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public StreamPosition process(Map.Entry<String, StreamRecord> entry) {
      return entry.getValue() == null ? null : entry.getValue().position();
    }
  }

  /** What {@link After} found: the messages, or null with the reason. */
  record Answer(ArrayList<Broadcast> messages, boolean unknownEpoch) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  record After(String epoch, long offset, long cutoffMillis)
      implements EntryProcessor<String, StreamRecord, Answer>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public Answer process(Map.Entry<String, StreamRecord> entry) {
      StreamRecord record = entry.getValue();
      if (record == null || !record.epoch().equals(epoch)) {
        return new Answer(null, true);
      }
      List<Broadcast> missed = record.after(offset, cutoffMillis);
      return new Answer(missed == null ? null : new ArrayList<>(missed), false);
    }
  }

  record Since(long sinceMillis, long cutoffMillis)
      implements EntryProcessor<String, StreamRecord, List<Broadcast>>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Broadcast> process(Map.Entry<String, StreamRecord> entry) {
      return entry.getValue() == null ? new ArrayList<>() : new ArrayList<>(entry.getValue().since(sinceMillis,
          cutoffMillis));
    }
  }
}
