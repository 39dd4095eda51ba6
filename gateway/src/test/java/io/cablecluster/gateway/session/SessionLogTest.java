package io.cablecluster.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.log.SidTag;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionLogTest {

  @Test
  @DisplayName("Verifies that a debug line shows an identifier as sent, but a signed stream name only as its tag")
  void signedStreamNamesAreTagged() {
    String plain = "{\"channel\":\"ChatChannel\",\"room\":\"1\"}";
    assertEquals(plain, SessionLog.identifier(plain));
    String signed = "InByaXZhdGUvNDIi--0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    String shown = SessionLog.identifier(new JsonObject().put("channel", "$pubsub").put("signed_stream_name", signed)
        .encode());
    assertFalse(shown.contains("0123456789abcdef"), shown);
    assertEquals("[tag " + SidTag.of(signed) + "]", new JsonObject(shown).getString("signed_stream_name"));
    String broken = "{\"signed_stream_name\":\"" + signed;
    assertTrue(SessionLog.identifier(broken).startsWith("[unparsable identifier"), SessionLog.identifier(broken));
    assertFalse(SessionLog.identifier(broken).contains(signed));
  }
}
