package io.cablecluster.gateway.streams;

import io.cablecluster.gateway.broker.Broker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;

/**
 * The node's stream index: one local event-bus consumer per stream, reference-counted across the
 * (connection, identifier) pairs that hold it. The index is split into shards with a lock each (AnyCable-Go's
 * hub "gates"), so joins from different event loops rarely meet; registering the consumer and telling the
 * broker happen outside the lock.
 *
 * <p>A stream whose last subscriber left lingers for {@link StreamLinger#millis()} before it is closed: a page
 * that resubscribes (Turbo navigation, a reconnect) finds it open and is confirmed without asking the stream's
 * home again, and the streams that do close are told to the broker together, once per sweep. A stream that
 * closes is opened again only after the broker heard of the close, so a follow never overtakes the unfollow
 * it succeeds.
 */
public final class StreamHub {
  private static final int SHARDS = 64;
  private final Vertx vertx;
  private final Broker broker;
  private final SequencerSettings sequencing;
  private final StreamLinger linger;
  private final Shard[] shards = new Shard[SHARDS];
  private final AtomicInteger lingering = new AtomicInteger();
  private long sweeper = -1;

  private static final class Shard {
    final Map<String, LocalStream> streams = new HashMap<>();
    /** Streams being closed: a new join waits for the broker's answer before it opens the stream again. */
    final Map<String, Future<Void>> closing = new HashMap<>();
    /** Streams that went idle, oldest first; an entry is stale when its stream was joined again since. */
    final ArrayDeque<Idle> idle = new ArrayDeque<>();
  }

  private record Idle(LocalStream stream, long since) {
  }

  public StreamHub(Vertx vertx, Broker broker) {
    this(vertx, broker, SequencerSettings.DEFAULT, StreamLinger.NONE);
  }

  public StreamHub(Vertx vertx, Broker broker, SequencerSettings sequencing, StreamLinger linger) {
    this.vertx = vertx;
    this.broker = broker;
    this.sequencing = sequencing;
    this.linger = linger;
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new Shard();
    }
  }

  /** Starts the sweep that closes streams idle for longer than the linger. */
  public void start() {
    if (linger.millis() > 0 && sweeper < 0) {
      sweeper = vertx.setPeriodic(linger.sweepMillis(), id -> sweep(System.nanoTime()));
    }
  }

  public void stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
      sweeper = -1;
    }
  }

  /**
   * Adds a subscriber to a stream under an identifier. The future completes once the stream's consumer
   * is registered, so a broadcast published after that reaches the subscriber.
   */
  public Future<Void> join(String stream, StreamSubscriber subscriber, String identifier) {
    Shard shard = shard(stream);
    LocalStream local;
    Future<Void> previous = null;
    boolean created = false;
    synchronized (shard) {
      local = shard.streams.get(stream);
      if (local == null) {
        local = new LocalStream(stream);
        shard.streams.put(stream, local);
        previous = shard.closing.get(stream);
        created = true;
      }
      if (local.add(subscriber, identifier) && local.references++ == 0 && !created) {
        lingering.decrementAndGet();
      }
    }
    if (created) {
      LocalStream opening = local;
      if (previous == null) {
        opening.open(vertx, broker, sequencing);
      } else {
        previous.onComplete(ar -> opening.open(vertx, broker, sequencing));
      }
    }
    return local.ready();
  }

  public void leave(String stream, StreamSubscriber subscriber, String identifier) {
    Shard shard = shard(stream);
    Set<String> closing = null;
    Promise<Void> closed = null;
    LocalStream local;
    synchronized (shard) {
      local = shard.streams.get(stream);
      // Only a pair that holds the stream releases a reference: a repeated leave must not cut others off.
      if (local == null || !local.remove(subscriber, identifier) || --local.references > 0) {
        return;
      }
      if (linger.millis() > 0 && lingering.incrementAndGet() <= linger.maxStreams()) {
        local.idleSince = System.nanoTime();
        shard.idle.addLast(new Idle(local, local.idleSince));
        return;
      }
      if (linger.millis() > 0) {
        lingering.decrementAndGet();
      }
      closed = Promise.promise();
      shard.streams.remove(stream);
      shard.closing.put(stream, closed.future());
      closing = Set.of(stream);
    }
    close(List.of(local), closing, closed);
  }

  /** Closes, together, every stream that has been idle for the whole linger. */
  void sweep(long nowNanos) {
    long cutoff = nowNanos - TimeUnit.MILLISECONDS.toNanos(linger.millis());
    List<LocalStream> expired = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Promise<Void> closed = Promise.promise();
    for (Shard shard : shards) {
      synchronized (shard) {
        Idle head;
        while ((head = shard.idle.peekFirst()) != null && head.since() - cutoff <= 0) {
          shard.idle.pollFirst();
          LocalStream local = head.stream();
          boolean stillIdle = local.references == 0 && local.idleSince == head.since()
              && shard.streams.get(local.name) == local;
          if (stillIdle) {
            lingering.decrementAndGet();
            shard.streams.remove(local.name);
            shard.closing.put(local.name, closed.future());
            expired.add(local);
            names.add(local.name);
          }
        }
      }
    }
    if (!expired.isEmpty()) {
      close(expired, names, closed);
    }
  }

  private void close(List<LocalStream> streams, Set<String> names, Promise<Void> closed) {
    Future.join(streams.stream().map(LocalStream::unregister).toList())
        .transform(ar -> broker.unsubscribeAll(names))
        .onComplete(ar -> {
          closed.complete();
          for (String name : names) {
            Shard shard = shard(name);
            synchronized (shard) {
              shard.closing.remove(name, closed.future());
            }
          }
        });
  }

  /** Streams with at least one subscriber on this node. */
  public int size() {
    int size = 0;
    for (Shard shard : shards) {
      synchronized (shard) {
        size += shard.streams.size();
      }
    }
    return size - lingering.get();
  }

  /**
   * Each stream with subscribers on this node and how many (connection, identifier) pairs hold it, one shard
   * lock at a time (for the status page: a pass over the index, no copy of it).
   */
  public void forEachStream(ObjIntConsumer<String> action) {
    for (Shard shard : shards) {
      synchronized (shard) {
        for (LocalStream stream : shard.streams.values()) {
          if (stream.references > 0) {
            action.accept(stream.name, stream.references);
          }
        }
      }
    }
  }

  /** Streams kept open without subscribers, waiting out the linger. */
  public int lingering() {
    return lingering.get();
  }

  private Shard shard(String stream) {
    return shards[(stream.hashCode() & 0x7fffffff) % SHARDS];
  }
}
