package io.cablecluster.gateway.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * AnyCable JWT identification: HMAC-signed token whose string claim {@code ext} is the connection's
 * identifiers. Outcomes are the three the protocol distinguishes.
 */
public final class JwtIdentifier {
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

  public Future<Outcome> identify(String token) {
    return auth.authenticate(new TokenCredentials(token)).<Outcome>map(user -> {
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

  private static boolean expiredByExp(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return false;
    }
    try {
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return claims.getValue("exp") instanceof Number exp && exp.longValue() <= System.currentTimeMillis() / 1000;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
