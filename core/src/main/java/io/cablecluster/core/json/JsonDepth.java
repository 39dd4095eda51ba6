package io.cablecluster.core.json;

/**
 * A nesting-depth guard for JSON text from outside the node, checked before any parser sees it.
 *
 * <p>Vert.x decodes JSON into {@code JsonObject}/{@code JsonArray} recursively, so text nested a few
 * hundred levels deep overflows an event loop's stack (a {@code StackOverflowError} with a 1,024-frame
 * trace in the log for about a kilobyte of input). Action Cable and AnyCable payloads are shallow — a
 * frame is an object whose {@code data} or broadcast {@code data} rarely goes beyond a handful of levels
 * — so {@link #MAX_DEPTH} levels leaves ample room for application data while staying far below the
 * depth at which decoding can exhaust a thread's stack.
 *
 * <p>The check is one pass over the characters, counting {@code [} and {@code {} outside JSON strings
 * (honouring backslash escapes); it builds nothing and does not validate the JSON otherwise, so malformed
 * text that is shallow is left for the parser to reject.
 */
public final class JsonDepth {
  /** The deepest nesting of arrays and objects accepted; a bare scalar has depth 0, {@code {}} depth 1. */
  public static final int MAX_DEPTH = 64;

  private JsonDepth() {
  }

  /** Whether the text nests arrays and objects no deeper than {@link #MAX_DEPTH}. */
  public static boolean withinLimit(CharSequence text) {
    return withinLimit(text, MAX_DEPTH);
  }

  /** Whether the text nests arrays and objects no deeper than {@code maxDepth}; null counts as shallow. */
  public static boolean withinLimit(CharSequence text, int maxDepth) {
    if (text == null) {
      return true;
    }
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > maxDepth) {
          return false;
        }
      } else if ((c == ']' || c == '}') && depth > 0) {
        depth--;
      }
    }
    return true;
  }

  /** The error message every rejection uses, so logs and answers name the limit. */
  public static String tooDeep() {
    return "JSON is nested deeper than " + MAX_DEPTH + " levels";
  }
}
