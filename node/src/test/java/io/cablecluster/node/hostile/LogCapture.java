package io.cablecluster.node.hostile;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the in-process node logs (java.util.logging, as the node and Vert.x use) while it is open, so
 * a hostile test can assert that one rejected input costs at most one short line and never a stack trace.
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger root = Logger.getLogger("");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LogCapture() {
    setLevel(Level.ALL);
    root.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.INFO.intValue()) {
      records.add(record);
    }
  }

  /** Lines at INFO or above logged so far. */
  List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** A readable summary for assertion messages. */
  String describe() {
    StringBuilder text = new StringBuilder();
    for (LogRecord record : records) {
      text.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
          .append(record.getMessage()).append(record.getThrown() == null ? "" : " [" + record.getThrown() + "]")
          .append('\n');
    }
    return text.toString();
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
