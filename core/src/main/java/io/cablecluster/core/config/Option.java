package io.cablecluster.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One option, declared once where its module's config record reads it: name, default, accepted values,
 * extra environment names, former names and a one-line doc. Reading goes through {@link Settings}, so
 * the lookup order (flag, {@code ANYCABLE_<NAME>}, {@code CABLE_<NAME>}, aliases), unknown-flag detection and
 * the error messages are the same for every option. The README's option table is checked against these
 * declarations (node's {@code ReadmeOptionTableTest}).
 *
 * @param <T> the parsed type; {@link #read(Settings)} never returns null
 */
public final class Option<T> {
  private static final String NONE = "—";
  private static final String[] NO_ALIASES = new String[0];

  /** How a value is parsed: one of {@link Settings}'s typed look-ups with this option's bounds bound in. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(Settings settings, String name, T def, String[] envAliases);
  }

  private final String name;
  private final T defaultValue;
  private final String defaultText;
  private final String doc;
  private final List<String> envAliases;
  private final List<String> formerNames;
  private final Reader<T> reader;

  private Option(String name, T defaultValue, String defaultText, String doc, List<String> envAliases,
                 List<String> formerNames, Reader<T> reader) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.doc = doc;
    this.envAliases = List.copyOf(envAliases);
    this.formerNames = List.copyOf(formerNames);
    this.reader = reader;
  }

  private static <T> Option<T> of(String name, T def, String defaultText, String doc, Reader<T> reader) {
    return new Option<>(name, def, defaultText, doc, List.of(), List.of(), reader);
  }

  /** Free text, trimmed; the README shows an empty default as "—". */
  public static Option<String> string(String name, String def, String doc) {
    return of(name, def, def.isEmpty() ? NONE : def, doc, Settings::string);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Option<Integer> integer(String name, int def, int min, int max, String doc) {
    return of(name, def, String.valueOf(def), doc, (s, n, d, aliases) -> s.integer(n, d, min, max, aliases));
  }

  /** true/1/yes/on (or the bare flag) and false/0/no/off. */
  public static Option<Boolean> bool(String name, boolean def, String doc) {
    return of(name, def, String.valueOf(def), doc, Settings::bool);
  }

  /** A comma list; blank entries are dropped. */
  public static Option<List<String>> list(String name, List<String> def, String doc) {
    return of(name, List.copyOf(def), def.isEmpty() ? NONE : String.join(",", def), doc, Settings::list);
  }

  /** One of a fixed set of lower-case words. */
  public static Option<String> choice(String name, String def, List<String> accepted, String doc) {
    List<String> words = List.copyOf(accepted);
    return of(name, def, def, doc, (s, n, d, aliases) -> s.choice(n, d, words, aliases));
  }

  /** AnyCable-Go's other environment names for this option (e.g. {@code PORT}), tried after the usual two. */
  public Option<T> env(String... names) {
    return new Option<>(name, defaultValue, defaultText, doc, List.of(names), formerNames, reader);
  }

  /** Deprecated option names still honoured (each also as a flag and env), read when this one is blank. */
  public Option<T> formerly(String... names) {
    return new Option<>(name, defaultValue, defaultText, doc, envAliases, List.of(names), reader);
  }

  /** How the README states a default that is computed at start (e.g. "main port", "cores"). */
  public Option<T> defaultShownAs(String text) {
    return new Option<>(name, defaultValue, text, doc, envAliases, formerNames, reader);
  }

  /** The configured value, else the declared default; an invalid value throws a {@link ConfigException}. */
  public T read(Settings settings) {
    return read(settings, defaultValue);
  }

  /** The configured value, else {@code def}: for defaults that depend on other options (the main port…). */
  public T read(Settings settings, T def) {
    T value = reader.read(settings, name, def, envAliases.toArray(NO_ALIASES));
    // Every former name is looked up even when not needed, so giving it as a flag is never "unknown".
    for (String former : formerNames) {
      T old = reader.read(settings, former, def, NO_ALIASES);
      if (isBlank(value)) {
        value = old;
      }
    }
    return value;
  }

  public String name() {
    return name;
  }

  /** The declared default; {@link #defaultText()} says when the real one is computed at start. */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether a flag, an environment variable or the config file sets this option (or a former name of it). */
  public boolean isSetIn(Settings settings) {
    if (settings.isSet(name, envAliases.toArray(NO_ALIASES))) {
      return true;
    }
    return formerNames.stream().anyMatch(former -> settings.isSet(former));
  }

  public String doc() {
    return doc;
  }

  /** The default as the README's option table states it. */
  public String defaultText() {
    return defaultText;
  }

  public List<String> envAliases() {
    return envAliases;
  }

  public List<String> formerNames() {
    return formerNames;
  }

  /** Every name a user may set this option by: its own, then former ones. */
  public List<String> names() {
    List<String> names = new ArrayList<>(List.of(name));
    names.addAll(formerNames);
    return names;
  }

  @Override
  public String toString() {
    return "--" + name + " (default " + defaultText + "): " + doc;
  }

  private static boolean isBlank(Object value) {
    return value instanceof String text && text.isBlank();
  }
}
