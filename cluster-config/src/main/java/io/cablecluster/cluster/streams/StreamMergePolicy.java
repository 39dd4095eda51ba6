package io.cablecluster.cluster.streams;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingValue;
import io.cablecluster.core.streams.Epochs;
import io.cablecluster.core.streams.StreamRecord;

/**
 * After a split brain heals, each stream both halves numbered gets a new epoch with no history: each half may
 * have issued the same offsets to different messages, so no position of either can be answered honestly
 * (clients resuming get {@code reject_history}, never a wrong replay). A stream only one half knew, or that
 * neither half changed, is kept as it is.
 */
public final class StreamMergePolicy
    implements SplitBrainMergePolicy<StreamHome, MergingValue<StreamHome>, Object> {

  /** Followers of both halves are kept (routing must not forget one), and the merged home routes to all. */
  @Override
  public Object merge(MergingValue<StreamHome> merging, MergingValue<StreamHome> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    StreamHome kept = existing.getValue();
    StreamHome other = merging.getValue();
    return StreamHome.merged(resolve(kept.record, other == null ? null : other.record, Epochs.next()), kept,
        other == null ? kept : other);
  }

  /** The record to keep when both halves hold one. */
  static StreamRecord resolve(StreamRecord existing, StreamRecord merging, String newEpoch) {
    if (merging == null || existing.sameAs(merging)) {
      return existing;
    }
    return new StreamRecord(newEpoch);
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // Stateless.
  }

  @Override
  public void readData(ObjectDataInput in) {
    // Stateless.
  }
}
