package io.cablecluster.gateway.identity;

import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * AnyCable JWT identification: HMAC-signed token whose string claim {@code ext} is the connection's
 * identifiers. Outcomes are the three the protocol distinguishes.
 *
 * <p>Before Vert.x sees a token its header and claims are checked here: Vert.x's JWT decoding casts
 * {@code exp}/{@code nbf}/{@code iat} to numbers (a string, null or boolean threw a
 * {@code ClassCastException} instead of completing the authentication) and decodes JSON recursively (deep
 * nesting overflows the stack). Such tokens are {@link Invalid} (an {@code unauthorized} disconnect), as
 * golang-jwt v5 refuses them (a claim of the wrong type is an invalid token); any other exception from
 * Vert.x is as well. golang-jwt v3.2.2, which AnyCable-Go 1.x pins, instead ignores a date claim that is not
 * a number, so a signed token with {@code "exp":"…"} never expires there: refusing it is deliberate.
 * A header with a {@code crit} member is {@link Invalid} too (RFC 7515 §4.1.11: no extension is understood
 * here; Vert.x would ignore it).
 */
public final class JwtIdentifier implements TokenIdentifier {
  private static final List<String> NUMERIC_DATE_CLAIMS = List.of("exp", "nbf", "iat");
  private final JWTAuth auth;

  public sealed interface Outcome permits Identified, Expired, Invalid {
  }

  public record Identified(String identifiers) implements Outcome {
  }

  public record Expired() implements Outcome {
  }

  public record Invalid(String why) implements Outcome {
  }

  public JwtIdentifier(Vertx vertx, String secret) {
    JWTAuthOptions options = new JWTAuthOptions();
    for (String algorithm : new String[] {"HS256", "HS384", "HS512"}) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(secret));
    }
    this.auth = JWTAuth.create(vertx, options);
  }

  @Override
  public Future<Outcome> identify(String token) {
    String malformed = malformedPart(token);
    if (malformed != null) {
      return Future.succeededFuture(new Invalid("malformed token: " + malformed));
    }
    Future<User> authenticated;
    try {
      authenticated = auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Invalid("malformed token: " + e));
    }
    return authenticated.<Outcome>map(user -> {
      Object ext = user.principal().getValue("ext");
      return ext instanceof String identifiers ? new Identified(identifiers) : new Invalid("token has no string ext claim");
    }).recover(e -> {
      String message = String.valueOf(e.getMessage());
      // Vert.x calls a token "expired" for a past exp and for a future nbf/iat alike; AnyCable-Go
      // (golang-jwt) answers token_expired only for exp, and unauthorized for the others.
      return Future.succeededFuture(message.contains("expired") && expiredByExp(token)
          ? new Expired() : new Invalid(message));
    });
  }

  /**
   * Why the token's header or claims cannot be handed to Vert.x, or null. Text that is not a token at
   * all (wrong number of parts, not base64, not JSON) is left to Vert.x, which refuses it cleanly.
   */
  static String malformedPart(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    String header = decodedPart(parts[0]);
    String claims = decodedPart(parts[1]);
    if (!JsonDepth.withinLimit(header) || !JsonDepth.withinLimit(claims)) {
      return JsonDepth.tooDeep();
    }
    String critical = unsupportedCritical(header);
    if (critical != null) {
      return critical;
    }
    if (claims == null) {
      return null;
    }
    JsonObject object;
    try {
      object = new JsonObject(claims);
    } catch (RuntimeException e) {
      return null;
    }
    for (String claim : NUMERIC_DATE_CLAIMS) {
      if (object.containsKey(claim) && !(object.getValue(claim) instanceof Number)) {
        return "claim \"" + claim + "\" is not a number";
      }
    }
    return null;
  }

  /**
   * RFC 7515 §4.1.11: a header's {@code crit} names extensions the recipient must understand, or refuse
   * the token. This identifier understands none, so any {@code crit} member (also an empty or malformed
   * one, which the RFC forbids producers to send) makes the token invalid. Vert.x ignores {@code crit}.
   */
  private static String unsupportedCritical(String header) {
    if (header == null) {
      return null;
    }
    JsonObject object;
    try {
      object = new JsonObject(header);
    } catch (RuntimeException e) {
      return null;
    }
    if (!object.containsKey("crit")) {
      return null;
    }
    return "header names critical extension(s) not understood: " + String.valueOf(object.getValue("crit"));
  }

  private static String decodedPart(String part) {
    try {
      return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean expiredByExp(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return false;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      if (!JsonDepth.withinLimit(text)) {
        return false;
      }
      JsonObject claims = new JsonObject(text);
      return claims.getValue("exp") instanceof Number exp && exp.longValue() <= System.currentTimeMillis() / 1000;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
