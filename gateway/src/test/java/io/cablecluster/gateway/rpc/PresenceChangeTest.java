package io.cablecluster.gateway.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.gateway.controller.PresenceChange;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The RPC {@code presence} field, read leniently. */
class PresenceChangeTest {

  @Test
  @DisplayName("Verifies that a join keeps JSON info as JSON text and a plain string as a JSON string; a leave needs no info")
  void joinsAndLeavesAreRead() {
    assertEquals(new PresenceChange("join", "u1", "{\"name\":\"V\"}"), RpcReply.of(new JsonObject()
        .put("presence", new JsonObject().put("type", "join").put("id", "u1").put("info", "{\"name\":\"V\"}"))).presence());
    assertEquals(new PresenceChange("join", "7", "\"plain name\""), PresenceChange.of(new JsonObject()
        .put("type", "join").put("id", 7).put("info", "plain name")));
    assertEquals(new PresenceChange("leave", "u1", null),
        PresenceChange.of(new JsonObject().put("type", "leave").put("id", "u1")));
  }

  @Test
  @DisplayName("Verifies that an absent, unknown or malformed presence field is no change")
  void otherShapesAreNoChange() {
    assertNull(RpcReply.of(new JsonObject()).presence());
    assertNull(PresenceChange.of(new JsonObject().put("type", "dance")));
    assertNull(PresenceChange.of("join"));
  }
}
