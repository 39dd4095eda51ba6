package io.cablecluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcConfigTest {

  @Test
  void rpcIsOffWithoutRpcHost() {
    assertFalse(RpcConfig.from(Settings.of(Map.of())).enabled());
  }

  @Test
  void norpcSwitchesRpcOffEvenWithAHost() {
    assertFalse(RpcConfig.from(Settings.of(Map.of("rpc_host", "http://127.0.0.1:3000/_anycable", "norpc", "true")))
        .enabled());
  }

  @Test
  void httpHostEnablesRpcWithAnyCableDefaults() {
    RpcConfig config = RpcConfig.from(Settings.of(Map.of("rpc_host", "http://127.0.0.1:3000/_anycable/")));
    assertTrue(config.enabled());
    assertEquals("http://127.0.0.1:3000/_anycable", config.baseUrl());
    assertEquals(3000, config.requestTimeoutMs());
    assertEquals(3000, config.commandTimeoutMs());
    assertEquals(28, config.concurrency());
    assertNull(config.secret());
  }

  @Test
  void secretIsDerivedFromTheApplicationSecretLikeAnyCable() {
    RpcConfig config = RpcConfig.from(Settings.of(Map.of("rpc_host", "https://app/_anycable", "secret", "s3cr3t")));
    assertEquals("4b7da2749fe2a4534cec0d2acbd16277a800cf2acd31158ac4edae4a62a8f18d", config.secret());
  }

  @Test
  void explicitSecretWinsAndNoneDisablesIt() {
    assertEquals("rpc_secret", RpcConfig.from(Settings.of(Map.of("rpc_host", "http://a",
        "secret", "s3cr3t", "http_rpc_secret", "rpc_secret"))).secret());
    assertNull(RpcConfig.from(Settings.of(Map.of("rpc_host", "http://a",
        "secret", "s3cr3t", "http_rpc_secret", "none"))).secret());
  }

  @Test
  void grpcStyleHostIsRefused() {
    assertThrows(ConfigException.class, () -> RpcConfig.from(Settings.of(Map.of("rpc_host", "localhost:50051"))));
  }

  @Test
  void timeoutsAndConcurrencyAreConfigurable() {
    RpcConfig config = RpcConfig.from(Settings.of(Map.of("rpc_host", "http://a", "rpc_request_timeout", "500",
        "rpc_command_timeout", "1500", "rpc_concurrency", "4")));
    assertEquals(500, config.requestTimeoutMs());
    assertEquals(1500, config.commandTimeoutMs());
    assertEquals(4, config.concurrency());
    assertEquals(4 * RpcConfig.WAITING_PER_SLOT, config.maxWaiting());
    assertThrows(ConfigException.class, () -> RpcConfig.from(Settings.of(Map.of("rpc_host", "http://a",
        "rpc_concurrency", "0"))));
  }
}
