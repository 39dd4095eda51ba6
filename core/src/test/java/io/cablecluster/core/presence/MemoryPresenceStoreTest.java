package io.cablecluster.core.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemoryPresenceStoreTest {
  private final MemoryPresenceStore store = new MemoryPresenceStore(null, new PresenceConfig(15, 4096, 100));
  private final List<String> left = new ArrayList<>();

  @Test
  @DisplayName("Verifies that a presence sweep slice looks at a bounded number of streams, resumes where it stopped, and announces each expired record as a leave")
  void sweepSlicesAreBoundedAndResume() {
    for (int i = 0; i < 5; i++) {
      store.join("room/" + i, "sid-" + i, "user-" + i, "{}");
    }
    long later = System.currentTimeMillis() + 16_000;
    store.sweepSlice(later, 2, (stream, event) -> left.add(stream));
    assertEquals(2, left.size());
    store.sweepSlice(later, 2, (stream, event) -> left.add(stream));
    store.sweepSlice(later, 2, (stream, event) -> left.add(stream));
    assertEquals(5, left.size());
    assertEquals(5, left.stream().distinct().count(), "each stream's record expired once: " + left);
  }

  @Test
  @DisplayName("Verifies that a stream emptied by the sweep is dropped, and a join after it starts a fresh set that is kept")
  void emptiedStreamIsDroppedAndRejoinIsKept() {
    store.join("room/a", "sid-1", "user-1", "{}");
    store.sweepSlice(System.currentTimeMillis() + 16_000, 10, (stream, event) -> left.add(stream));
    assertEquals(List.of("room/a"), left);
    assertTrue(store.info("room/a", true).result().contains("\"total\":0"), store.info("room/a", true).result());
    store.join("room/a", "sid-2", "user-2", "{}");
    store.sweepSlice(System.currentTimeMillis(), 10, (stream, event) -> left.add(stream));
    assertTrue(store.info("room/a", true).result().contains("user-2"), store.info("room/a", true).result());
  }
}
