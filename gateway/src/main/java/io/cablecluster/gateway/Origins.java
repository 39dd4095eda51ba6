package io.cablecluster.gateway;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** {@code allowed_origins}: exact hosts or {@code *suffix} wildcards; no list means any origin. */
final class Origins {
  private Origins() {
  }

  static boolean allowed(String origin, List<String> allowed) {
    if (allowed.isEmpty()) {
      return true;
    }
    if (origin == null || origin.isEmpty()) {
      return false;
    }
    String host;
    try {
      URI uri = URI.create(origin);
      host = uri.getHost() == null ? origin : uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    } catch (IllegalArgumentException e) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    for (String pattern : allowed) {
      String p = pattern.toLowerCase(Locale.ROOT);
      if (p.equals("*") || p.equals(host) || (p.startsWith("*") && host.endsWith(p.substring(1)))) {
        return true;
      }
    }
    return false;
  }
}
