package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code <key glob>=<stream template>} rule: entries of keys matching the glob are broadcast to the
 * template with {@code {key}} replaced by the key and {@code {field}} by that field of the entry.
 */
public record TargetRule(KeyPattern keys, String template) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

  /** A comma list of rules; the first whose glob matches the key wins. */
  public static List<TargetRule> parseAll(String text) {
    List<TargetRule> rules = new ArrayList<>();
    for (String item : text.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw ConfigException.invalid("redis_streams_target", text,
            "a comma list of <key glob>=<stream template>, e.g. " + RedisConfig.DEFAULT_TARGETS);
      }
      rules.add(new TargetRule(KeyPattern.of(item.substring(0, eq).trim()), item.substring(eq + 1).trim()));
    }
    return List.copyOf(rules);
  }

  /** The target stream, or null when a field the template needs is missing or empty. */
  public String render(String key, Map<String, String> fields) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = "key".equals(name) ? key : fields.get(name);
      if (value == null || value.isEmpty()) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
