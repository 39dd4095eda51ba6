package io.cablecluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final CircuitBreaker breaker = CircuitBreaker.anyCableDefaults(clock::get);

  private void calls(int n, boolean transportFailure) {
    for (int i = 0; i < n; i++) {
      breaker.record(breaker.tryAcquire(), transportFailure);
    }
  }

  @Test
  void opensAtTenCallsWithEightyPercentTransportFailures() {
    calls(2, false);
    calls(7, true);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    calls(1, true);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertNull(breaker.tryAcquire());
  }

  @Test
  void staysClosedBelowEightyPercentOrBelowTenCalls() {
    calls(3, false);
    calls(11, true);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "11 of 14 is below 80 %");
    clock.addAndGet(10_000);
    calls(9, true);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "a new 10 s window starts from zero");
  }

  @Test
  void applicationErrorsDoNotOpenIt() {
    calls(50, false);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
  }

  @Test
  void afterFiveSecondsLetsFiveProbesThroughAndClosesWhenTheySucceed() {
    calls(10, true);
    clock.addAndGet(4_999);
    assertNull(breaker.tryAcquire());
    clock.addAndGet(1);
    CircuitBreaker.Ticket[] probes = new CircuitBreaker.Ticket[5];
    for (int i = 0; i < 5; i++) {
      probes[i] = breaker.tryAcquire();
      assertNotNull(probes[i]);
    }
    assertNull(breaker.tryAcquire(), "only five probes");
    for (CircuitBreaker.Ticket probe : probes) {
      breaker.record(probe, false);
    }
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertNotNull(breaker.tryAcquire());
  }

  @Test
  void aFailedProbeOpensItAgain() {
    calls(10, true);
    clock.addAndGet(5_000);
    breaker.record(breaker.tryAcquire(), true);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertNull(breaker.tryAcquire());
  }
}
