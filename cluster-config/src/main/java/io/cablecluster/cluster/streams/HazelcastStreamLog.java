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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
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
  /** Where Vert.x's Hazelcast cluster manager keeps a member's node id (the id of its event-bus address). */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  /** Follows sent one by one before the next ones wait to leave together, and the size of such a batch. */
  private static final int FOLLOWS_IN_FLIGHT = 4;
  private static final int FOLLOWS_PER_BATCH = 512;
  private static final Logger LOG = Logger.getLogger(HazelcastStreamLog.class.getName());
  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, StreamHome> homes;
  private final HistoryLimits limits;
  private final long windowMillis;
  private final String nodeId;
  /** Versions of this node's follows and unfollows: a later one always wins at the home. */
  private final AtomicLong versions = new AtomicLong(System.currentTimeMillis() * 1000);
  private final FollowBatches follows;
  private UUID membership;

  public HazelcastStreamLog(Vertx vertx, HazelcastInstance hazelcast, StreamLogConfig config, String nodeId) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.homes = hazelcast.getMap(MAP);
    this.limits = config.limits();
    this.windowMillis = config.routeWindowSeconds() * 1000L;
    this.nodeId = nodeId;
    this.follows = new FollowBatches(FOLLOWS_IN_FLIGHT, FOLLOWS_PER_BATCH,
        stream -> homes.submitToKey(stream, follow()), streams -> homes.submitToKeys(streams, follow()));
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
    StreamCodecs.register(hazelcast.getSerializationConfig());
  }

  /**
   * A member that leaves is forgotten by every home it followed, once, by the oldest member (homes route to
   * their followers whether alive or not, so a node that just joined is never skipped; this only cleans up).
   */
  @Override
  public Future<Void> start() {
    membership = hazelcast.getCluster().addMembershipListener(new MembershipAdapter() {
      @Override
      public void memberRemoved(MembershipEvent event) {
        String gone = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        boolean oldest = hazelcast.getCluster().getMembers().iterator().next().localMember();
        if (gone != null && oldest) {
          // A pass over every home: blocking, so on a worker, never on Hazelcast's event thread.
          vertx.executeBlocking(() -> homes.executeOnEntries(new Appends.Forget(gone)), false)
              .onFailure(failure -> LOG.warning("could not forget the streams of a departed member: " + failure));
        }
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (membership != null) {
      hazelcast.getCluster().removeMembershipListener(membership);
    }
    return Future.succeededFuture();
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public boolean numbers() {
    return true;
  }

  @Override
  public Future<Routed> route(Broadcast broadcast, String messageId) {
    if (broadcast.isTransient()) {
      return Future.succeededFuture(Routed.everywhere(broadcast));
    }
    Appends.Append append = new Appends.Append(broadcast, messageId, Epochs.next(), System.currentTimeMillis(),
        limits, windowMillis);
    return here(homes.submitToKey(broadcast.stream(), append)).map(routed -> {
      StreamPosition at = routed.position();
      return new Routed(at == null ? broadcast : broadcast.withPosition(at.epoch(), at.offset()), routed.nodes());
    });
  }

  @Override
  public Future<StreamPosition> follow(String stream) {
    return here(follows.follow(stream));
  }

  private Appends.Follow follow() {
    return new Appends.Follow(nodeId, versions.incrementAndGet(), true, Epochs.next(), limits.ttlMillis());
  }

  @Override
  public Future<Void> unfollow(String stream) {
    return here(homes.submitToKey(stream, new Appends.Follow(nodeId, versions.incrementAndGet(), false,
        Epochs.next(), limits.ttlMillis()))).mapEmpty();
  }

  /** One operation per member for all the streams, each applied at its home with the same version. */
  @Override
  public Future<Void> unfollowAll(Set<String> streams) {
    if (streams.isEmpty()) {
      return Future.succeededFuture();
    }
    return here(homes.submitToKeys(streams, new Appends.Follow(nodeId, versions.incrementAndGet(), false,
        Epochs.next(), limits.ttlMillis()))).mapEmpty();
  }

  @Override
  public Future<StreamPosition> position(String stream) {
    return here(homes.submitToKey(stream, new Appends.Position()));
  }

  @Override
  public Future<List<Broadcast>> after(String stream, String epoch, long offset) {
    long cutoff = System.currentTimeMillis() - limits.ttlMillis();
    return here(homes.submitToKey(stream, new Appends.After(epoch, offset, cutoff))).compose(answer ->
        answer.messages() != null ? Future.succeededFuture(answer.messages())
            : Future.failedFuture(new HistoryUnavailable(answer.unknownEpoch())));
  }

  @Override
  public Future<List<Broadcast>> since(String stream, long sinceSeconds) {
    long cutoff = System.currentTimeMillis() - limits.ttlMillis();
    return here(homes.submitToKey(stream, new Appends.Since(sinceSeconds * 1000L, cutoff)));
  }

  /** Hazelcast completes on its own threads: the answer is handed back to the caller's event loop. */
  private <T> Future<T> here(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
