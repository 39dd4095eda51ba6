package io.cablecluster.broadcaster.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.broadcaster.BroadcastHttpConfig;
import io.cablecluster.core.Secrets;
import io.cablecluster.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The event service's safe defaults: keyed from the secret as the broadcast key is, open only when asked, else off. */
class EventsConfigTest {

  private static EventsConfig of(Map<String, String> flags) {
    return EventsConfig.from(Settings.of(flags));
  }

  @Test
  @DisplayName("Verifies that with a secret the events key is HMAC(secret, \"events-cable\"), derived as the broadcast key is, and listeners need HMAC(key, \"events-listen\")")
  void aSecretKeysTheService() {
    EventsConfig config = of(Map.of("secret", "s3cr3t"));
    assertTrue(config.enabled());
    assertEquals(Secrets.hmacHex("s3cr3t", "events-cable"), config.key());
    assertEquals(Secrets.hmacHex(config.key(), "events-listen"), config.listenKey());
    assertEquals(Secrets.hmacHex("s3cr3t", BroadcastHttpConfig.KEY_PURPOSE),
        BroadcastHttpConfig.from(Settings.of(Map.of("secret", "s3cr3t")), 8080).key(), "the same derivation");
  }

  @Test
  @DisplayName("Verifies that an explicit events_key and events_ws_key win over the derived ones")
  void explicitKeysWin() {
    EventsConfig config = of(Map.of("secret", "s3cr3t", "events_key", "post", "events_ws_key", "listen"));
    assertEquals("post", config.key());
    assertEquals("listen", config.listenKey());
    assertNull(of(Map.of("events_key", "post", "events_ws_key", "none")).listenKey(), "none: anyone may listen");
  }

  @Test
  @DisplayName("Verifies that without a secret or key, and without --public, the service is off with a reason")
  void noKeyNoPublicMeansOff() {
    EventsConfig config = of(Map.of());
    assertFalse(config.enabled());
    assertNotNull(config.offReason());
    assertFalse(of(Map.of("secret", "none")).enabled());
    assertNull(of(Map.of("events_service", "false")).offReason(), "turned off on purpose: nothing to explain");
  }

  @Test
  @DisplayName("Verifies that --public or events_key=none leave the service open, with no key to POST or listen")
  void publicOrNoneIsOpen() {
    for (EventsConfig config : new EventsConfig[] {of(Map.of("public", "true")),
        of(Map.of("public", "true", "secret", "s3cr3t")), of(Map.of("events_key", "none", "secret", "s3cr3t"))}) {
      assertTrue(config.enabled());
      assertNull(config.key());
      assertNull(config.listenKey());
    }
  }
}
