package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * JWT identification next to RPC (PROTOCOL.md §e): a valid token replaces the Connect RPC and its {@code ext}
 * claim becomes the identifiers the backend sees; expired and forged tokens get their documented disconnect.
 */
class JwtIdentificationTest extends ScenarioSupport {
  private static final String SECRET = "s3cr3t";

  @Override
  protected Map<String, String> flags() {
    return Map.of("secret", SECRET);
  }

  @Test
  @DisplayName("Verifies that valid token skips connect RPC and its identifiers travel with commands")
  void validTokenSkipsConnectRpcAndItsIdentifiersTravelWithCommands() {
    String token = Tokens.jwt(SECRET, "{\"user_id\":42}", Tokens.inSeconds(3600));
    CableClient client = cable.client(ConformanceHarness.options().query("jid=" + token).ignore("ping"));
    JsonObject welcome = client.receive();
    assertMessage(new JsonObject().put("type", "welcome"), welcome);
    assertTrue(welcome.getString("sid") != null && !welcome.getString("sid").isEmpty(), welcome.encode());
    String identifier = id("SubscriptionAknowledgementChannel", "probe", "jwt");
    client.subscribeConfirmed(identifier);
    assertTrue(cable.backend.calls("connect").stream().noneMatch(c ->
        c.body().getJsonObject("env").getString("url").contains(token)), "no Connect RPC for a valid token");
    StandInRpcBackend.Recorded subscribe = cable.backend.calls("command").stream()
        .filter(c -> identifier.equals(c.body().getString("identifier"))).findFirst().orElseThrow();
    assertEquals("{\"user_id\":42}", subscribe.body().getString("connection_identifiers"));
  }

  @Test
  @DisplayName("Verifies that expired token gets token expired without reconnect")
  void expiredTokenGetsTokenExpiredWithoutReconnect() {
    String token = Tokens.jwt(SECRET, "{\"user_id\":42}", Tokens.inSeconds(-60));
    CableClient client = cable.client(ConformanceHarness.options().query("jid=" + token).ignore("ping"));
    assertEquals(new JsonObject().put("type", "disconnect").put("reason", "token_expired").put("reconnect", false),
        client.receive());
    client.awaitClose();
  }

  @Test
  @DisplayName("Verifies that forged token is unauthorized")
  void forgedTokenIsUnauthorized() {
    String token = Tokens.jwt("not-the-secret", "{\"user_id\":42}", Tokens.inSeconds(3600));
    CableClient client = cable.client(ConformanceHarness.options().query("jid=" + token).ignore("ping"));
    assertEquals(new JsonObject().put("type", "disconnect").put("reason", "unauthorized").put("reconnect", false),
        client.receive());
    client.awaitClose();
  }

  @Test
  @DisplayName("Verifies that missing token falls back to connect RPC")
  void missingTokenFallsBackToConnectRpc() {
    int before = cable.backend.calls("connect").size();
    CableClient client = cable.client(ConformanceHarness.options().query("test=uid&uid=no-token").ignore("ping"));
    assertMessage(new JsonObject().put("type", "welcome"), client.receive());
    assertEquals(before + 1, cable.backend.calls("connect").size());
  }
}
