package io.cablecluster.gateway.identity.jwks;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * One public signing key of a JWKS, bound to the single JWS algorithm its type allows: an RSA key verifies
 * RS256 only, a P-256 key ES256 only. No other algorithm (HS*, none, PS*, ES384…) is ever verified with it.
 *
 * @param alg the algorithm this key verifies (the JWK's own {@code alg}, when it has one, agreed with it)
 */
public record Jwk(String kid, String alg, PublicKey key) {
  public static final String RS256 = "RS256";
  public static final String ES256 = "ES256";

  public Jwk {
    boolean bound = RS256.equals(alg) ? key instanceof RSAPublicKey : ES256.equals(alg) && key instanceof ECPublicKey;
    if (!bound) {
      throw new IllegalArgumentException("a JWK verifies RS256 with an RSA key or ES256 with a P-256 key");
    }
  }

  /**
   * Whether {@code signature} is this key's {@code alg} signature of {@code signingInput} for a token whose
   * header names {@code tokenAlg}. ES256 signatures are JWS's raw R||S (64 bytes), not DER, so the JDK's
   * P1363 variant verifies them; a DER-encoded signature is refused by its length.
   */
  public boolean verifies(String tokenAlg, byte[] signingInput, byte[] signature) {
    if (!alg.equals(tokenAlg)) {
      return false;
    }
    try {
      Signature verifier;
      if (RS256.equals(alg)) {
        verifier = Signature.getInstance("SHA256withRSA");
      } else {
        if (signature.length != 64) {
          return false;
        }
        verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      }
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Jwk[kid=" + kid + ", alg=" + alg + "]";
  }
}
