package io.cablecluster.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.gateway.testing.TestConfigs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Identifiers are decoded on their own here, so they get the depth guard too (hardening row 4). */
class LocalChannelsDepthTest {
  private final LocalChannels channels = new LocalChannels(TestConfigs.config("public_streams", "true"));

  @Test
  @DisplayName("Verifies that an identifier nested too deep is not a local channel, without a StackOverflowError")
  void deepIdentifierIsNotLocal() {
    String deep = "{\"channel\":\"$pubsub\",\"stream_name\":\"s\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
    assertNull(channels.resolve(deep));
  }

  @Test
  @DisplayName("Verifies that a shallow public $pubsub identifier still resolves to its stream")
  void shallowIdentifierResolves() {
    assertEquals("s", channels.resolve("{\"channel\":\"$pubsub\",\"stream_name\":\"s\",\"x\":[[1]]}").stream());
  }
}
