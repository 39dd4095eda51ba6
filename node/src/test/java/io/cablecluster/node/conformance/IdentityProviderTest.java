package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.node.conformance.FakeIdentityProvider.Mode;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.IdpKey;
import io.cablecluster.testkit.Jwt;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tokens from an identity provider (RS256/ES256, keys from a JWKS URL on loopback) identify connections
 * without the Connect RPC; their mapped identifiers reach the backend with every command. Bad tokens and a
 * bad JWKS endpoint end in {@code unauthorized} within the fetch timeout while other clients are served.
 */
class IdentityProviderTest extends ScenarioSupport {
  private static final String ISSUER = "https://idp.test/";
  private static final String AUDIENCE = "dashboard";
  private static final int FETCH_TIMEOUT_MS = 1000;
  private static final IdpKey RSA = IdpKey.rsa("rsa-2026-11");
  private static final IdpKey EC = IdpKey.ec("ec-2026-11");
  private final FakeIdentityProvider idp = new FakeIdentityProvider();

  @Override
  protected Map<String, String> flags() {
    idp.publish(RSA, EC);
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("jwt_jwks_url", idp.url());
    flags.put("jwt_issuer", ISSUER);
    flags.put("jwt_audience", AUDIENCE);
    flags.put("jwt_identifiers_claims", "user:sub");
    // No rate limit here, so each scenario's unknown kid fetches; JwksKeysTest covers the limit itself.
    flags.put("jwt_jwks_refresh_interval", "0");
    flags.put("jwt_jwks_timeout", String.valueOf(FETCH_TIMEOUT_MS));
    return flags;
  }

  @AfterEach
  void providerBackToNormal() {
    idp.up();
    idp.mode(Mode.SERVE);
    idp.publish(RSA, EC);
  }

  @AfterAll
  void stopProvider() {
    idp.close();
  }

  static JsonObject claims(String sub) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", sub).put("iat", now)
        .put("exp", now + 300);
  }

  static JsonObject disconnect(String reason) {
    return new JsonObject().put("type", "disconnect").put("reason", reason).put("reconnect", false);
  }

  private CableClient connect(CableClientOptions options) {
    return cable.client(options.ignore("ping"));
  }

  /** A welcomed client subscribes through the backend; returns the identifiers the backend saw with it. */
  private String identifiersSeenByBackend(CableClient client, String probe) {
    assertEquals("welcome", client.receive().getString("type"));
    String identifier = id("SubscriptionAknowledgementChannel", "probe", probe);
    client.subscribeConfirmed(identifier);
    return cable.backend.calls("command").stream().filter(c -> identifier.equals(c.body().getString("identifier")))
        .findFirst().orElseThrow().body().getString("connection_identifiers");
  }

  private void assertRefused(String token, String reason) {
    CableClient client = connect(ConformanceHarness.options().query("jid=" + token));
    assertEquals(disconnect(reason), client.receive());
    client.awaitClose();
  }

  private double count(String metric) {
    CableMetrics metrics = cable.node().context().metrics();
    return metrics.count(metric);
  }

  @Test
  @DisplayName("Verifies that RS256 and ES256 tokens are identified by sub without a Connect RPC and the identifiers reach the backend")
  void rs256AndEs256TokensAreIdentifiedBySub() {
    int connects = cable.backend.calls("connect").size();
    String rs = RSA.sign(claims("auth0|rs"));
    String es = EC.sign(claims("auth0|es"));
    assertEquals("{\"user\":\"auth0|rs\"}",
        identifiersSeenByBackend(connect(ConformanceHarness.options().query("jid=" + rs)), "rs256"));
    assertEquals("{\"user\":\"auth0|es\"}",
        identifiersSeenByBackend(connect(ConformanceHarness.options().token(es)), "es256"));
    assertEquals(connects, cable.backend.calls("connect").size(), "no Connect RPC for a provider's token");
  }

  @Test
  @DisplayName("Verifies that after key rotation a token with the new kid is accepted after one refresh")
  void rotatedKeyIsAcceptedAfterOneRefresh() {
    IdpKey next = IdpKey.ec("ec-2026-12");
    idp.publish(next, RSA);
    int fetches = idp.fetches();
    assertEquals("{\"user\":\"auth0|rotated\"}", identifiersSeenByBackend(
        connect(ConformanceHarness.options().query("jid=" + next.sign(claims("auth0|rotated")))), "rotated"));
    assertEquals(fetches + 1, idp.fetches());
    CableClient known = connect(ConformanceHarness.options().query("jid=" + next.sign(claims("auth0|again"))));
    assertEquals("welcome", known.receive().getString("type"));
    assertEquals(fetches + 1, idp.fetches(), "a known kid is served from the cache");
  }

  @Test
  @DisplayName("Verifies that expired, not-yet-valid, foreign-issuer, wrong-audience, unknown-kid, HS256-with-the-public-key and alg none tokens are refused")
  void badTokensAreRefused() {
    double failed = count(MetricNames.FAILED_AUTHS_TOTAL);
    long now = System.currentTimeMillis() / 1000;
    assertRefused(RSA.sign(claims("u").put("exp", now - 10)), "token_expired");
    assertRefused(RSA.sign(claims("u").put("nbf", now + 600)), "unauthorized");
    assertRefused(EC.sign(claims("u").put("iss", "https://evil.test/")), "unauthorized");
    assertRefused(EC.sign(claims("u").put("aud", "another-app")), "unauthorized");
    int fetches = idp.fetches();
    assertRefused(IdpKey.rsa("never-published").sign(claims("u")), "unauthorized");
    assertEquals(fetches + 1, idp.fetches(), "an unknown kid is looked up once before it is refused");
    assertRefused(Jwt.hs256(RSA.jwk().encode(), new JsonObject().put("alg", "HS256").put("kid", RSA.kid()),
        claims("u")), "unauthorized");
    assertRefused(IdpKey.unsigned(new JsonObject().put("alg", "none").put("kid", RSA.kid()), claims("u")),
        "unauthorized");
    assertEquals(failed + 7, count(MetricNames.FAILED_AUTHS_TOTAL));
  }

  @Test
  @DisplayName("Verifies that a JWKS endpoint down, never answering, answering garbage or too much gives unauthorized within the timeout while other clients are served")
  void badJwksEndpointGivesUnauthorizedWithinTheTimeout() {
    String cachedToken = RSA.sign(claims("auth0|cached"));
    CableClient first = connect(ConformanceHarness.options().query("jid=" + cachedToken));
    assertEquals("welcome", first.receive().getString("type"), "the provider's keys are cached while it works");
    double errors = count(MetricNames.JWKS_FETCH_ERRORS_TOTAL);
    List<Runnable> breakages = List.of(idp::down, () -> idp.mode(Mode.SLOW), () -> idp.mode(Mode.GARBAGE),
        () -> idp.mode(Mode.OVERSIZED));
    int round = 0;
    for (Runnable breakage : breakages) {
      breakage.run();
      long started = System.nanoTime();
      CableClient waiting = connect(ConformanceHarness.options().query("jid="
          + IdpKey.ec("rotated-" + round++).sign(claims("u"))));
      CableClient other = connect(ConformanceHarness.options().query("test=uid&uid=meanwhile"));
      assertEquals("{\"uid\":\"meanwhile\"}", identifiersSeenByBackend(other, "meanwhile-" + round));
      CableClient cached = connect(ConformanceHarness.options().query("jid=" + cachedToken));
      assertEquals("welcome", cached.receive().getString("type"));
      assertEquals(disconnect("unauthorized"), waiting.receive());
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertTrue(tookMs < FETCH_TIMEOUT_MS + 1500, "refused after " + tookMs + " ms");
      waiting.awaitClose();
      providerBackToNormal();
    }
    assertEquals(errors + 4, count(MetricNames.JWKS_FETCH_ERRORS_TOTAL));
  }

  @Test
  @DisplayName("Verifies that an Authorization Bearer token is ignored unless jwt_bearer_header is on")
  void bearerHeaderIsReadOnlyWhenOptedIn() {
    String token = RSA.sign(claims("auth0|bearer"));
    CableClient ignored = connect(ConformanceHarness.options().query("test=uid&uid=from-rpc")
        .header("Authorization", "Bearer " + token));
    assertEquals("{\"uid\":\"from-rpc\"}", identifiersSeenByBackend(ignored, "bearer-off"));
    Map<String, String> on = new LinkedHashMap<>(flags());
    on.put("jwt_bearer_header", "true");
    try (ConformanceHarness bearer = ConformanceHarness.start(on)) {
      CableClient read = bearer.client(ConformanceHarness.options().ignore("ping").query("test=uid&uid=from-rpc")
          .header("Authorization", "Bearer " + token));
      assertEquals("welcome", read.receive().getString("type"));
      String identifier = id("SubscriptionAknowledgementChannel", "probe", "bearer-on");
      read.subscribeConfirmed(identifier);
      assertEquals("{\"user\":\"auth0|bearer\"}", bearer.backend.calls("command").stream()
          .filter(c -> identifier.equals(c.body().getString("identifier"))).findFirst().orElseThrow().body()
          .getString("connection_identifiers"));
      assertTrue(bearer.backend.calls("connect").isEmpty(), "identified by the bearer token, not by RPC");
    }
  }
}
