package io.cablecluster.core.log;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per interval for a kind of refused input, whatever the flood: the line says how many were
 * refused since the previous one. The counters say how many in all; this only keeps the log readable.
 * The lines held back go out at FINE, for whoever debugs one connection.
 */
public final class RateLimitedLog {
  private final Logger logger;
  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedLog(Logger logger, long interval, TimeUnit unit) {
    this.logger = logger;
    this.intervalNanos = unit.toNanos(interval);
  }

  /** Logs {@code line.apply(n)} (n: events since the last line, this one included) unless one went out lately. */
  public void log(LongFunction<String> line) {
    long now = System.nanoTime();
    long allowed = nextAllowed.get();
    if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      suppressed.incrementAndGet();
      if (logger.isLoggable(Level.FINE)) {
        logger.fine(line.apply(1));
      }
      return;
    }
    long events = suppressed.getAndSet(0) + 1;
    if (logger.isLoggable(Level.WARNING)) {
      logger.warning(line.apply(events));
    }
  }
}
