package io.cablecluster.gateway.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.core.Broadcast;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

  static List<Long> offsets(List<Broadcast> broadcasts) {
    return broadcasts.stream().map(Broadcast::offset).toList();
  }

  @Test
  void offsetsCountFromOnePerStream() {
    HistoryStore store = new HistoryStore(10, 60, 100);
    assertEquals(1, store.append(Broadcast.of("a", "1")).offset());
    assertEquals(2, store.append(Broadcast.of("a", "2")).offset());
    assertEquals(1, store.append(Broadcast.of("b", "1")).offset());
  }

  @Test
  void keepsOnlyTheLimitAndRefusesOffsetsBelowTheOldestKept() {
    HistoryStore store = new HistoryStore(3, 60, 100);
    String epoch = null;
    for (int i = 0; i < 5; i++) {
      epoch = store.append(Broadcast.of("a", String.valueOf(i))).epoch();
    }
    assertEquals(List.of(4L, 5L), offsets(store.missed("a", epoch, 3L, 0)));
    assertEquals(List.of(3L, 4L, 5L), offsets(store.missed("a", epoch, 2L, 0)));
    assertNull(store.missed("a", epoch, 1L, 0), "offset 2 is gone");
    assertNull(store.missed("a", epoch, 9L, 0), "offset from the future");
    assertEquals(List.of(), store.missed("a", epoch, 5L, 0));
  }

  @Test
  void expiredStreamsAreForgottenAndComeBackWithANewEpoch() {
    HistoryStore store = new HistoryStore(3, 60, 100);
    String first = store.append(Broadcast.of("a", "1")).epoch();
    store.sweep(System.currentTimeMillis() + 61_000);
    assertEquals(0, store.size());
    Broadcast again = store.append(Broadcast.of("a", "2"));
    assertEquals(1, again.offset());
    assertNotEquals(first, again.epoch());
  }

  @Test
  void storeStopsNumberingNewStreamsAtItsBound() {
    HistoryStore store = new HistoryStore(3, 60, 2);
    store.append(Broadcast.of("a", "1"));
    store.append(Broadcast.of("b", "1"));
    assertEquals(0, store.append(Broadcast.of("c", "1")).offset());
    assertEquals(2, store.size());
  }
}
