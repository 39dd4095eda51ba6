package io.cablecluster.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeController;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Disconnect calls: which closed connections get one, at what rate, and how shutdown sends the rest. */
@ExtendWith(VertxExtension.class)
class DisconnectQueueTest {
  private final FakeController controller = new FakeController();
  /** Answers of the calls made so far, completed when the test says the backend answered. */
  private final BlockingQueue<Promise<Void>> answers = new LinkedBlockingQueue<>();

  private static DisconnectRequest request(int i) {
    return new DisconnectRequest("sid-" + i, "{\"uid\":\"" + i + "\"}", SessionHarness.ENV, Map.of(), Map.of());
  }

  private DisconnectQueue queue(Vertx vertx, String mode, int rate) {
    return new DisconnectQueue(vertx, TestConfigs.config("disconnect_mode", mode, "disconnect_rate",
        String.valueOf(rate)), controller);
  }

  private void holdAnswers() {
    controller.onDisconnect(r -> {
      Promise<Void> answer = Promise.promise();
      answers.add(answer);
      return answer.future();
    });
  }

  @Test
  @DisplayName("Verifies that mode never queues nothing, always queues everything and auto only connections with disconnect interest")
  void modesDecideWhoIsQueued(Vertx vertx) {
    DisconnectQueue never = queue(vertx, "never", 100);
    never.connectionClosed(request(1), true);
    assertEquals(0, never.queued());

    DisconnectQueue always = queue(vertx, "always", 100);
    always.connectionClosed(request(1), false);
    assertEquals(1, always.queued());

    DisconnectQueue auto = queue(vertx, "auto", 100);
    auto.connectionClosed(request(1), false);
    assertEquals(0, auto.queued());
    auto.connectionClosed(request(2), true);
    assertEquals(1, auto.queued());
  }

  @Test
  @DisplayName("Verifies that queued calls go out at disconnect_rate per second, in closing order, not all at once")
  void callsGoOutAtTheConfiguredRate(Vertx vertx) {
    DisconnectQueue queue = queue(vertx, "always", 10);
    for (int i = 0; i < 30; i++) {
      queue.connectionClosed(request(i), false);
    }
    queue.start();

    assertEquals("sid-0", Await.next(controller.disconnects).sid());
    long first = System.nanoTime();
    assertTrue(queue.queued() >= 20, "10 per second: only a few calls may have left yet, queued " + queue.queued());
    for (int i = 1; i < 10; i++) {
      assertEquals("sid-" + i, Await.next(controller.disconnects).sid());
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first);
    // Nine more calls at 10/s take ~900 ms; the margin absorbs a busy CI machine.
    assertTrue(elapsedMs >= 600, "nine calls after the first took only " + elapsedMs + " ms");
  }

  @Test
  @DisplayName("Verifies that flush sends everything queued, 16 calls at a time, and completes only when all answered")
  void flushSendsTheRestSixteenAtATime(Vertx vertx) {
    holdAnswers();
    DisconnectQueue queue = queue(vertx, "always", 1);
    for (int i = 0; i < 20; i++) {
      queue.connectionClosed(request(i), true);
    }

    Future<Void> flushed = queue.flush();

    assertEquals(16, controller.disconnects.size(), "sixteen lanes start at once");
    assertEquals(4, queue.queued());
    List<Promise<Void>> firstWave = new ArrayList<>(answers);
    answers.clear();
    firstWave.forEach(Promise::complete);
    assertEquals(20, controller.disconnects.size(), "the lanes that finished took the rest");
    assertFalse(flushed.isComplete(), "four calls still unanswered");
    answers.forEach(Promise::complete);
    Await.result(flushed);
    assertEquals(0, queue.queued());
  }

  @Test
  @DisplayName("Verifies that flush also waits for a call the rate-limited sender already started")
  void flushWaitsForInFlightCalls(Vertx vertx) {
    holdAnswers();
    DisconnectQueue queue = queue(vertx, "always", 10);
    // Ticker and flush share one event loop here, so the tick that started the call has finished when flush runs.
    Context context = vertx.getOrCreateContext();
    Await.run(context, queue::start);
    queue.connectionClosed(request(1), true);
    Promise<Void> inFlight = Await.next(answers);

    Future<Void> flushed = Await.on(context, queue::flush);

    assertFalse(flushed.isComplete());
    inFlight.complete();
    Await.result(flushed);
    assertEquals(1, controller.disconnects.size());
  }

  @Test
  @DisplayName("Verifies that failed Disconnect calls do not fail the flush nor stop the remaining calls")
  void failedCallsDoNotFailTheFlush(Vertx vertx) {
    controller.onDisconnect(r -> Future.failedFuture(new IllegalStateException("backend down")));
    DisconnectQueue queue = queue(vertx, "always", 1);
    for (int i = 0; i < 40; i++) {
      queue.connectionClosed(request(i), true);
    }

    Await.result(queue.flush());
    assertEquals(40, controller.disconnects.size());
  }

  @Test
  @DisplayName("Verifies that calls over disconnect_backlog_size are dropped and counted, and the queue takes new calls again once it drained")
  void callsOverTheBacklogAreDroppedAndCounted(Vertx vertx) {
    AtomicInteger dropped = new AtomicInteger();
    DisconnectQueue queue = new DisconnectQueue(vertx, TestConfigs.config("disconnect_mode", "always",
        "disconnect_backlog_size", "5"), controller, dropped::incrementAndGet);
    for (int i = 0; i < 8; i++) {
      queue.connectionClosed(request(i), true);
    }
    assertEquals(5, queue.queued());
    assertEquals(3, dropped.get());

    Await.result(queue.flush());
    List<String> sent = new ArrayList<>();
    controller.disconnects.forEach(r -> sent.add(r.sid()));
    assertEquals(List.of("sid-0", "sid-1", "sid-2", "sid-3", "sid-4"), sent, "the oldest five were kept");

    queue.connectionClosed(request(9), true);
    assertEquals(1, queue.queued(), "room again after the drain");
    assertEquals(3, dropped.get());
  }

  @Test
  @DisplayName("Verifies that the backlog defaults to AnyCable-Go's 4096")
  void backlogDefaultsToAnyCableGos() {
    assertEquals(4096, TestConfigs.config().disconnectBacklogSize());
  }
}
