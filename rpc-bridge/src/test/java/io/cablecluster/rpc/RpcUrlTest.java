package io.cablecluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RpcUrlTest {
  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("Verifies that userinfo is masked for logs and removed from the request URL, anything else kept")
  void masksAndStripsUserInfo() {
    String url = "http://user:pa@ss@backend:3000/_anycable?x=1";
    assertEquals("http://***@backend:3000/_anycable?x=1", RpcUrl.redacted(url));
    assertEquals("http://backend:3000/_anycable?x=1", RpcUrl.withoutUserInfo(url));
    assertEquals("https://***@h/p", RpcUrl.redacted("https://token@h/p"));
  }

  @Test
  @DisplayName("Verifies that a URL without userinfo (an @ only in the path or query) is kept as is and gets no Basic auth")
  void noUserInfo() {
    String url = "http://backend:3000/_anycable/a@b?mail=x@y";
    assertEquals(url, RpcUrl.redacted(url));
    assertEquals(url, RpcUrl.withoutUserInfo(url));
    assertNull(RpcUrl.basicAuthorization(url));
  }

  @Test
  @DisplayName("Verifies that Basic auth is built as Go's net/http does: percent-decoded user and password, an empty password when absent")
  void basicAsGoBuildsIt() {
    assertEquals(basic("user:secret"), RpcUrl.basicAuthorization("http://user:secret@h/_anycable"));
    assertEquals(basic("us er:p+w:d"), RpcUrl.basicAuthorization("http://us%20er:p+w%3Ad@h/_anycable"));
    assertEquals(basic("token:"), RpcUrl.basicAuthorization("http://token@h/_anycable"));
  }
}
