package io.cablecluster.gateway.testing;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.StreamPosition;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.broker.SessionSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker that delegates to a real one and records which streams this node follows. When
 * {@link #holdSubscribes()} is on, {@code subscribe} answers only when the test releases it, to show who
 * waits for the broker.
 */
public final class RecordingBroker implements Broker {
  private final Broker delegate;
  private final Map<String, AtomicInteger> subscribeCalls = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> unsubscribeCalls = new ConcurrentHashMap<>();
  public final BlockingQueue<String> unsubscribed = new LinkedBlockingQueue<>();
  public final BlockingQueue<Promise<StreamPosition>> heldSubscribes = new LinkedBlockingQueue<>();
  /** Each call of {@link #unsubscribeAll}: the streams told together. */
  public final BlockingQueue<Set<String>> unsubscribeBatches = new LinkedBlockingQueue<>();
  public final BlockingQueue<Promise<Void>> heldUnsubscribes = new LinkedBlockingQueue<>();
  private volatile boolean hold;
  private volatile boolean holdUnsubscribes;

  public RecordingBroker(Broker delegate) {
    this.delegate = delegate;
  }

  public RecordingBroker holdSubscribes() {
    hold = true;
    return this;
  }

  /** {@code unsubscribeAll} answers only when the test releases it. */
  public RecordingBroker holdUnsubscribes() {
    holdUnsubscribes = true;
    return this;
  }

  public int subscribeCalls(String stream) {
    AtomicInteger calls = subscribeCalls.get(stream);
    return calls == null ? 0 : calls.get();
  }

  public int unsubscribeCalls(String stream) {
    AtomicInteger calls = unsubscribeCalls.get(stream);
    return calls == null ? 0 : calls.get();
  }

  @Override
  public Future<Void> start() {
    return delegate.start();
  }

  @Override
  public Future<Void> stop() {
    return delegate.stop();
  }

  @Override
  public Future<StreamPosition> subscribe(String stream) {
    subscribeCalls.computeIfAbsent(stream, s -> new AtomicInteger()).incrementAndGet();
    if (!hold) {
      return delegate.subscribe(stream);
    }
    Promise<StreamPosition> held = Promise.promise();
    heldSubscribes.add(held);
    return held.future();
  }

  @Override
  public Future<Void> unsubscribe(String stream) {
    unsubscribeCalls.computeIfAbsent(stream, s -> new AtomicInteger()).incrementAndGet();
    unsubscribed.add(stream);
    return delegate.unsubscribe(stream);
  }

  @Override
  public Future<Void> unsubscribeAll(Set<String> streams) {
    unsubscribeBatches.add(Set.copyOf(streams));
    for (String stream : streams) {
      unsubscribeCalls.computeIfAbsent(stream, s -> new AtomicInteger()).incrementAndGet();
      unsubscribed.add(stream);
    }
    if (!holdUnsubscribes) {
      return delegate.unsubscribeAll(streams);
    }
    Promise<Void> held = Promise.promise();
    heldUnsubscribes.add(held);
    return held.future();
  }

  @Override
  public Future<List<Broadcast>> historyFrom(String stream, String epoch, long offset) {
    return delegate.historyFrom(stream, epoch, offset);
  }

  @Override
  public Future<List<Broadcast>> historySince(String stream, long sinceSeconds) {
    return delegate.historySince(stream, sinceSeconds);
  }

  @Override
  public Future<Void> commitSession(String sid, SessionSnapshot snapshot) {
    return delegate.commitSession(sid, snapshot);
  }

  @Override
  public Future<Void> touchSession(String sid) {
    return delegate.touchSession(sid);
  }

  @Override
  public Future<SessionSnapshot> restoreSession(String sid) {
    return delegate.restoreSession(sid);
  }

  @Override
  public Future<Void> presenceJoin(String stream, String sid, String pid, String info) {
    return delegate.presenceJoin(stream, sid, pid, info);
  }

  @Override
  public Future<Void> presenceLeave(String stream, String sid) {
    return delegate.presenceLeave(stream, sid);
  }

  @Override
  public void presenceClosed(String stream, String sid) {
    delegate.presenceClosed(stream, sid);
  }

  @Override
  public void presenceKeepalive() {
    delegate.presenceKeepalive();
  }

  @Override
  public Future<String> presenceInfo(String stream, boolean withRecords) {
    return delegate.presenceInfo(stream, withRecords);
  }
}
