package io.cablecluster.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sids come from the node only: random, of one shape, never repeated. */
class SessionIdsTest {

  @Test
  @DisplayName("Verifies that sids are 21 nanoid characters and 100,000 of them are all distinct")
  void sidsAreRandomNanoidsWithoutRepeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String sid = SessionIds.next();
      assertEquals(21, sid.length(), sid);
      assertTrue(sid.matches("[_\\-0-9a-zA-Z]{21}"), sid);
      assertTrue(seen.add(sid), "repeated sid " + sid);
    }
  }
}
