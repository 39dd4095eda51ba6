package io.cablecluster.gateway.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

  static List<Long> offsets(List<Broadcast> broadcasts) {
    return broadcasts.stream().map(Broadcast::offset).toList();
  }

  private static Broadcast append(HistoryStore store, String stream, String data) {
    return store.append(Broadcast.of(stream, data), null).broadcast();
  }

  @Test
  @DisplayName("Verifies that offsets count from one, separately per stream")
  void offsetsCountFromOnePerStream() {
    HistoryStore store = new HistoryStore(10, 60, 100);
    assertEquals(1, append(store, "a", "1").offset());
    assertEquals(2, append(store, "a", "2").offset());
    assertEquals(1, append(store, "b", "1").offset());
  }

  @Test
  @DisplayName("Verifies that only the limit is kept and offsets below the oldest kept are refused")
  void keepsOnlyTheLimitAndRefusesOffsetsBelowTheOldestKept() {
    HistoryStore store = new HistoryStore(3, 60, 100);
    String epoch = null;
    for (int i = 0; i < 5; i++) {
      epoch = append(store, "a", String.valueOf(i)).epoch();
    }
    String current = epoch;
    assertEquals(List.of(4L, 5L), offsets(store.after("a", epoch, 3L)));
    assertEquals(List.of(3L, 4L, 5L), offsets(store.after("a", epoch, 2L)));
    assertFalse(assertThrows(HistoryUnavailable.class, () -> store.after("a", current, 1L)).unknownEpoch(),
        "offset 2 is gone");
    assertFalse(assertThrows(HistoryUnavailable.class, () -> store.after("a", current, 9L)).unknownEpoch(),
        "offset from the future");
    assertEquals(List.of(), store.after("a", epoch, 5L));
    assertTrue(assertThrows(HistoryUnavailable.class, () -> store.after("a", "other", 1L)).unknownEpoch());
    assertEquals(new StreamPosition(epoch, 5), store.position("a"));
  }

  @Test
  @DisplayName("Verifies that expired streams are forgotten and come back with a new epoch")
  void expiredStreamsAreForgottenAndComeBackWithANewEpoch() {
    HistoryStore store = new HistoryStore(3, 60, 100);
    String first = append(store, "a", "1").epoch();
    store.sweepSlice(System.currentTimeMillis() + 61_000, HistoryStore.SWEEP_SLICE);
    assertEquals(0, store.size());
    assertNull(store.position("a"));
    Broadcast again = append(store, "a", "2");
    assertEquals(1, again.offset());
    assertNotEquals(first, again.epoch());
  }

  @Test
  @DisplayName("Verifies that the store stops numbering new streams at its bound")
  void storeStopsNumberingNewStreamsAtItsBound() {
    HistoryStore store = new HistoryStore(3, 60, 2);
    append(store, "a", "1");
    append(store, "b", "1");
    assertEquals(0, append(store, "c", "1").offset());
    assertEquals(2, store.size());
  }

  @Test
  @DisplayName("Verifies that a repeated idempotency key answers the first position and stores nothing")
  void repeatedIdempotencyKeyIsNotNumberedTwice() {
    HistoryStore store = new HistoryStore(3, 60, 100);
    Broker.Published first = store.append(Broadcast.of("a", "x"), "k1");
    Broker.Published again = store.append(Broadcast.of("a", "x"), "k1");
    assertTrue(first.fresh());
    assertFalse(again.fresh());
    assertEquals(first.broadcast(), again.broadcast());
    assertEquals(2, store.append(Broadcast.of("a", "y"), "k2").broadcast().offset());
  }

  @Test
  @DisplayName("Verifies that a sweep slice looks at a bounded number of streams and resumes where it stopped")
  void sweepSlicesAreBoundedAndResume() {
    HistoryStore store = new HistoryStore(3, 60, 100);
    for (int i = 0; i < 5; i++) {
      append(store, "s" + i, "x");
    }
    long later = System.currentTimeMillis() + 61_000;
    store.sweepSlice(later, 2);
    assertEquals(3, store.size());
    store.sweepSlice(later, 2);
    assertEquals(1, store.size());
    store.sweepSlice(later, 2);
    assertEquals(0, store.size());
  }
}
