package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestLagTest {

  @Test
  @DisplayName("Verifies that the lag is the age of the entry id's milliseconds when read, and unknown before any entry")
  void lagIsTheAgeOfTheNewestEntryWhenRead() {
    IngestLag lag = new IngestLag();
    assertNull(lag.lagMillis());
    assertNull(lag.readAtMillis());
    long before = System.currentTimeMillis();
    lag.read((before - 1500) + "-3");
    long after = System.currentTimeMillis();
    assertTrue(lag.lagMillis() >= 1500 && lag.lagMillis() <= 1500 + (after - before), "lag " + lag.lagMillis());
    assertTrue(lag.readAtMillis() >= before && lag.readAtMillis() <= after);
  }

  @Test
  @DisplayName("Verifies that an id from a clock ahead of ours reads as no lag and an unparsable id changes nothing")
  void futureAndUnparsableIds() {
    IngestLag lag = new IngestLag();
    lag.read((System.currentTimeMillis() + 60_000) + "-0");
    assertEquals(0L, lag.lagMillis());
    lag.read("not-an-id");
    assertEquals(0L, lag.lagMillis());
  }
}
