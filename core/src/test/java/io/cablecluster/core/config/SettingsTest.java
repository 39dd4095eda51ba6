package io.cablecluster.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.NodeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void flagsWinOverEnvironmentWhichWinsOverDefaults() {
    Settings s = Settings.of(new String[] {"--port=9000", "--rpc-host", "http://x/_anycable"},
        Map.of("ANYCABLE_PORT", "7000", "ANYCABLE_PATH", "/ws1,/ws2", "CABLE_ROLES", "gateway"));
    assertEquals(9000, s.integer("port", 8080, 0, 65535));
    assertEquals("http://x/_anycable", s.string("rpc_host", ""));
    assertEquals(List.of("/ws1", "/ws2"), s.list("path", List.of("/cable")));
    assertEquals(List.of("gateway"), s.list("roles", List.of()));
    assertEquals(3, s.integer("ping_interval", 3, 1, 60));
  }

  @Test
  void anyCableAliasesAreHonoured() {
    Settings s = Settings.of(new String[0], Map.of("PORT", "8181", "ANYCABLE_HTTP_BROADCAST_SECRET", "k"));
    assertEquals(8181, s.integer("port", 8080, 0, 65535, "PORT"));
    assertEquals("k", s.string("broadcast_key", "", "ANYCABLE_HTTP_BROADCAST_SECRET"));
  }

  @Test
  void invalidValueNamesTheOptionAndWhatItAccepts() {
    Settings s = Settings.of(new String[] {"--port=eighty"}, Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(s));
    assertTrue(e.getMessage().contains("--port"), e.getMessage());
    assertTrue(e.getMessage().contains("an integer from 0 to 65535"), e.getMessage());
  }

  @Test
  void unknownRoleIsRefused() {
    Settings s = Settings.of(new String[] {"--roles=gateway,teapot"}, Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(s));
    assertTrue(e.getMessage().contains("--roles"), e.getMessage());
  }

  @Test
  void flagsNobodyAskedForAreReportedAsUnknown() {
    Settings s = Settings.of(new String[] {"--port=1", "--prot=2", "--public"}, Map.of());
    s.integer("port", 0, 0, 65535);
    s.bool("public", false);
    assertEquals(List.of("--prot"), s.unknownFlags());
  }

  @Test
  void booleansAcceptTheUsualSpellingsOnly() {
    Settings s = Settings.of(new String[] {"--a=yes", "--b=0", "--c=maybe"}, Map.of());
    assertTrue(s.bool("a", false));
    assertFalse(s.bool("b", true));
    assertThrows(ConfigException.class, () -> s.bool("c", false));
  }
}
