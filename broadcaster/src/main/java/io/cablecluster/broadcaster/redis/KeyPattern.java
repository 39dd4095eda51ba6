package io.cablecluster.broadcaster.redis;

import java.util.regex.Pattern;

/** A Redis-style glob ({@code *}, {@code ?}, {@code [abc]}, backslash escapes), matched like SCAN MATCH does. */
public final class KeyPattern {
  private final String glob;
  private final Pattern regex;

  private KeyPattern(String glob) {
    this.glob = glob;
    this.regex = Pattern.compile(toRegex(glob), Pattern.DOTALL);
  }

  public static KeyPattern of(String glob) {
    return new KeyPattern(glob);
  }

  /** Whether the text has glob characters at all (a plain key is watched as is, not scanned for). */
  public static boolean isPattern(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  public boolean matches(String key) {
    return regex.matcher(key).matches();
  }

  public String glob() {
    return glob;
  }

  private static String toRegex(String glob) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> out.append(".*");
        case '?' -> out.append('.');
        case '\\' -> {
          if (i + 1 < glob.length()) {
            out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0) {
            out.append("\\[");
          } else {
            String body = glob.substring(i + 1, end);
            boolean negate = body.startsWith("^");
            String chars = (negate ? body.substring(1) : body).replace("\\", "\\\\").replace("[", "\\[");
            out.append('[').append(negate ? "^" : "").append(chars).append(']');
            i = end;
          }
        }
        default -> out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return glob;
  }
}
