package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.Broadcast;
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
import java.util.HashMap;
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
  private final IngestLag lag;

  EntryPublisher(MetricNames.StreamGroup names, String group, boolean deleteAfterAck, EntryMapping mapping, BusPublisher publisher,
                 CableMetrics metrics, IngestLag lag) {
    this.lag = lag;
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
    lag.read(entries.get(entries.size() - 1).id());
    Map<String, List<String>> done = new LinkedHashMap<>();
    // Messages of one stream are appended one after another, in entry order; streams go in parallel. The
    // message id is the entry's, so an entry delivered again (claimed after a crash) is not stored twice.
    Map<String, Future<Void>> tails = new HashMap<>();
    for (StreamEntry entry : entries) {
      try {
        List<BusMessage> messages = mapping.map(entry);
        for (int i = 0; i < messages.size(); i++) {
          BusMessage message = messages.get(i);
          String id = entry.key() + "/" + entry.id() + "/" + i;
          String order = message instanceof Broadcast b ? b.stream() : "";
          tails.put(order, tails.getOrDefault(order, Future.succeededFuture())
              .compose(v -> publisher.publish(message, id)));
        }
        publishedEntries.increment();
      } catch (EntryMapping.Unfit e) {
        malformedEntries.increment();
        failed.increment();
        LOG.warning(label + ": dropping entry " + entry.key() + " " + entry.id() + ": " + e.getMessage());
      }
      done.computeIfAbsent(entry.key(), k -> new ArrayList<>()).add(entry.id());
    }
    // Nothing is acknowledged before it is stored: a failed append leaves the batch pending, to be claimed
    // again (and answered from the log where it was stored after all).
    return Future.all(new ArrayList<>(tails.values())).compose(stored -> acknowledge(control, done));
  }

  private Future<Void> acknowledge(RedisConnection control, Map<String, List<String>> done) {
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
