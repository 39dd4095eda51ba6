package io.cablecluster.core.config;

/** An option with a value the node cannot run with; the message names the option and what it accepts. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public static ConfigException invalid(String option, String value, String accepts) {
    return new ConfigException("invalid value '" + value + "' for option --" + option
        + " (env " + Settings.envName(option) + "): expected " + accepts);
  }
}
