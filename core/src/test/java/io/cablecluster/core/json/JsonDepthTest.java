package io.cablecluster.core.json;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonDepthTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  @DisplayName("Verifies that scalars, null and ordinary Action Cable frames are within the limit")
  void shallowTextPasses() {
    assertTrue(JsonDepth.withinLimit(null));
    assertTrue(JsonDepth.withinLimit(""));
    assertTrue(JsonDepth.withinLimit("42"));
    assertTrue(JsonDepth.withinLimit(
        "{\"command\":\"message\",\"identifier\":\"{\\\"channel\\\":\\\"Chat\\\"}\",\"data\":\"{\\\"a\\\":[1,{\\\"b\\\":2}]}\"}"));
  }

  @Test
  @DisplayName("Verifies that text nested exactly at the limit passes and one level more is refused")
  void limitIsInclusive() {
    assertTrue(JsonDepth.withinLimit(nested(JsonDepth.MAX_DEPTH)));
    assertFalse(JsonDepth.withinLimit(nested(JsonDepth.MAX_DEPTH + 1)));
    assertTrue(JsonDepth.withinLimit("{\"a\":{\"b\":[1]}}", 3));
    assertFalse(JsonDepth.withinLimit("{\"a\":{\"b\":[[1]]}}", 3));
  }

  @Test
  @DisplayName("Verifies that brackets inside strings are not counted")
  void bracketsInStringsAreText() {
    String manyBrackets = "[\"" + "[{".repeat(1000) + "\"]";
    assertTrue(JsonDepth.withinLimit(manyBrackets));
    assertTrue(JsonDepth.withinLimit("{\"k{[\":\"v]}\"}", 1));
  }

  @Test
  @DisplayName("Verifies that escaped quotes and backslashes keep the string state right")
  void escapesAreHonoured() {
    // The string is "\"[[[" — the escaped quote does not end it.
    assertTrue(JsonDepth.withinLimit("[\"\\\"[[[\"]", 1));
    // The string is "\\" — an escaped backslash, then the string ends, so the brackets after it count.
    assertFalse(JsonDepth.withinLimit("[\"\\\\\",[[]]]", 2));
    assertTrue(JsonDepth.withinLimit("[\"\\\\\",[[]]]", 3));
  }

  @Test
  @DisplayName("Verifies that deep nesting is refused without a stack overflow, however deep")
  void veryDeepTextIsRefused() {
    assertFalse(JsonDepth.withinLimit("{\"a\":".repeat(100_000)));
    assertFalse(JsonDepth.withinLimit(nested(1_000_000)));
  }

  @Test
  @DisplayName("Verifies that stray closing brackets do not earn extra depth")
  void strayClosersDoNotHelp() {
    assertFalse(JsonDepth.withinLimit("]]]]" + nested(3), 2));
  }
}
