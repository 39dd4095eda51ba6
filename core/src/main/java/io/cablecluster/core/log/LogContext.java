package io.cablecluster.core.log;

import java.security.SecureRandom;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Structured log lines: a message plus context fields (AnyCable-Go's names: {@code nodeid}, {@code context},
 * {@code sid}, {@code identifier}, {@code stream}, …). The fields travel as the record's only parameter,
 * a {@link Fields}; {@link JsonLogFormatter} writes them as JSON members, {@link TextLogFormatter} as
 * {@code key=value} after the message. Callers guard with {@code logger.isLoggable(level)} first, so a
 * line that is off costs no allocation.
 */
public final class LogContext {
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  /**
   * This node's name in log lines, as AnyCable-Go's {@code nodeid}: generated at each start (AnyCable-Go's
   * default too), so the lines of one process can be told apart in a cluster's merged logs.
   */
  private static final String NODE_ID = generateNodeId();

  private LogContext() {
  }

  /** The context fields of one record, as alternating keys and values. */
  public record Fields(Object[] keyValues) {
    public int size() {
      return keyValues.length / 2;
    }

    public String key(int i) {
      return String.valueOf(keyValues[2 * i]);
    }

    public Object value(int i) {
      return keyValues[2 * i + 1];
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      TextLogFormatter.appendFields(text, this);
      return text.toString().trim();
    }
  }

  public static String nodeId() {
    return NODE_ID;
  }

  /**
   * Logs {@code message} with the fields ({@code key, value, key, value, …}) and this node's id; the
   * caller has checked {@code logger.isLoggable(level)}. Values must never be credentials: a sid goes
   * through {@link SidTag} first.
   */
  public static void log(Logger logger, Level level, String message, Object... keyValues) {
    Object[] all = new Object[keyValues.length + 2];
    all[0] = "nodeid";
    all[1] = NODE_ID;
    System.arraycopy(keyValues, 0, all, 2, keyValues.length);
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(logger.getName());
    record.setParameters(new Object[] {new Fields(all)});
    logger.log(record);
  }

  /** The fields a record carries, or null for a plain record. */
  public static Fields fieldsOf(LogRecord record) {
    Object[] parameters = record.getParameters();
    return parameters != null && parameters.length == 1 && parameters[0] instanceof Fields fields ? fields : null;
  }

  private static String generateNodeId() {
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder("cc-");
    for (int i = 0; i < 8; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
