package io.cablecluster.core.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceSetTest {
  private final PresenceSet set = new PresenceSet();

  @Test
  @DisplayName("Verifies that sessions sharing an id make one record: one join, one leave, when the last one goes")
  void sessionsSharingAnIdMakeOneRecord() {
    assertEquals(new JsonObject("{\"type\":\"join\",\"id\":\"u1\",\"info\":{\"n\":1}}"),
        new JsonObject(set.join("s1", "u1", "{\"n\":1}", 100, 10)));
    assertNull(set.join("s2", "u1", "{\"n\":2}", 100, 10), "the id is already present");
    assertEquals(new JsonObject("{\"type\":\"info\",\"total\":1,\"records\":[{\"id\":\"u1\",\"info\":{\"n\":2}}]}"),
        new JsonObject(set.info(true)));
    assertNull(set.leave("s1"));
    assertEquals("{\"type\":\"leave\",\"id\":\"u1\"}", set.leave("s2"));
    assertTrue(set.isEmpty());
  }

  @Test
  @DisplayName("Verifies that a lease not renewed ends after its deadline, and a renewed one does not")
  void leasesExpireUnlessRenewed() {
    set.join("dead", "u1", null, 100, 10);
    set.join("alive", "u2", "\"plain\"", 100, 10);
    set.touch(List.of("alive"), 500);
    assertEquals(List.of("{\"type\":\"leave\",\"id\":\"u1\"}"), set.expire(200));
    assertEquals(new JsonObject("{\"type\":\"info\",\"total\":1,\"records\":[{\"id\":\"u2\",\"info\":\"plain\"}]}"),
        new JsonObject(set.info(true)));
  }

  @Test
  @DisplayName("Verifies that a client moving to another session within the TTL keeps its id present: no leave, no join")
  void failoverWithinTheTtlCausesNoFlicker() {
    set.join("old-sid", "u1", null, 100, 10);
    assertNull(set.join("new-sid", "u1", null, 400, 10));
    assertEquals(List.of(), set.expire(200), "the old session's lease ended, the id is still present");
    assertEquals(new JsonObject("{\"type\":\"info\",\"total\":1}"), new JsonObject(set.info(false)));
  }

  @Test
  @DisplayName("Verifies that a session cannot join under a second id, and a full stream refuses new ids")
  void mismatchedIdsAndFullStreamsAreRefused() {
    set.join("s1", "u1", null, 100, 1);
    assertThrows(IllegalArgumentException.class, () -> set.join("s1", "u2", null, 100, 1));
    assertThrows(IllegalArgumentException.class, () -> set.join("s2", "u2", null, 100, 1));
    assertNull(set.join("s2", "u1", null, 100, 1), "an id already present still takes more sessions");
  }
}
