package io.cablecluster.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.SharedOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedOptionsTest {

  @Test
  void defaultsAreNoSecretNotPublicAndNoRpc() {
    SharedOptions shared = SharedOptions.from(Settings.of(Map.of()));
    assertNull(shared.secret());
    assertFalse(shared.publicMode());
    assertFalse(shared.rpcEnabled());
  }

  @Test
  void rpcIsOnForAnHttpHostUnlessNorpc() {
    assertEquals("http://app/_anycable",
        SharedOptions.from(Settings.of(Map.of("rpc_host", "http://app/_anycable/"))).rpcUrl());
    assertFalse(SharedOptions.from(Settings.of(Map.of("rpc_host", "http://app", "norpc", "true"))).rpcEnabled());
    assertFalse(SharedOptions.from(Settings.of(Map.of("rpc_host", "localhost:50051", "norpc", "true"))).rpcEnabled());
  }

  @Test
  void aGrpcStyleHostIsRefusedNamingTheOption() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> SharedOptions.from(Settings.of(Map.of("rpc_host", "localhost:50051"))));
    assertTrue(e.getMessage().contains("--rpc_host"), e.getMessage());
  }

  @Test
  void secretAndPublicComeFromTheEnvironmentToo() {
    SharedOptions shared = SharedOptions.from(Settings.of(new String[0],
        Map.of("ANYCABLE_SECRET", "s3cr3t", "CABLE_PUBLIC", "true")));
    assertEquals("s3cr3t", shared.secret());
    assertTrue(shared.publicMode());
  }
}
