package io.cablecluster.cluster.streams;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.Epochs;
import io.cablecluster.core.streams.HistoryLimits;
import io.cablecluster.core.streams.HistoryUnavailable;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.core.streams.StreamPosition;
import io.cablecluster.core.streams.StreamRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code --broker=memory} in a cluster: each stream's record lives in a Hazelcast map partition, so the
 * partition's owner is the stream's home. Every append runs there, one at a time per partition, and is applied
 * to the synchronous backup before the call completes; the backup re-runs the same deterministic append (the
 * new epoch and the time are chosen by the caller). A retried append (the owner died after applying it) finds
 * its message id in the record and answers the first position. Reads run at the home and change nothing.
 */
public final class HazelcastStreamLog implements StreamLog {
  public static final String MAP = "cable.streams";
  private final Vertx vertx;
  private final IMap<String, StreamRecord> records;
  private final HistoryLimits limits;

  public HazelcastStreamLog(Vertx vertx, HazelcastInstance hazelcast, StreamLogConfig config) {
    this.vertx = vertx;
    this.records = hazelcast.getMap(MAP);
    this.limits = config.limits();
  }

  /**
   * The streams map: values kept as objects (an append changes the record in place instead of deserialising
   * and re-serialising all its history), one synchronous backup, at most {@code history_max_streams} records
   * per member (least recently used go first, and come back under a new epoch); after a split brain, streams
   * both halves changed restart under a new epoch ({@link StreamMergePolicy}).
   */
  public static void configure(Config hazelcast, StreamLogConfig config) {
    hazelcast.addMapConfig(new MapConfig(MAP)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setBackupCount(1)
        .setAsyncBackupCount(0)
        .setStatisticsEnabled(false)
        .setMergePolicyConfig(new MergePolicyConfig(StreamMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE))
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(config.maxStreams())));
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  @Override
  public boolean numbers() {
    return true;
  }

  @Override
  public Future<Broadcast> append(Broadcast broadcast, String messageId) {
    if (broadcast.isTransient()) {
      return Future.succeededFuture(broadcast);
    }
    Appends.Append append = new Appends.Append(broadcast, messageId, Epochs.next(), System.currentTimeMillis(),
        limits);
    return here(records.submitToKey(broadcast.stream(), append)).map(appended -> {
      StreamPosition at = appended.position();
      return at == null ? broadcast : broadcast.withPosition(at.epoch(), at.offset());
    });
  }

  @Override
  public Future<StreamPosition> position(String stream) {
    return here(records.submitToKey(stream, new Appends.Position()));
  }

  @Override
  public Future<List<Broadcast>> after(String stream, String epoch, long offset) {
    long cutoff = System.currentTimeMillis() - limits.ttlMillis();
    return here(records.submitToKey(stream, new Appends.After(epoch, offset, cutoff))).compose(answer ->
        answer.messages() != null ? Future.succeededFuture(answer.messages())
            : Future.failedFuture(new HistoryUnavailable(answer.unknownEpoch())));
  }

  @Override
  public Future<List<Broadcast>> since(String stream, long sinceSeconds) {
    long cutoff = System.currentTimeMillis() - limits.ttlMillis();
    return here(records.submitToKey(stream, new Appends.Since(sinceSeconds * 1000L, cutoff)));
  }

  /** Hazelcast completes on its own threads: the answer is handed back to the caller's event loop. */
  private <T> Future<T> here(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
