package io.cablecluster.broadcaster.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How far one consumer group is behind on its streams, summed over the keys it reads: entries delivered but
 * not acknowledged yet ({@code pending}) and entries not delivered yet ({@code lag}, Redis 7+; absent when
 * Redis cannot tell). Measured with {@code XINFO GROUPS} after each idle-claim round, read by gauges.
 */
final class GroupBacklog {
  private volatile long pending;
  private volatile long lag;

  long pending() {
    return pending;
  }

  long lag() {
    return lag;
  }

  /** One XINFO GROUPS per key on {@code control}; a vanished key counts as nothing. */
  Future<Void> measure(RedisConnection control, Collection<String> keys, String group) {
    List<Future<long[]>> replies = new ArrayList<>();
    for (String key : keys) {
      replies.add(control.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(key))
          .map(reply -> of(reply, group))
          .recover(e -> Future.succeededFuture(new long[2])));
    }
    return Future.all(replies).map(all -> {
      long pendingSum = 0;
      long lagSum = 0;
      for (Future<long[]> reply : replies) {
        pendingSum += reply.result()[0];
        lagSum += reply.result()[1];
      }
      pending = pendingSum;
      lag = lagSum;
      return null;
    });
  }

  /** The group's pending and lag in one XINFO GROUPS reply (RESP2: each group a flat field/value list). */
  private static long[] of(Response groups, String group) {
    if (groups == null) {
      return new long[2];
    }
    for (Response fields : groups) {
      long[] found = new long[2];
      String name = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String field = fields.get(i).toString();
        Response value = fields.get(i + 1);
        switch (field) {
          case "name" -> name = value == null ? null : value.toString();
          case "pending" -> found[0] = value == null ? 0 : value.toLong();
          case "lag" -> found[1] = value == null ? 0 : value.toLong();
          default -> {
          }
        }
      }
      if (group.equals(name)) {
        return found;
      }
    }
    return new long[2];
  }
}
