package io.cablecluster.node.cluster;

import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Posts {@code {"seq": n, "stream": s, "via": node}} to {@code POST /_broadcast} at a fixed rate per stream,
 * each post through the next live node in turn (round robin, shifted per stream so consecutive messages of
 * one stream enter the cluster through different nodes). Each tick posts {@code burst} messages of the
 * stream back to back (1: a steady flow; more: consecutive messages only milliseconds apart, each through
 * another node, which is what exposes reordering between nodes). Within a stream a post starts only after the
 * previous one was answered, so the seq order is the order the cluster accepted them in. A post that is not
 * answered 201 is recorded as refused and not retried. Stops after {@code perStream} posts per stream, or on
 * {@link #stop()}.
 */
final class PacedPublisher implements AutoCloseable {
  private final List<String> streams;
  private final int perStream;
  private final int burst;
  private final Supplier<List<NodeJvm>> liveNodes;
  private final DeliveryLedger ledger;
  private final ScheduledThreadPoolExecutor executor;
  private final CountDownLatch done;
  private final ScheduledFuture<?>[] tasks;

  PacedPublisher(List<String> streams, double perStreamPerSecond, int perStream, Supplier<List<NodeJvm>> liveNodes,
                 DeliveryLedger ledger) {
    this(streams, perStreamPerSecond, 1, perStream, liveNodes, ledger);
  }

  /** {@code ticksPerSecond} ticks per stream, each posting {@code burst} messages one after the other. */
  PacedPublisher(List<String> streams, double ticksPerSecond, int burst, int perStream,
                 Supplier<List<NodeJvm>> liveNodes, DeliveryLedger ledger) {
    this.streams = List.copyOf(streams);
    this.perStream = perStream;
    this.burst = burst;
    this.liveNodes = liveNodes;
    this.ledger = ledger;
    this.executor = new ScheduledThreadPoolExecutor(streams.size(), r -> {
      Thread thread = new Thread(r, "publisher");
      thread.setDaemon(true);
      return thread;
    });
    this.done = new CountDownLatch(streams.size());
    this.tasks = new ScheduledFuture<?>[streams.size()];
    long periodNanos = (long) (1_000_000_000L / ticksPerSecond);
    for (int i = 0; i < streams.size(); i++) {
      int index = i;
      int[] next = {0};
      // Phases spread over one period: the total rate stays steady instead of arriving in bursts.
      tasks[i] = executor.scheduleAtFixedRate(() -> {
        for (int n = 0; n < burst && !Thread.currentThread().isInterrupted(); n++) {
          postNext(index, next);
        }
      }, periodNanos * i / streams.size(),
          periodNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void postNext(int index, int[] next) {
    int seq = next[0];
    if (seq >= perStream) {
      return;
    }
    next[0] = seq + 1;
    String stream = streams.get(index);
    List<NodeJvm> live = liveNodes.get();
    long started = System.nanoTime();
    if (live.isEmpty()) {
      ledger.posted(stream, seq, "none", -1, started);
    } else {
      NodeJvm node = live.get(Math.floorMod(seq + index, live.size()));
      String data = new JsonObject().put("seq", seq).put("stream", stream).put("via", node.name()).encode();
      int status;
      try {
        status = node.broadcast(stream, data);
      } catch (IOException e) {
        status = -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = -1;
      }
      ledger.posted(stream, seq, node.name(), status, started);
    }
    if (seq + 1 == perStream) {
      done.countDown();
      if (tasks[index] != null) {
        tasks[index].cancel(false);
      }
    }
  }

  /** Waits until every stream posted its last message. */
  void awaitDone(Duration timeout) throws InterruptedException {
    if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("publisher not done within " + timeout + ": " + ledger.publisherLine());
    }
  }

  /** Stops posting (posts under way are answered first) and waits for the threads. */
  void stop() throws InterruptedException {
    // shutdown() cancels the periodic tasks but lets a running post finish, so its answer is recorded.
    executor.shutdown();
    if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
