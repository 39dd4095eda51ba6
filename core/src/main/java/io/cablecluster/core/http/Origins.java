package io.cablecluster.core.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** {@code allowed_origins}: exact hosts or {@code *suffix} wildcards; no list means any origin. */
public final class Origins {
  private Origins() {
  }

  public static boolean allowed(String origin, List<String> allowed) {
    if (allowed.isEmpty()) {
      return true;
    }
    if (origin == null || origin.isEmpty()) {
      // Only browsers send Origin, and the check exists to stop cross-site browser pages.
      return true;
    }
    String host;
    String hostAndPort;
    try {
      URI uri = URI.create(origin);
      host = uri.getHost() == null ? origin : uri.getHost();
      hostAndPort = uri.getPort() > 0 ? host + ":" + uri.getPort() : host;
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (String pattern : allowed) {
      String p = pattern.toLowerCase(Locale.ROOT);
      // A pattern with a port must match host:port; without one it matches the host on any port.
      String candidate = (p.indexOf(':') >= 0 ? hostAndPort : host).toLowerCase(Locale.ROOT);
      if (p.equals("*") || p.equals(candidate) || (p.startsWith("*") && candidate.endsWith(p.substring(1)))) {
        return true;
      }
    }
    return false;
  }
}
