package io.cablecluster.gateway.identity;

import io.cablecluster.gateway.identity.JwtIdentifier.Expired;
import io.cablecluster.gateway.identity.JwtIdentifier.Identified;
import io.cablecluster.gateway.identity.JwtIdentifier.Invalid;
import io.cablecluster.gateway.identity.JwtIdentifier.Outcome;
import io.cablecluster.gateway.identity.jwks.Jwk;
import io.cablecluster.gateway.identity.jwks.JwksKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * Identification by tokens from an identity provider: RS256 or ES256 JWS whose header names ({@code kid}) a
 * key of the provider's JWKS. Any other {@code alg} (none, HS*, PS*…) is {@link Invalid} before a key is looked
 * up, and a key verifies only its own algorithm ({@link Jwk}). After the signature: {@code exp} in the past is
 * {@link Expired} (AnyCable's {@code token_expired}), {@code nbf} in the future, a wrong {@code iss} or an
 * {@code aud} without the configured audience are {@link Invalid}. The identifiers are the {@code ext} claim
 * when it is a string (AnyCable's tokens), else built from the configured claims ({@code user:sub} →
 * {@code {"user":"<sub>"}}), each of which must be a string or a number.
 *
 * <p>The signature check runs through {@link Offload}: on the node, on a worker thread, since an ES256
 * verification costs about 2 ms of CPU and a burst of connecting clients would otherwise stall every other
 * connection on the event loop for that long each.
 */
public final class JwksIdentifier implements TokenIdentifier {
  private final JwksKeys keys;
  private final String issuer;
  private final String audience;
  private final Map<String, String> identifiersClaims;
  private final LongSupplier epochSeconds;
  private final Offload offload;

  /** Where CPU-heavy work runs: {@link #INLINE} in unit tests, a worker pool on the node. */
  @FunctionalInterface
  public interface Offload {
    <T> Future<T> run(Callable<T> work);
  }

  public static final Offload INLINE = new Offload() {
    @Override
    public <T> Future<T> run(Callable<T> work) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
  };

  public JwksIdentifier(JwksKeys keys, String issuer, String audience, Map<String, String> identifiersClaims,
                        LongSupplier epochSeconds) {
    this(keys, issuer, audience, identifiersClaims, epochSeconds, INLINE);
  }

  public JwksIdentifier(JwksKeys keys, String issuer, String audience, Map<String, String> identifiersClaims,
                        LongSupplier epochSeconds, Offload offload) {
    this.offload = offload;
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.identifiersClaims = identifiersClaims;
    this.epochSeconds = epochSeconds;
  }

  @Override
  public Future<Outcome> identify(String token) {
    TokenParts parts = TokenParts.parse(token);
    if (parts == null) {
      return Future.succeededFuture(new Invalid("malformed token"));
    }
    String malformed = JwtIdentifier.malformedPart(token);
    if (malformed != null) {
      return Future.succeededFuture(new Invalid("malformed token: " + malformed));
    }
    Object alg = parts.header().getValue("alg");
    if (!Jwk.RS256.equals(alg) && !Jwk.ES256.equals(alg)) {
      return Future.succeededFuture(new Invalid("algorithm " + alg + " is not verified with JWKS keys"));
    }
    if (!(parts.header().getValue("kid") instanceof String kid)) {
      return Future.succeededFuture(new Invalid("token names no key (kid)"));
    }
    return keys.key(kid).compose(key -> {
      if (key == null) {
        return Future.succeededFuture(new Invalid("no JWKS key " + kid));
      }
      return offload.<Outcome>run(() -> key.verifies((String) alg, parts.signingInput(), parts.signature())
          ? checked(parts.claims()) : new Invalid("signature does not verify with JWKS key " + kid))
          .otherwise(e -> new Invalid("signature check failed: " + e.getClass().getSimpleName()));
    });
  }

  private Outcome checked(JsonObject claims) {
    long now = epochSeconds.getAsLong();
    // malformedPart made sure these are numbers when present.
    if (claims.getValue("exp") instanceof Number exp && exp.longValue() <= now) {
      return new Expired();
    }
    if (claims.getValue("nbf") instanceof Number nbf && nbf.longValue() > now) {
      return new Invalid("token not valid yet (nbf)");
    }
    if (issuer != null && !issuer.equals(claims.getValue("iss"))) {
      return new Invalid("token issuer is not " + issuer);
    }
    if (audience != null && !hasAudience(claims.getValue("aud"))) {
      return new Invalid("token audience does not include " + audience);
    }
    if (claims.getValue("ext") instanceof String ext) {
      return new Identified(ext);
    }
    if (identifiersClaims.isEmpty()) {
      return new Invalid("token has no string ext claim");
    }
    JsonObject identifiers = new JsonObject();
    for (Map.Entry<String, String> mapping : identifiersClaims.entrySet()) {
      Object value = claims.getValue(mapping.getValue());
      if (!(value instanceof String) && !(value instanceof Number)) {
        return new Invalid("token has no string or number claim " + mapping.getValue());
      }
      identifiers.put(mapping.getKey(), value);
    }
    return new Identified(identifiers.encode());
  }

  private boolean hasAudience(Object aud) {
    if (aud instanceof String single) {
      return audience.equals(single);
    }
    return aud instanceof JsonArray many && many.contains(audience);
  }
}
