package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence across a cluster, black box: three node JVMs ({@code --public --broker memory}, presence kept at
 * each stream's home) with a short {@code presence_ttl}, clients on public {@code $pubsub} streams joining,
 * leaving, moving between nodes, and a node SIGKILLed under its members. One cluster serves the class; the
 * scenario that kills node 3 runs last. Each scenario uses its own stream.
 *
 * <p>Run: {@code mvn -B -pl node -am verify -Dtest=ClusterPresenceTest -Dsurefire.failIfNoSpecifiedTests=false};
 * the measured figures (leave delay after a SIGKILL, move time) are printed to
 * {@code node/target/surefire-reports/io.cablecluster.node.cluster.ClusterPresenceTest-output.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPresenceTest {
  private static final int TTL_SECONDS = 3;
  private static final Duration TTL = Duration.ofSeconds(TTL_SECONDS);
  private static final Duration EVENT = PresencePeer.EVENT;
  /** After a node's death: the TTL, the home's sweep (1 s), the cluster noticing the loss. */
  private static final Duration LEAVE_AFTER_KILL = TTL.plusSeconds(6);
  private static final Duration QUIET = Duration.ofMillis(700);
  /** Streams of the SIGKILL scenario. */
  private static final int KILL_ROOMS = 8;

  @TempDir
  static Path dir;
  private static LocalCluster cluster;
  private final List<PresencePeer> peers = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  static void startCluster() throws Exception {
    long start = System.nanoTime();
    cluster = LocalCluster.start(dir, 3, "--public", "--broker", "memory", "--presence_ttl",
        Integer.toString(TTL_SECONDS));
    System.out.println("PRESENCE cluster of 3 started in " + millisSince(start) + " ms");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void closePeers() {
    peers.forEach(PresencePeer::close);
  }

  @Test
  @Order(1)
  @DisplayName("Verifies that joins are seen once per id on every node and every node answers the same presence")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void joinsAreSeenOnEveryNodeAndTotalsMatch() {
    String id = Identifiers.pubsub("presence/seen-everywhere");
    PresencePeer one = peer(1, "alice@node1", id);
    PresencePeer two = peer(2, "bob@node2", id);
    PresencePeer three = peer(3, "alice-again@node3", id);
    JsonObject alice = new JsonObject().put("name", "Alice");
    JsonObject bob = new JsonObject().put("name", "Bob");

    one.join("alice", alice);
    for (PresencePeer peer : peers) {
      peer.awaitEvent("join", "alice", EVENT);
    }
    // A second session of alice, on another node: no event. Synced before bob joins, so a wrong second join
    // would be published (and ordered at the stream's home) before bob's.
    three.join("alice", alice);
    three.sync();
    two.join("bob", bob);
    for (PresencePeer peer : peers) {
      peer.awaitEvent("join", "bob", EVENT);
    }
    settle();

    List<JsonObject> expected = List.of(joinEvent("alice", alice), joinEvent("bob", bob));
    for (PresencePeer peer : peers) {
      assertEquals(expected, peer.events, peer.label + ": the join events, one per id");
    }
    JsonArray records = new JsonArray().add(record("alice", alice)).add(record("bob", bob));
    for (PresencePeer peer : peers) {
      JsonObject info = peer.info(new JsonObject().put("return_records", true));
      assertEquals(new JsonObject().put("type", "info").put("total", 2).put("records", records), info,
          peer.label + ": presence on its node");
    }
  }

  @Test
  @Order(2)
  @DisplayName("Verifies that a leave command and the unsubscribe of an id's last session are announced at once")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void explicitLeaveAndUnsubscribeAreAnnouncedAtOnce() {
    String id = Identifiers.pubsub("presence/explicit");
    PresencePeer observer = peer(1, "observer@node1", id);
    PresencePeer leaver = peer(2, "leaver@node2", id);
    PresencePeer quitterA = peer(2, "quitter-a@node2", id);
    PresencePeer quitterB = peer(3, "quitter-b@node3", id);

    leaver.join("leaver", new JsonObject().put("name", "L"));
    observer.awaitEvent("join", "leaver", EVENT);
    long start = System.nanoTime();
    leaver.leave();
    observer.awaitEvent("leave", "leaver", EVENT);
    long leaveMillis = millisSince(start);

    quitterA.join("quitter", new JsonObject().put("name", "Q"));
    observer.awaitEvent("join", "quitter", EVENT);
    quitterB.join("quitter", new JsonObject().put("name", "Q"));
    quitterB.sync();
    // Not the last session of the id: nothing announced (a wrong leave would come before the next event).
    quitterA.client.unsubscribe(id);
    quitterA.sync();
    start = System.nanoTime();
    quitterB.client.unsubscribe(id);
    observer.awaitEvent("leave", "quitter", EVENT);
    long unsubscribeMillis = millisSince(start);
    settle();

    System.out.printf("PRESENCE leave event %d ms after the leave command, %d ms after the last unsubscribe"
        + " (presence_ttl %d s)%n", leaveMillis, unsubscribeMillis, TTL_SECONDS);
    assertEquals(List.of(joinEvent("leaver", new JsonObject().put("name", "L")), leaveEvent("leaver"),
        joinEvent("quitter", new JsonObject().put("name", "Q")), leaveEvent("quitter")), observer.events);
    assertTrue(leaveMillis < TTL.toMillis() && unsubscribeMillis < TTL.toMillis(),
        "announced at once, not by the lease's expiry");
    assertEquals(0, observer.info(new JsonObject().put("return_records", true)).getInteger("total"));
  }

  @Test
  @Order(3)
  @DisplayName("Verifies that bad presence input is refused or ignored and the node keeps serving")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void badInputIsRefusedOrIgnored() {
    String id = Identifiers.pubsub("presence/bad-input");
    String notSubscribed = Identifiers.pubsub("presence/not-subscribed");
    PresencePeer observer = peer(2, "observer@node2", id);
    PresencePeer big = peer(1, "big@node1", id);
    PresencePeer noId = peer(3, "no-id@node3", id);

    // Info over presence_max_info_bytes (4096): refused, no event; the same session joins fine afterwards.
    big.join("big", new JsonObject().put("name", "x".repeat(5000)));
    big.sync();
    // A join without an id, with an id that is neither string nor number, without presence: ignored.
    noId.client.send(new JsonObject().put("command", "join").put("identifier", id)
        .put("presence", new JsonObject().put("info", new JsonObject().put("name", "nobody"))));
    noId.client.send(new JsonObject().put("command", "join").put("identifier", id)
        .put("presence", new JsonObject().put("id", new JsonObject().put("a", 1))));
    noId.client.send(new JsonObject().put("command", "join").put("identifier", id));
    noId.sync();
    // Presence (and join) on an identifier this connection did not subscribe: ignored, no answer.
    noId.client.send(new JsonObject().put("command", "presence").put("identifier", notSubscribed)
        .put("data", new JsonObject().put("return_records", true)));
    noId.client.send(new JsonObject().put("command", "join").put("identifier", notSubscribed)
        .put("presence", new JsonObject().put("id", "ghost")));
    noId.sync();
    assertTrue(noId.frames.stream().noneMatch(f -> notSubscribed.equals(f.getString("identifier"))),
        "nothing answered about an identifier not subscribed: " + noId.frames);

    JsonObject small = new JsonObject().put("name", "small");
    big.join("big", small);
    // In turn: two nodes' joins race to the home, and their events need not leave in the same order.
    big.sync();
    noId.join("proper", new JsonObject().put("name", "P"));
    observer.awaitEvent("join", "proper", EVENT);
    settle();
    assertEquals(List.of(joinEvent("big", small), joinEvent("proper", new JsonObject().put("name", "P"))),
        observer.events, "only the valid joins announced");

    JsonObject withRecords = observer.info(new JsonObject().put("return_records", true));
    assertEquals(2, withRecords.getInteger("total"), withRecords.encode());
    assertEquals(new JsonArray().add(record("big", small)).add(record("proper", new JsonObject().put("name", "P"))),
        withRecords.getJsonArray("records"));
    for (Object data : new Object[] {"not an object", new JsonArray().add(1), 7, false}) {
      JsonObject info = observer.info(data);
      assertEquals(new JsonObject().put("type", "info").put("total", 2), info, "presence with data " + data);
    }
    JsonObject noData = observer.infoWithoutData();
    assertEquals(new JsonObject().put("type", "info").put("total", 2), noData, "presence without data");
  }

  @Test
  @Order(4)
  @DisplayName("Verifies that a client moving to another node within the TTL causes no leave and no second join")
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void aClientThatFailsOverWithinTheTtlDoesNotFlicker() {
    String id = Identifiers.pubsub("presence/mover");
    JsonObject info = new JsonObject().put("name", "Mover");
    PresencePeer one = peer(1, "observer@node1", id);
    PresencePeer three = peer(3, "observer@node3", id);
    PresencePeer mover = peer(2, "mover@node2", id);
    mover.join("mover", info);
    one.awaitEvent("join", "mover", EVENT);
    three.awaitEvent("join", "mover", EVENT);
    // The sentinel joins after the mover on the same node and closes after it: its lease ends no earlier
    // than the mover's old one, so its leave marks the moment the mover's old session has expired.
    PresencePeer sentinel = peer(2, "sentinel@node2", id);
    sentinel.join("sentinel", new JsonObject().put("name", "S"));
    one.awaitEvent("join", "sentinel", EVENT);
    three.awaitEvent("join", "sentinel", EVENT);

    long closed = System.nanoTime();
    mover.client.close();
    sentinel.client.close();
    PresencePeer moved = peer(1, "mover@node1", id, new JsonObject().put("id", "mover").put("info", info));
    moved.sync();
    long moveMillis = millisSince(closed);

    for (PresencePeer observer : List.of(one, three)) {
      observer.awaitEvent("leave", "sentinel", TTL.plusSeconds(5));
    }
    long sentinelLeftMillis = millisSince(closed);
    // The rest of the presence_ttl + 2 s window after the close: nothing may arrive about the mover.
    Duration rest = TTL.plusSeconds(2).minusMillis(millisSince(closed));
    if (!rest.isNegative()) {
      one.drain(rest);
    }
    settle();
    System.out.printf("PRESENCE mover rejoined on node1 %d ms after closing on node2; sentinel's leave %d ms"
        + " after the close; observed for %d ms (presence_ttl %d s)%n", moveMillis, sentinelLeftMillis,
        millisSince(closed), TTL_SECONDS);
    assertTrue(moveMillis < TTL.toMillis(), "moved within the TTL (" + moveMillis + " ms)");
    for (PresencePeer observer : List.of(one, three)) {
      assertEquals(List.of(joinEvent("mover", info), joinEvent("sentinel", new JsonObject().put("name", "S")),
          leaveEvent("sentinel")), observer.events, observer.label + ": no leave and no second join of the mover");
    }
    for (PresencePeer observer : List.of(one, three, moved)) {
      assertEquals(new JsonObject().put("type", "info").put("total", 1)
              .put("records", new JsonArray().add(record("mover", info))),
          observer.info(new JsonObject().put("return_records", true)), observer.label + ": presence after the move");
    }
  }

  @Test
  @Order(5)
  @DisplayName("Verifies that the members of a SIGKILLed node leave within the TTL")
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void membersOfAKilledNodeLeaveWithinTheTtl() {
    // Several streams, so that some (all but surely) have their home on node 3 and their presence lives on
    // in the backup: each home is one of three members, (2/3)^8 = 4% of runs have none on node 3.
    JsonObject witness = new JsonObject().put("name", "W");
    List<PresencePeer> witnesses = new ArrayList<>();
    List<PresencePeer> observers = new ArrayList<>();
    for (int room = 0; room < KILL_ROOMS; room++) {
      String id = Identifiers.pubsub("presence/doomed/" + room);
      witnesses.add(peer(1, "witness@node1 room " + room, id));
      observers.add(peer(2, "observer@node2 room " + room, id));
      witnesses.get(room).join("witness", witness);
      observers.get(room).awaitEvent("join", "witness", EVENT);
      // This one joins with its subscribe.
      peer(3, "doomed@node3 room " + room, id, new JsonObject().put("id", "doomed").put("info", new JsonObject()));
      witnesses.get(room).awaitEvent("join", "doomed", EVENT);
      observers.get(room).awaitEvent("join", "doomed", EVENT);
      assertEquals(2, witnesses.get(room).info(new JsonObject()).getInteger("total"));
    }

    NodeJvm victim = cluster.node(3);
    long killed = System.nanoTime();
    victim.kill();
    long killMillis = millisSince(killed);
    long first = Long.MAX_VALUE;
    long last = 0;
    for (PresencePeer observer : concat(witnesses, observers)) {
      observer.awaitEvent("leave", "doomed", LEAVE_AFTER_KILL.minusMillis(millisSince(killed)));
      long delay = millisSince(killed);
      first = Math.min(first, delay);
      last = Math.max(last, delay);
    }
    System.out.printf("PRESENCE leave of a SIGKILLed node's member on %d streams, seen on nodes 1 and 2: first"
        + " after %d ms, all within %d ms (kill took %d ms; presence_ttl %d s)%n", KILL_ROOMS, first, last,
        killMillis, TTL_SECONDS);
    JsonObject remaining = new JsonObject().put("type", "info").put("total", 1)
        .put("records", new JsonArray().add(record("witness", witness)));
    for (PresencePeer observer : concat(witnesses, observers)) {
      assertEquals(remaining, observer.info(new JsonObject().put("return_records", true)),
          observer.label + ": presence after the kill");
      assertTrue(observer.events.stream().noneMatch(e -> "leave".equals(e.getString("type"))
          && "witness".equals(e.getString("id"))), observer.label + ": the witness stays: " + observer.events);
    }
  }

  private static List<PresencePeer> concat(List<PresencePeer> a, List<PresencePeer> b) {
    List<PresencePeer> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private PresencePeer peer(int node, String label, String identifier) {
    return peer(node, label, identifier, null);
  }

  /** A client of node {@code node} subscribed to {@code identifier}, joining with the subscribe if asked. */
  private PresencePeer peer(int node, String label, String identifier, JsonObject presence) {
    PresencePeer peer = new PresencePeer(cluster.client(cluster.node(node), label), label, identifier);
    peers.add(peer);
    peer.subscribe(presence);
    return peer;
  }

  /** Every open peer reads what is still on its way, until quiet. */
  private void settle() {
    for (PresencePeer peer : peers) {
      if (!peer.client.isClosed()) {
        peer.drain(QUIET);
      }
    }
  }

  private static JsonObject joinEvent(String id, JsonObject info) {
    return new JsonObject().put("type", "join").put("id", id).put("info", info);
  }

  private static JsonObject leaveEvent(String id) {
    return new JsonObject().put("type", "leave").put("id", id);
  }

  private static JsonObject record(String id, JsonObject info) {
    return new JsonObject().put("id", id).put("info", info);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
