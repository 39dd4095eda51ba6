package io.cablecluster.gateway.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.HistoryUnavailable;
import io.cablecluster.core.streams.StreamPosition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-stream sequencer against a fake log and a hand-driven timer. */
class StreamSequencerTest {
  private final List<Broadcast> delivered = new ArrayList<>();
  private final Map<Long, Broadcast> log = new TreeMap<>();
  private final List<Runnable> timers = new ArrayList<>();
  private int duplicates;
  private int refollowed;
  private long skipped;
  private boolean logLost;
  private final StreamSequencer sequencer = new StreamSequencer(delivered::add, new StreamSequencer.Surroundings() {
    @Override
    public Future<List<Broadcast>> after(String epoch, long offset) {
      if (logLost) {
        return Future.failedFuture(new HistoryUnavailable(false));
      }
      return Future.succeededFuture(log.values().stream().filter(b -> b.offset() > offset).toList());
    }

    @Override
    public long schedule(long delayMs, Runnable action) {
      timers.add(action);
      return timers.size() - 1;
    }

    @Override
    public void cancel(long timer) {
      timers.set((int) timer, null);
    }

    @Override
    public void duplicateDropped() {
      duplicates++;
    }

    @Override
    public void gapSkipped(long missing) {
      skipped += missing;
    }

    @Override
    public void epochChanged() {
      refollowed++;
    }
  }, 100, 3);

  private Broadcast at(long offset) {
    Broadcast b = Broadcast.of("s", "{\"n\":" + offset + "}").withPosition("e", offset);
    log.put(offset, b);
    return b;
  }

  private List<Long> offsets() {
    return delivered.stream().map(Broadcast::offset).toList();
  }

  private void fireTimers() {
    List<Runnable> due = new ArrayList<>(timers);
    timers.replaceAll(t -> null);
    due.stream().filter(t -> t != null).forEach(Runnable::run);
  }

  @Test
  @DisplayName("Verifies that broadcasts arriving out of order are delivered in offset order, and repeats are dropped")
  void outOfOrderArrivalsAreDeliveredInOrder() {
    sequencer.start(new StreamPosition("e", 0));
    Broadcast one = at(1);
    Broadcast two = at(2);
    Broadcast three = at(3);
    sequencer.accept(two);
    sequencer.accept(three);
    assertEquals(List.of(), offsets(), "held until the gap closes");
    sequencer.accept(one);
    sequencer.accept(two);
    assertEquals(List.of(1L, 2L, 3L), offsets());
    assertEquals(1, duplicates);
  }

  @Test
  @DisplayName("Verifies that a gap still open after the wait is filled from the log")
  void gapIsFilledFromTheLog() {
    sequencer.start(new StreamPosition("e", 4));
    at(5);
    at(6);
    sequencer.accept(at(7));
    fireTimers();
    assertEquals(List.of(5L, 6L, 7L), offsets());
    assertEquals(0, skipped);
  }

  @Test
  @DisplayName("Verifies that holding more than the bound reads the log at once, without waiting")
  void holdingTooMuchReadsTheLogAtOnce() {
    sequencer.start(new StreamPosition("e", 0));
    at(1);
    for (long n = 2; n <= 5; n++) {
      sequencer.accept(at(n));
    }
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets());
  }

  @Test
  @DisplayName("Verifies that a gap the log no longer has is skipped and counted, so delivery never stalls")
  void unrecoverableGapIsSkipped() {
    sequencer.start(new StreamPosition("e", 0));
    at(1);
    logLost = true;
    sequencer.accept(at(2));
    fireTimers();
    assertEquals(List.of(2L), offsets());
    assertEquals(1, skipped);
  }

  @Test
  @DisplayName("Verifies that broadcasts before the start position is known wait for it; unnumbered ones pass at once")
  void earlyBroadcastsWaitForTheStartPosition() {
    Broadcast whisper = Broadcast.of("s", "\"w\"");
    sequencer.accept(at(10));
    sequencer.accept(whisper);
    assertEquals(List.of(whisper), delivered);
    sequencer.start(new StreamPosition("e", 9));
    assertEquals(List.of(0L, 10L), offsets());
  }

  @Test
  @DisplayName("Verifies that a new epoch restarts the numbering: its first message is fetched from offset zero")
  void newEpochRestartsNumbering() {
    sequencer.start(new StreamPosition("old", 50));
    Broadcast first = Broadcast.of("s", "1").withPosition("e", 1);
    sequencer.accept(first);
    assertEquals(List.of(first), delivered);
    assertEquals(1, refollowed, "the node follows the restarted stream again, so its new home routes it here");
  }
}
