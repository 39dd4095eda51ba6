package io.cablecluster.node.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code headers} and {@code proxy_cookies} decide what of the upgrade request the backend sees (§d Env). */
class ForwardedHeadersTest extends ScenarioSupport {

  @Override
  protected Map<String, String> flags() {
    return Map.of("headers", "cookie,X-Api-Token", "proxy_cookies", "username");
  }

  @Test
  @DisplayName("Verifies that only listed headers and listed cookies reach the backend")
  void onlyListedHeadersAndListedCookiesReachTheBackend() {
    CableClient client = cable.client(ConformanceHarness.options().query("via=headers").ignore("ping")
        .header("Cookie", "session=s3; username=john green; theme=dark")
        .header("X-API-TOKEN", "abc")
        .header("X-Other", "not forwarded"));
    assertMessage(new JsonObject().put("type", "welcome"), client.receive());
    JsonObject headers = cable.backend.calls("connect").stream()
        .filter(c -> c.body().getJsonObject("env").getString("url").endsWith("via=headers"))
        .findFirst().orElseThrow().body().getJsonObject("env").getJsonObject("headers");
    assertEquals(new JsonObject().put("cookie", "username=john green").put("x-api-token", "abc")
        .put("REMOTE_ADDR", "127.0.0.1"), headers);
  }

  @Test
  @DisplayName("Verifies that empty or missing headers are left out")
  void emptyOrMissingHeadersAreLeftOut() {
    CableClient client = cable.client(ConformanceHarness.options().query("via=no-headers").ignore("ping")
        .header("X-API-TOKEN", ""));
    assertMessage(new JsonObject().put("type", "welcome"), client.receive());
    JsonObject headers = cable.backend.calls("connect").stream()
        .filter(c -> c.body().getJsonObject("env").getString("url").endsWith("via=no-headers"))
        .findFirst().orElseThrow().body().getJsonObject("env").getJsonObject("headers");
    assertEquals(new JsonObject().put("REMOTE_ADDR", "127.0.0.1"), headers);
  }
}
