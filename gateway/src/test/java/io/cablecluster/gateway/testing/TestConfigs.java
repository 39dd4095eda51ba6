package io.cablecluster.gateway.testing;

import io.cablecluster.core.config.Settings;
import io.cablecluster.gateway.config.GatewayConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Gateway configurations as the node would parse them from flags, e.g. {@code config("noauth", "true")}. */
public final class TestConfigs {
  private TestConfigs() {
  }

  public static GatewayConfig config(String... flagsAndValues) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < flagsAndValues.length; i += 2) {
      flags.put(flagsAndValues[i], flagsAndValues[i + 1]);
    }
    return GatewayConfig.from(Settings.of(flags));
  }
}
