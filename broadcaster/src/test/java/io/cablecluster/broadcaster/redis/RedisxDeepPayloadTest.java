package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A RedisX entry nested too deep is an unfit entry, handled by the existing malformed-entry policy and counter. */
class RedisxDeepPayloadTest {

  @Test
  @DisplayName("Verifies that a RedisX entry whose payload nests 2,000 deep is Unfit, not a StackOverflowError")
  void deepEntryIsUnfit() {
    String deep = "{\"stream\":\"s\",\"data\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
    StreamEntry entry = new StreamEntry("design:jobs", "1-0", Map.of("payload", deep));
    assertThrows(EntryMapping.Unfit.class, () -> new RedisxEntryMapping().map(entry));
  }
}
