package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.BusMessage;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Publishes a batch of entries on the event bus, then acknowledges all of them in the group: at-least-once,
 * since nothing is acknowledged before it was published. Entries that do not fit the mapping are
 * acknowledged too (after being logged and counted) so they are never retried forever.
 */
final class EntryPublisher {
  private static final Logger LOG = Logger.getLogger(EntryPublisher.class.getName());
  private final String label;
  private final String group;
  private final boolean deleteAfterAck;
  private final EntryMapping mapping;
  private final BusPublisher publisher;
  private final Counter publishedEntries;
  private final Counter malformedEntries;
  private final Counter failed;

  EntryPublisher(MetricNames.StreamGroup names, String group, boolean deleteAfterAck, EntryMapping mapping, BusPublisher publisher,
                 CableMetrics metrics) {
    this.label = names.prefix();
    this.group = group;
    this.deleteAfterAck = deleteAfterAck;
    this.mapping = mapping;
    this.publisher = publisher;
    this.publishedEntries = metrics.counter(names.entries());
    this.malformedEntries = metrics.counter(names.malformed());
    this.failed = metrics.counter(MetricNames.FAILED_BROADCAST_MSG_TOTAL);
  }

  Future<Void> publishThenAck(RedisConnection control, List<StreamEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, List<String>> done = new LinkedHashMap<>();
    for (StreamEntry entry : entries) {
      try {
        for (BusMessage message : mapping.map(entry)) {
          publisher.publish(message);
        }
        publishedEntries.increment();
      } catch (EntryMapping.Unfit e) {
        malformedEntries.increment();
        failed.increment();
        LOG.warning(label + ": dropping entry " + entry.key() + " " + entry.id() + ": " + e.getMessage());
      }
      done.computeIfAbsent(entry.key(), k -> new ArrayList<>()).add(entry.id());
    }
    List<Future<Response>> acks = new ArrayList<>();
    done.forEach((key, ids) -> {
      Request ack = Request.cmd(Command.XACK).arg(key).arg(group);
      ids.forEach(ack::arg);
      acks.add(control.send(ack));
      if (deleteAfterAck) {
        Request delete = Request.cmd(Command.XDEL).arg(key);
        ids.forEach(delete::arg);
        acks.add(control.send(delete));
      }
    });
    return Future.all(acks).mapEmpty();
  }
}
