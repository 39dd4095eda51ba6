package io.cablecluster.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.cablecluster.core.health.ReadinessCheck;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Iterator;
import java.util.Set;

/**
 * A clustered node's readiness: its Hazelcast member runs, is one of the cluster's members, and the
 * partition table is assigned (stream homes, sessions and presence all live in partitions). It deliberately
 * does not wait for {@code isClusterSafe()}: that is false during every migration, so a node joining or
 * leaving would take every node out of service at once. Hazelcast calls may wait on other members, so they
 * run on a worker, never on an event loop. Kept apart from {@link ClusterBootstrap} so a standalone node
 * never loads a Hazelcast class.
 */
final class HazelcastReadiness implements ReadinessCheck {
  private final Vertx vertx;
  private final HazelcastInstance hazelcast;

  private HazelcastReadiness(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
  }

  static ReadinessCheck of(Vertx vertx, CableMetrics metrics) {
    HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    metrics.gauge(MetricNames.CLUSTER_MEMBERS_NUM,
        () -> hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0);
    return new HazelcastReadiness(vertx, hazelcast);
  }

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public Future<Result> check() {
    return vertx.executeBlocking(this::state, false);
  }

  private Result state() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return Result.down("Hazelcast is not running");
    }
    Set<Member> members = hazelcast.getCluster().getMembers();
    if (!members.contains(hazelcast.getCluster().getLocalMember())) {
      return Result.down("not a member of the cluster yet");
    }
    Iterator<Partition> partitions = hazelcast.getPartitionService().getPartitions().iterator();
    if (partitions.hasNext() && partitions.next().getOwner() == null) {
      return Result.down("partitions not assigned yet");
    }
    return Result.ok("ok (" + members.size() + (members.size() == 1 ? " member)" : " members)"));
  }
}
