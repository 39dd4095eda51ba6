package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consumer group's backlog as a real redis-server reports it in XINFO GROUPS. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupBacklogTest {

  @Test
  @DisplayName("Verifies that pending and lag are summed over the group's streams, a missing stream counting nothing")
  void pendingAndLagAreSummedOverTheGroupsStreams() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (RedisServer redis = RedisServer.start()) {
      for (String key : List.of("design:jobs:1", "design:jobs:2")) {
        redis.cli("XADD", key, "*", "n", "1");
        redis.cli("XADD", key, "*", "n", "2");
        redis.cli("XADD", key, "*", "n", "3");
        redis.cli("XGROUP", "CREATE", key, "cable-cluster", "0");
        redis.cli("XGROUP", "CREATE", key, "another-group", "0");
      }
      // One entry of the first stream delivered and not acknowledged: pending 1, lag 2 there, lag 3 on the other.
      redis.cli("XREADGROUP", "GROUP", "cable-cluster", "c", "COUNT", "1", "STREAMS", "design:jobs:1", ">");
      RedisConnection connection = Await.result(Redis.createClient(vertx, new RedisOptions()
          .setConnectionString(redis.url()).setPreferredProtocolVersion(ProtocolVersion.RESP2)).connect());
      GroupBacklog backlog = new GroupBacklog();
      Await.result(backlog.measure(connection, List.of("design:jobs:1", "design:jobs:2", "design:jobs:gone"),
          "cable-cluster"));
      assertEquals(1, backlog.pending());
      assertEquals(5, backlog.lag());
    } finally {
      Await.result(vertx.close());
    }
  }
}
