package io.cablecluster.core.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsTest {
  static final List<String> ALLOWED = List.of("*.example.com", "localhost:3000", "app.test");

  @Test
  void wildcardSuffixAndExactHostsMatch() {
    assertTrue(Origins.allowed("https://www.example.com", ALLOWED));
    assertTrue(Origins.allowed("http://localhost:3000", ALLOWED));
    assertTrue(Origins.allowed("http://app.test:8443", ALLOWED));
  }

  @Test
  void othersAreRefused() {
    assertFalse(Origins.allowed("https://example.com.evil.test", ALLOWED));
    assertFalse(Origins.allowed("http://localhost:4000", ALLOWED));
  }

  @Test
  void noListAllowsEverythingAndNoOriginIsNotABrowser() {
    assertTrue(Origins.allowed("https://anything.test", List.of()));
    assertTrue(Origins.allowed(null, ALLOWED));
  }
}
