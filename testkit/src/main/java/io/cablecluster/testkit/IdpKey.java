package io.cablecluster.testkit;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signing key as an identity provider holds it: an RSA (RS256) or P-256 (ES256) key pair with a kid, its
 * public JWK, and tokens it signs with any header and claims (ES256 signatures as JWS's raw R||S).
 */
public final class IdpKey {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private final String kid;
  private final String alg;
  private final KeyPair pair;

  private IdpKey(String kid, String alg, KeyPair pair) {
    this.kid = kid;
    this.alg = alg;
    this.pair = pair;
  }

  public static IdpKey rsa(String kid) {
    return new IdpKey(kid, "RS256", generate("RSA", null));
  }

  public static IdpKey ec(String kid) {
    return new IdpKey(kid, "ES256", generate("EC", new ECGenParameterSpec("secp256r1")));
  }

  public String kid() {
    return kid;
  }

  /** The public JWK a JWKS document lists. */
  public JsonObject jwk() {
    if (pair.getPublic() instanceof RSAPublicKey rsa) {
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", alg)
          .put("n", unsigned(rsa.getModulus(), 0)).put("e", unsigned(rsa.getPublicExponent(), 0));
    }
    ECPublicKey ec = (ECPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "EC").put("kid", kid).put("use", "sig").put("crv", "P-256")
        .put("x", unsigned(ec.getW().getAffineX(), 32)).put("y", unsigned(ec.getW().getAffineY(), 32));
  }

  /** Header {@code {"alg":<this key's>,"typ":"JWT","kid":<kid>}}. */
  public String sign(JsonObject claims) {
    return sign(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid), claims);
  }

  public String sign(JsonObject header, JsonObject claims) {
    String input = signingInput(header, claims);
    try {
      Signature signer = Signature.getInstance("RS256".equals(alg) ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signer.initSign(pair.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An ES256 token whose signature is DER-encoded (what Java's plain SHA256withECDSA gives): not a valid JWS. */
  public String signDer(JsonObject claims) {
    String input = signingInput(new JsonObject().put("alg", alg).put("kid", kid), claims);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(pair.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The header and claims joined with an empty signature, as for {@code alg: none}. */
  public static String unsigned(JsonObject header, JsonObject claims) {
    return signingInput(header, claims) + ".";
  }

  private static String signingInput(JsonObject header, JsonObject claims) {
    return URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return URL.encodeToString(bytes);
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) {
        generator.initialize(spec);
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
