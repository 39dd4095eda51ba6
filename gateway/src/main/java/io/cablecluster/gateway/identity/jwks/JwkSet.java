package io.cablecluster.gateway.identity.jwks;

import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JWKS document (RFC 7517) into the signing keys usable here, by kid. The document as a whole is
 * refused (an {@link IllegalArgumentException}, so the previous keys stay) when it is not a JSON object with a
 * {@code keys} array, is nested too deep, holds more than {@link #MAX_KEYS} keys, or has a usable key that is
 * malformed. Keys that cannot verify RS256/ES256 here are skipped: symmetric ({@code oct}) keys — a JWKS never
 * supplies an HMAC secret —, encryption keys ({@code use: enc}), other curves and algorithms, keys without a
 * kid (a token must name its key), RSA moduli under 2048 bits.
 */
public final class JwkSet {
  /** Providers publish a handful (current, next, previous); 64 leaves room while bounding the work per fetch. */
  public static final int MAX_KEYS = 64;
  private static final int MIN_RSA_BITS = 2048;

  private JwkSet() {
  }

  public static Map<String, Jwk> parse(Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    if (!JsonDepth.withinLimit(text)) {
      throw new IllegalArgumentException("JWKS nested deeper than " + JsonDepth.MAX_DEPTH);
    }
    JsonObject document;
    try {
      document = new JsonObject(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("JWKS is not a JSON object");
    }
    if (!(document.getValue("keys") instanceof JsonArray keys)) {
      throw new IllegalArgumentException("JWKS has no keys array");
    }
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("JWKS has " + keys.size() + " keys, more than " + MAX_KEYS);
    }
    Map<String, Jwk> byKid = new LinkedHashMap<>();
    for (Object entry : keys) {
      if (!(entry instanceof JsonObject jwk)) {
        throw new IllegalArgumentException("JWKS key is not an object");
      }
      Jwk key = key(jwk);
      if (key != null) {
        byKid.putIfAbsent(key.kid(), key);
      }
    }
    return Collections.unmodifiableMap(byKid);
  }

  private static Jwk key(JsonObject jwk) {
    String kid = string(jwk, "kid");
    String kty = string(jwk, "kty");
    String use = string(jwk, "use");
    String alg = string(jwk, "alg");
    if (kid == null || kid.isEmpty() || (use != null && !"sig".equals(use))) {
      return null;
    }
    try {
      if ("RSA".equals(kty) && (alg == null || Jwk.RS256.equals(alg))) {
        BigInteger n = unsigned(jwk, "n");
        BigInteger e = unsigned(jwk, "e");
        if (n.bitLength() < MIN_RSA_BITS) {
          return null;
        }
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        return new Jwk(kid, Jwk.RS256, key);
      }
      if ("EC".equals(kty) && "P-256".equals(string(jwk, "crv")) && (alg == null || Jwk.ES256.equals(alg))) {
        byte[] x = bytes(jwk, "x");
        byte[] y = bytes(jwk, "y");
        if (x.length != 32 || y.length != 32) {
          throw new IllegalArgumentException("P-256 coordinates must be 32 bytes");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!onCurve(point, curve)) {
          throw new IllegalArgumentException("JWKS key " + kid + " is not a point of P-256");
        }
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
        return new Jwk(kid, Jwk.ES256, key);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("JWKS key " + kid + " is malformed");
    }
    return null;
  }

  /** y² = x³ + ax + b (mod p): a point off the curve is garbage, never a key. */
  private static boolean onCurve(ECPoint point, ECParameterSpec spec) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger x = point.getAffineX();
    BigInteger y = point.getAffineY();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return y.modPow(BigInteger.TWO, p).equals(right);
  }

  private static BigInteger unsigned(JsonObject jwk, String member) {
    return new BigInteger(1, bytes(jwk, member));
  }

  private static byte[] bytes(JsonObject jwk, String member) {
    String text = string(jwk, member);
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("JWKS key has no " + member);
    }
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("JWKS key member " + member + " is not base64url");
    }
  }

  private static String string(JsonObject jwk, String member) {
    return jwk.getValue(member) instanceof String value ? value : null;
  }
}
