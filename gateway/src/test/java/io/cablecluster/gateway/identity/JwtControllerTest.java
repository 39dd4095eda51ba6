package io.cablecluster.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeController;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** JWT identification in front of the chain (PROTOCOL.md §e): where the token is found and what it decides. */
@ExtendWith(VertxExtension.class)
class JwtControllerTest {
  private static final String SECRET = "s3cr3t";
  /** PROTOCOL.md §e's worked example: ext {"user_id":42}, expires in 2100. */
  private static final String EXAMPLE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHQiOiJ7XCJ1c2VyX2lkXCI6NDJ9IiwiZXhw"
      + "Ijo0MTAyNDQ0ODAwfQ.Qj1rntVRy-b3OjdlWr_axqdbj2BYUpoNL3JGwe9V-e8";
  private final FakeController next = new FakeController();
  private final AtomicInteger failedAuths = new AtomicInteger();
  private JwtIdentifier identifier;

  @BeforeEach
  void setUp(Vertx vertx) {
    identifier = new JwtIdentifier(vertx, SECRET);
  }

  private JwtController controller(boolean enforced) {
    return new JwtController(next, identifier, "jid", enforced, failedAuths::incrementAndGet);
  }

  private static ConnectRequest request(MultiMap headers, String query) {
    return new ConnectRequest("sid-1", false, new RequestEnv("http://localhost/cable", Map.of()), headers, query);
  }

  private static MultiMap header(String name, String value) {
    return MultiMap.caseInsensitiveMultiMap().add(name, value);
  }

  /** An HS256 token as anycable-rb issues it. */
  static String token(String secret, JsonObject claims) {
    return token(secret, new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims);
  }

  /** An HS256 token with the given header. */
  static String token(String secret, JsonObject header, JsonObject claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String signed = base64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8))
        + "." + base64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signed + "." + base64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  @DisplayName("Verifies that a valid token in the X-JID header identifies the connection by its ext claim, without the next controller")
  void validHeaderTokenIdentifies() {
    ConnectResult result = Await.result(controller(false).authenticate(request(header("X-JID", EXAMPLE), null)));

    assertEquals(Status.SUCCESS, result.status());
    assertEquals("{\"user_id\":42}", result.identifiers());
    assertEquals(List.of(Frames.welcome("sid-1")), result.transmissions());
    assertEquals(false, result.disconnectInterest(), "no Disconnect call for a JWT-identified session in auto mode");
    assertTrue(next.connects.isEmpty());
    assertEquals(0, failedAuths.get());
  }

  @Test
  @DisplayName("Verifies that the token is also found in an anycable-token subprotocol and in the jid query parameter")
  void tokenFromSubprotocolAndQuery() {
    ConnectResult fromProtocol = Await.result(controller(true).authenticate(request(
        header("Sec-WebSocket-Protocol", "actioncable-v1-json, anycable-token." + EXAMPLE), null)));
    ConnectResult fromQuery = Await.result(controller(true).authenticate(request(
        MultiMap.caseInsensitiveMultiMap(), "a=1&jid=" + EXAMPLE)));

    assertEquals("{\"user_id\":42}", fromProtocol.identifiers());
    assertEquals("{\"user_id\":42}", fromQuery.identifiers());
  }

  @Test
  @DisplayName("Verifies that the header wins over the query when both carry a token")
  void headerWinsOverQuery() {
    ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", EXAMPLE),
        "jid=" + token("wrong", new JsonObject().put("ext", "{}")))));

    assertEquals(Status.SUCCESS, result.status());
  }

  @Test
  @DisplayName("Verifies that an expired token is refused as token_expired and counted")
  void expiredTokenIsRefused() {
    String expired = token(SECRET, new JsonObject().put("ext", "{}").put("exp", now() - 60));
    ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", expired), null)));

    assertEquals(Status.FAILURE, result.status());
    assertEquals(List.of(Frames.disconnect("token_expired", false)), result.transmissions());
    assertEquals(1, failedAuths.get());
    assertTrue(next.connects.isEmpty(), "a token decides alone, even an expired one");
  }

  @Test
  @DisplayName("Verifies that a token with a bad signature or a malformed token is refused as unauthorized")
  void invalidTokenIsRefused() {
    for (String bad : List.of(token("other", new JsonObject().put("ext", "{}")), "not.a.token", "garbage")) {
      ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", bad), null)));
      assertEquals(Status.FAILURE, result.status(), bad);
      assertEquals(List.of(Frames.disconnect("unauthorized", false)), result.transmissions());
    }
    assertEquals(3, failedAuths.get());
    assertTrue(next.connects.isEmpty());
  }

  @Test
  @DisplayName("Verifies that a valid token whose ext claim is not a string is an ERROR (close 1011)")
  void tokenWithoutStringExtIsAnError() {
    String noExt = token(SECRET, new JsonObject().put("ext", new JsonObject().put("id", 1)).put("exp", now() + 60));
    ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", noExt), null)));

    assertEquals(Status.ERROR, result.status());
    assertEquals(List.of(), result.transmissions());
  }

  @Test
  @DisplayName("Verifies that without a token the next controller decides, unless JWT is enforced (then unauthorized)")
  void missingTokenGoesOnUnlessEnforced() {
    ConnectResult passedOn = Await.result(controller(false).authenticate(request(MultiMap.caseInsensitiveMultiMap(),
        "other=1")));
    assertEquals(Status.SUCCESS, passedOn.status());
    assertEquals("sid-1", Await.next(next.connects).sid());

    ConnectResult enforced = Await.result(controller(true).authenticate(request(MultiMap.caseInsensitiveMultiMap(),
        null)));
    assertEquals(Status.FAILURE, enforced.status());
    assertEquals(List.of(Frames.disconnect("unauthorized", false)), enforced.transmissions());
    assertEquals(1, failedAuths.get());
    assertTrue(next.connects.isEmpty());
  }

  @Test
  @DisplayName("Verifies that channel commands pass through to the next controller")
  void channelCommandsPassThrough() {
    var channel = new io.cablecluster.gateway.controller.ChannelRequest("sid-1", "{}", "{\"channel\":\"Chat\"}",
        new RequestEnv("http://localhost/cable", Map.of()), Map.of(), Map.of());
    Await.result(controller(true).subscribe(channel));

    assertEquals(channel, Await.next(next.subscribes));
  }

  @Test
  @DisplayName("Verifies that a validly signed token whose exp, nbf or iat is a string, null or boolean is refused as unauthorized and counted, not an exception")
  void nonNumericDateClaimsAreUnauthorized() {
    List<Object> wrongTypes = java.util.Arrays.asList("4102444800", null, true);
    int refused = 0;
    for (String claim : List.of("exp", "nbf", "iat")) {
      for (Object value : wrongTypes) {
        JsonObject claims = new JsonObject().put("ext", "{\"user_id\":42}").put(claim, value);
        if (!"exp".equals(claim)) {
          claims.put("exp", now() + 60);
        }
        ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", token(SECRET, claims)),
            null)));
        refused++;
        assertEquals(Status.FAILURE, result.status(), claims.encode());
        assertEquals(List.of(Frames.disconnect("unauthorized", false)), result.transmissions(), claims.encode());
        assertEquals(refused, failedAuths.get(), claims.encode());
      }
    }
    assertTrue(next.connects.isEmpty());
  }

  @Test
  @DisplayName("Verifies that a validly signed token whose header has a crit list (an extension not understood, RFC 7515 §4.1.11) is refused as unauthorized and counted")
  void criticalHeaderExtensionIsUnauthorized() {
    JsonObject claims = new JsonObject().put("ext", "{\"user_id\":42}").put("exp", now() + 60);
    List<Object> crits = java.util.Arrays.asList(new io.vertx.core.json.JsonArray().add("b64"),
        new io.vertx.core.json.JsonArray().add("http://example.com/unknown"), new io.vertx.core.json.JsonArray(), "b64",
        null);
    int refused = 0;
    for (Object crit : crits) {
      JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT").put("crit", crit).put("b64", true);
      ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid",
          token(SECRET, header, claims)), null)));
      refused++;
      assertEquals(Status.FAILURE, result.status(), header.encode());
      assertEquals(List.of(Frames.disconnect("unauthorized", false)), result.transmissions(), header.encode());
      assertEquals(refused, failedAuths.get(), header.encode());
    }
    ConnectResult plain = Await.result(controller(false).authenticate(request(header("x-jid", token(SECRET, claims)),
        null)));
    assertEquals(Status.SUCCESS, plain.status());
    assertEquals(refused, failedAuths.get());
    assertTrue(next.connects.isEmpty());
  }

  @Test
  @DisplayName("Verifies that numeric date claims still identify, so the type check refuses only what golang-jwt refuses")
  void numericDateClaimsStillIdentify() {
    String valid = token(SECRET, new JsonObject().put("ext", "{}").put("exp", now() + 60).put("nbf", now() - 60)
        .put("iat", now() - 60));
    ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", valid), null)));

    assertEquals(Status.SUCCESS, result.status());
    assertEquals(0, failedAuths.get());
  }

  @Test
  @DisplayName("Verifies that a signed token whose claims are nested too deep is refused as unauthorized without decoding them")
  void deeplyNestedClaimsAreUnauthorized() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String claims = "{\"ext\":\"{}\",\"x\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
    String deep = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    ConnectResult result = Await.result(controller(false).authenticate(request(header("x-jid", deep), null)));

    assertEquals(Status.FAILURE, result.status());
    assertEquals(List.of(Frames.disconnect("unauthorized", false)), result.transmissions());
    assertEquals(1, failedAuths.get());
  }
}
