package io.cablecluster.gateway.streams;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.StreamPosition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one stream's numbered broadcasts in offset order on this node, whatever order the event bus brought
 * them in (publishers on several nodes, a home that moved). A broadcast after a gap is held briefly; if the
 * gap is still open when the wait ends (or too much is held), the missing messages are read from the stream's
 * log. A repeated offset is dropped. Unnumbered broadcasts pass at once. Single-threaded: every call runs on
 * the stream's event loop.
 */
final class StreamSequencer {
  /** What the sequencer needs from around it: the log, a timer, and counters. */
  interface Surroundings {
    Future<List<Broadcast>> after(String epoch, long offset);

    long schedule(long delayMs, Runnable action);

    void cancel(long timer);

    void duplicateDropped();

    /** Messages that could not be recovered (the log no longer had them): delivery goes on after the gap. */
    void gapSkipped(long missing);

    /**
     * The stream started again under a new epoch (its home lost its record): this node follows it again, so
     * the new home knows to route the stream here.
     */
    void epochChanged();
  }

  private final Consumer<Broadcast> deliver;
  private final Surroundings around;
  private final long gapWaitMs;
  private final int maxHeld;
  private final TreeMap<Long, Broadcast> held = new TreeMap<>();
  /** Broadcasts that arrived before the stream's position was known. */
  private final java.util.ArrayList<Broadcast> early = new java.util.ArrayList<>();
  private boolean started;
  private String epoch;
  private long last;
  private long timer = -1;
  private boolean fetching;

  StreamSequencer(Consumer<Broadcast> deliver, Surroundings around, long gapWaitMs, int maxHeld) {
    this.deliver = deliver;
    this.around = around;
    this.gapWaitMs = gapWaitMs;
    this.maxHeld = maxHeld;
  }

  /** The stream's last position when this node began to follow it (null: nothing yet, or unknown). */
  void start(StreamPosition position) {
    if (started) {
      return;
    }
    started = true;
    if (position != null) {
      epoch = position.epoch();
      last = position.offset();
    }
    for (Broadcast broadcast : early) {
      accept(broadcast);
    }
    early.clear();
  }

  void accept(Broadcast broadcast) {
    if (broadcast.epoch() == null) {
      deliver.accept(broadcast);
      return;
    }
    if (!started) {
      if (early.size() < maxHeld) {
        early.add(broadcast);
      } else {
        around.gapSkipped(1);
      }
      return;
    }
    if (!broadcast.epoch().equals(epoch)) {
      // The stream starts again under a new epoch (its history was lost): what is held belongs to the old one.
      flushHeld();
      boolean known = epoch != null;
      epoch = broadcast.epoch();
      last = 0;
      if (known) {
        around.epochChanged();
      }
    }
    long offset = broadcast.offset();
    if (offset <= last) {
      around.duplicateDropped();
      return;
    }
    if (offset == last + 1) {
      deliverInOrder(broadcast);
      drainHeld();
      return;
    }
    if (held.putIfAbsent(offset, broadcast) != null) {
      around.duplicateDropped();
      return;
    }
    if (held.size() > maxHeld) {
      fillGap();
    } else if (timer < 0 && !fetching) {
      timer = around.schedule(gapWaitMs, this::fillGap);
    }
  }

  private void deliverInOrder(Broadcast broadcast) {
    last = broadcast.offset();
    deliver.accept(broadcast);
  }

  private void drainHeld() {
    while (!held.isEmpty() && held.firstKey() <= last + 1) {
      Broadcast next = held.pollFirstEntry().getValue();
      if (next.offset() == last + 1) {
        deliverInOrder(next);
      } else {
        around.duplicateDropped();
      }
    }
    if (held.isEmpty() && timer >= 0) {
      around.cancel(timer);
      timer = -1;
    }
  }

  /** Reads the gap from the log; what cannot be recovered is skipped so delivery never stalls. */
  private void fillGap() {
    if (timer >= 0) {
      around.cancel(timer);
      timer = -1;
    }
    if (fetching || held.isEmpty()) {
      return;
    }
    fetching = true;
    String asked = epoch;
    around.after(asked, last).onComplete(ar -> {
      fetching = false;
      if (asked.equals(epoch) && ar.succeeded()) {
        for (Broadcast missed : ar.result()) {
          if (missed.offset() == last + 1) {
            deliverInOrder(missed);
          }
        }
        drainHeld();
      }
      if (!held.isEmpty() && held.firstKey() > last + 1) {
        skipGap();
      }
    });
  }

  private void skipGap() {
    Map.Entry<Long, Broadcast> first = held.firstEntry();
    around.gapSkipped(first.getKey() - last - 1);
    last = first.getKey() - 1;
    drainHeld();
    if (!held.isEmpty() && timer < 0) {
      timer = around.schedule(gapWaitMs, this::fillGap);
    }
  }

  private void flushHeld() {
    if (timer >= 0) {
      around.cancel(timer);
      timer = -1;
    }
    for (Broadcast broadcast : held.values()) {
      deliver.accept(broadcast);
    }
    held.clear();
  }

  /** Messages held for a gap, for gauges and tests. */
  int held() {
    return held.size() + early.size();
  }
}
