package io.cablecluster.core.streams;

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

class MemoryStreamLogTest {

  static List<Long> offsets(List<Broadcast> broadcasts) {
    return broadcasts.stream().map(Broadcast::offset).toList();
  }

  private static MemoryStreamLog log(int limit, int ttlSeconds, int maxStreams) {
    return new MemoryStreamLog(null, new StreamLogConfig("memory", limit, ttlSeconds, maxStreams, 1 << 20));
  }

  private static Broadcast append(MemoryStreamLog store, String stream, String data) {
    return store.appendNow(Broadcast.of(stream, data), null, System.currentTimeMillis());
  }

  private static List<Broadcast> after(MemoryStreamLog store, String stream, String epoch, long offset) {
    return store.afterNow(stream, epoch, offset, System.currentTimeMillis());
  }

  @Test
  @DisplayName("Verifies that offsets count from one, separately per stream")
  void offsetsCountFromOnePerStream() {
    MemoryStreamLog store = log(10, 60, 100);
    assertEquals(1, append(store, "a", "1").offset());
    assertEquals(2, append(store, "a", "2").offset());
    assertEquals(1, append(store, "b", "1").offset());
  }

  @Test
  @DisplayName("Verifies that only the limit is kept and offsets below the oldest kept are refused")
  void keepsOnlyTheLimitAndRefusesOffsetsBelowTheOldestKept() {
    MemoryStreamLog store = log(3, 60, 100);
    String epoch = null;
    for (int i = 0; i < 5; i++) {
      epoch = append(store, "a", String.valueOf(i)).epoch();
    }
    String current = epoch;
    assertEquals(List.of(4L, 5L), offsets(after(store, "a", epoch, 3L)));
    assertEquals(List.of(3L, 4L, 5L), offsets(after(store, "a", epoch, 2L)));
    assertFalse(assertThrows(HistoryUnavailable.class, () -> after(store, "a", current, 1L)).unknownEpoch(),
        "offset 2 is gone");
    assertFalse(assertThrows(HistoryUnavailable.class, () -> after(store, "a", current, 9L)).unknownEpoch(),
        "offset from the future");
    assertEquals(List.of(), after(store, "a", epoch, 5L));
    assertTrue(assertThrows(HistoryUnavailable.class, () -> after(store, "a", "other", 1L)).unknownEpoch());
    assertEquals(new StreamPosition(epoch, 5), store.position("a").result());
  }

  @Test
  @DisplayName("Verifies that expired streams are forgotten and come back with a new epoch")
  void expiredStreamsAreForgottenAndComeBackWithANewEpoch() {
    MemoryStreamLog store = log(3, 60, 100);
    String first = append(store, "a", "1").epoch();
    store.sweepSlice(System.currentTimeMillis() + 61_000, MemoryStreamLog.SWEEP_SLICE);
    assertEquals(0, store.size());
    assertNull(store.position("a").result());
    Broadcast again = append(store, "a", "2");
    assertEquals(1, again.offset());
    assertNotEquals(first, again.epoch());
  }

  @Test
  @DisplayName("Verifies that the store stops numbering new streams at its bound")
  void storeStopsNumberingNewStreamsAtItsBound() {
    MemoryStreamLog store = log(3, 60, 2);
    append(store, "a", "1");
    append(store, "b", "1");
    assertEquals(0, append(store, "c", "1").offset());
    assertEquals(2, store.size());
  }

  @Test
  @DisplayName("Verifies that a repeated idempotency key answers the first position and stores nothing")
  void repeatedIdempotencyKeyIsNotNumberedTwice() {
    MemoryStreamLog store = log(3, 60, 100);
    long now = System.currentTimeMillis();
    Broadcast first = store.appendNow(Broadcast.of("a", "x"), "k1", now);
    Broadcast again = store.appendNow(Broadcast.of("a", "x"), "k1", now);
    assertEquals(first, again);
    assertEquals(1, store.size());
    assertEquals(List.of(1L), offsets(after(store, "a", first.epoch(), 0)));
    assertEquals(2, store.appendNow(Broadcast.of("a", "y"), "k2", now).offset());
  }

  @Test
  @DisplayName("Verifies that a message bigger than the stream's byte bound gets no position and leaves no hole")
  void oversizedMessageGetsNoPositionAndLeavesNoHole() {
    MemoryStreamLog store = new MemoryStreamLog(null, new StreamLogConfig("memory", 10, 60, 100, 1024));
    Broadcast first = append(store, "a", "small");
    Broadcast big = append(store, "a", "x".repeat(2000));
    Broadcast next = append(store, "a", "small again");
    assertNull(big.epoch());
    assertEquals(2, next.offset());
    assertEquals(List.of(2L), offsets(after(store, "a", first.epoch(), 1)));
  }

  @Test
  @DisplayName("Verifies that history is bounded in characters per stream, oldest first")
  void historyIsBoundedInCharactersPerStream() {
    MemoryStreamLog store = new MemoryStreamLog(null, new StreamLogConfig("memory", 100, 60, 100, 1024));
    String epoch = null;
    for (int i = 0; i < 10; i++) {
      epoch = append(store, "a", "y".repeat(299)).epoch();
    }
    assertEquals(List.of(8L, 9L, 10L), offsets(after(store, "a", epoch, 7)));
    String current = epoch;
    assertThrows(HistoryUnavailable.class, () -> after(store, "a", current, 6));
  }

  @Test
  @DisplayName("Verifies that the node's history is bounded in characters across streams: beyond it messages go out unnumbered until the TTL frees room")
  void historyIsBoundedInCharactersPerNode() {
    long perMessage = StreamRecord.sizeOf(Broadcast.of("s0", "z".repeat(998)));
    MemoryStreamLog store = new MemoryStreamLog(null,
        new StreamLogConfig("memory", 100, 60, 100, 1 << 20, 10, perMessage * 3 + 10));
    for (int i = 0; i < 3; i++) {
      assertEquals(1, append(store, "s" + i, "z".repeat(998)).offset());
    }
    assertEquals(perMessage * 3, store.storedBytes());
    assertEquals(perMessage, StreamRecord.sizeOf(Broadcast.of("s3", "z".repeat(998))));
    Broadcast over = append(store, "s3", "z".repeat(998));
    assertNull(over.epoch(), "the node's history is full");
    assertEquals(2, append(store, "s0", "").offset(), "a message that fits is still numbered, without a hole");

    store.sweepSlice(System.currentTimeMillis() + 61_000, 100);
    assertEquals(0, store.storedBytes());
    assertEquals(1, append(store, "s4", "z".repeat(998)).offset());
  }

  @Test
  @DisplayName("Verifies that a sweep slice looks at a bounded number of streams and resumes where it stopped")
  void sweepSlicesAreBoundedAndResume() {
    MemoryStreamLog store = log(3, 60, 100);
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
