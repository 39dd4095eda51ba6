package io.cablecluster.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Key derivation must match AnyCable-Go byte for byte (PROTOCOL.md §c, §d). */
class SecretsTest {

  @Test
  void broadcastKeyIsDerivedFromTheSecretLikeAnyCable() {
    assertEquals("83149057b2f956b5f862c0ef5ad6a24d3677dc076d77e8999c24f77ca17d7a20",
        Secrets.derive(null, "s3cr3t", "broadcast-cable"));
  }

  @Test
  void rpcSecretIsDerivedFromTheSecretLikeAnyCable() {
    assertEquals("4b7da2749fe2a4534cec0d2acbd16277a800cf2acd31158ac4edae4a62a8f18d",
        Secrets.derive("", "s3cr3t", "rpc-cable"));
  }

  @Test
  void explicitKeyWinsAndNoneDisables() {
    assertEquals("mine", Secrets.derive("mine", "s3cr3t", "broadcast-cable"));
    assertNull(Secrets.derive("none", "s3cr3t", "broadcast-cable"));
    assertNull(Secrets.derive(null, null, "broadcast-cable"));
    assertNull(Secrets.derive(null, "none", "broadcast-cable"));
  }
}
