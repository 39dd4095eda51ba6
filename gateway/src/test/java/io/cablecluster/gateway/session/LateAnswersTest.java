package io.cablecluster.gateway.session;

import static io.cablecluster.gateway.session.SessionHarness.command;
import static io.cablecluster.gateway.session.SessionHarness.identifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.streams.BroadcastRelay;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.FakeController;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Answers that arrive after their connection closed, and a shutdown racing the disconnect ticker. */
@ExtendWith(VertxExtension.class)
class LateAnswersTest {
  private static final String CHAT = identifier("Chat");

  @Test
  @DisplayName("Verifies that an unsubscribe answered after its session closed does not cut other sessions off the stream")
  void unsubscribeAnsweredAfterCloseLeavesOnce(Vertx vertx) {
    SessionHarness h = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    Await.result(vertx.deployVerticle(new BroadcastRelay(new CableMetrics(Map.of()), c -> { })));
    h.controller.onSubscribe(r -> Future.succeededFuture(FakeController.confirmed(CHAT, "chat/1")));
    Promise<CommandResult> late = Promise.promise();
    h.controller.onUnsubscribe(r -> late.future());
    FakeConnection leaving = new FakeConnection();
    FakeConnection staying = new FakeConnection();
    Session a = h.connect(leaving);
    Session b = h.connect(staying);
    h.send(a, command("subscribe", CHAT));
    h.send(b, command("subscribe", CHAT));
    leaving.awaitFrames(2);
    staying.awaitFrames(2);
    h.send(a, command("unsubscribe", CHAT));
    Await.next(h.controller.unsubscribes);
    Await.run(h.context, a::closed);
    Await.run(h.context, () -> late.complete(CommandResult.NOTHING));
    assertEquals(1, h.hub.size(), "b still holds chat/1");
    vertx.eventBus().publish(Addresses.BROADCAST, Broadcast.of("chat/1", "1").encode());
    assertEquals(Frames.data(CHAT, "1"), staying.awaitFrames(3).get(2));
  }

  @Test
  @DisplayName("Verifies that a subscribe answered after its session closed does not join the stream")
  void subscribeAnsweredAfterCloseDoesNotJoin(Vertx vertx) {
    SessionHarness h = new SessionHarness(vertx, TestConfigs.config(), new NoBroker());
    Promise<CommandResult> late = Promise.promise();
    h.controller.onSubscribe(r -> late.future());
    Session a = h.connect(new FakeConnection());
    h.send(a, command("subscribe", CHAT));
    Await.next(h.controller.subscribes);
    Await.run(h.context, a::closed);
    Await.run(h.context, () -> late.complete(FakeController.confirmed(CHAT, "chat/1")));
    assertEquals(0, h.hub.size(), "a closed session holds no stream");
  }

  @RepeatedTest(3)
  @DisplayName("Verifies that a flush from another thread waits for a call the ticker already started")
  void flushFromAnotherThreadWaitsForInFlightCalls(Vertx vertx) {
    FakeController controller = new FakeController();
    BlockingQueue<Promise<Void>> answers = new LinkedBlockingQueue<>();
    controller.onDisconnect(r -> {
      Promise<Void> answer = Promise.promise();
      answers.add(answer);
      return answer.future();
    });
    DisconnectQueue queue = new DisconnectQueue(vertx, TestConfigs.config("disconnect_mode", "always"), controller);
    queue.start();
    queue.connectionClosed(new DisconnectRequest("sid", "{}", SessionHarness.ENV, Map.of(), Map.of()), true);
    Promise<Void> inFlight = Await.next(answers);
    Future<Void> flushed = queue.flush();
    // An absence has no event: a flush that missed the call would complete within this window.
    assertThrows(TimeoutException.class,
        () -> flushed.toCompletionStage().toCompletableFuture().get(300, TimeUnit.MILLISECONDS));
    inFlight.complete();
    Await.result(flushed);
  }
}
