package io.cablecluster.rpc;

import java.util.function.LongSupplier;

/**
 * AnyCable-Go's RPC circuit breaker (gobreaker settings): while closed, counts calls in fixed windows; it
 * opens when a window has at least {@code minRequests} calls of which at least {@code failureRatio} failed
 * in transport (unreachable or timed out); after {@code openMillis} it lets {@code probes} calls through
 * and closes once they all succeed, or opens again on the first failure.
 *
 * <p>Not thread-safe: the RPC verticle uses it from its own event loop only.
 */
final class CircuitBreaker {
  enum State { CLOSED, OPEN, HALF_OPEN }

  /** What the breaker decided for one call; pass it back to {@link #record}. */
  record Ticket(long generation) {
  }

  private final LongSupplier clockMillis;
  private final int minRequests;
  private final double failureRatio;
  private final long windowMillis;
  private final long openMillis;
  private final int probes;

  private State state = State.CLOSED;
  private long generation;
  private long periodStart;
  private int requests;
  private int failures;
  private int probesIssued;
  private int probeSuccesses;
  private long openedAt;
  private String lastTripSummary = "";

  CircuitBreaker(LongSupplier clockMillis, int minRequests, double failureRatio, long windowMillis,
                 long openMillis, int probes) {
    this.clockMillis = clockMillis;
    this.minRequests = minRequests;
    this.failureRatio = failureRatio;
    this.windowMillis = windowMillis;
    this.openMillis = openMillis;
    this.probes = probes;
    this.periodStart = clockMillis.getAsLong();
  }

  /** PROTOCOL §d: ≥10 calls in 10 s with ≥80 % transport failures opens it for 5 s, then 5 probes. */
  static CircuitBreaker anyCableDefaults(LongSupplier clockMillis) {
    return new CircuitBreaker(clockMillis, 10, 0.8, 10_000, 5_000, 5);
  }

  /** A ticket when the call may go ahead, or null when the breaker refuses it. */
  Ticket tryAcquire() {
    long now = clockMillis.getAsLong();
    switch (state) {
      case CLOSED -> {
        if (now - periodStart >= windowMillis) {
          newGeneration(now);
        }
        requests++;
        return new Ticket(generation);
      }
      case OPEN -> {
        if (now - openedAt < openMillis) {
          return null;
        }
        state = State.HALF_OPEN;
        newGeneration(now);
        return tryAcquire();
      }
      default -> {
        if (probesIssued >= probes) {
          return null;
        }
        probesIssued++;
        return new Ticket(generation);
      }
    }
  }

  /** Records a call's outcome; returns the state change it caused, or null if none. */
  State record(Ticket ticket, boolean transportFailure) {
    if (ticket.generation() != generation) {
      return null;
    }
    long now = clockMillis.getAsLong();
    if (state == State.HALF_OPEN) {
      if (transportFailure) {
        open(now);
        return State.OPEN;
      }
      if (++probeSuccesses >= probes) {
        state = State.CLOSED;
        newGeneration(now);
        return State.CLOSED;
      }
      return null;
    }
    if (state == State.CLOSED && transportFailure) {
      failures++;
      if (requests >= minRequests && failures >= failureRatio * requests) {
        open(now);
        return State.OPEN;
      }
    }
    return null;
  }

  State state() {
    return state;
  }

  /** "failures of calls" that last opened the breaker (for the log line). */
  String lastTripSummary() {
    return lastTripSummary;
  }

  private void open(long now) {
    lastTripSummary = state == State.HALF_OPEN ? "a probe" : failures + " of " + requests;
    state = State.OPEN;
    openedAt = now;
    newGeneration(now);
  }

  private void newGeneration(long now) {
    generation++;
    periodStart = now;
    requests = 0;
    failures = 0;
    probesIssued = 0;
    probeSuccesses = 0;
  }
}
