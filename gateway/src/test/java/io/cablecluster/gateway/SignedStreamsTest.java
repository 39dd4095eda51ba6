package io.cablecluster.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.gateway.channels.SignedStreams;
import org.junit.jupiter.api.Test;

/** Rails MessageVerifier compatibility, with the worked example of PROTOCOL.md §f. */
class SignedStreamsTest {
  static final String SIGNED = "ImNoYXQvNDIi--ed3f0927d13c0c59af99f3ef776af196ea44ff640ab15cf8cf347532daed0c5f";

  @Test
  void signsLikeRails() {
    assertEquals(SIGNED, SignedStreams.sign("chat/42", "s3cr3t"));
  }

  @Test
  void verifiesTheWorkedExample() {
    assertEquals("chat/42", SignedStreams.verify(SIGNED, "s3cr3t"));
  }

  @Test
  void refusesWrongKeyTamperedPayloadAndBadShapes() {
    assertNull(SignedStreams.verify(SIGNED, "other"));
    assertNull(SignedStreams.verify("ImNoYXQvNDMi--ed3f0927d13c0c59af99f3ef776af196ea44ff640ab15cf8cf347532daed0c5f", "s3cr3t"));
    assertNull(SignedStreams.verify("no-separator", "s3cr3t"));
    assertNull(SignedStreams.verify("a--b--c", "s3cr3t"));
    assertNull(SignedStreams.verify(SIGNED, null));
  }

  @Test
  void acceptsUrlSafeBase64AsAnyCableRubyEmitsIt() {
    // JSON "a>?" encodes with '+' / '/' in standard base64 and '-' / '_' in the URL-safe alphabet.
    String stream = "a>>>?";
    String urlSafe = java.util.Base64.getUrlEncoder().encodeToString(("\"" + stream + "\"").getBytes());
    String signed = urlSafe + "--" + io.cablecluster.core.Secrets.hmacHex("k", urlSafe);
    assertEquals(stream, SignedStreams.verify(signed, "k"));
  }

  @Test
  void payloadThatIsNotAJsonStringIsRefused() {
    String encoded = java.util.Base64.getEncoder().encodeToString("{\"a\":1}".getBytes());
    assertNull(SignedStreams.verify(encoded + "--" + io.cablecluster.core.Secrets.hmacHex("k", encoded), "k"));
  }
}
