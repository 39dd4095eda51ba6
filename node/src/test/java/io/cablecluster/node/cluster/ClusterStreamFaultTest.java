package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster-wide reliable streams under faults, black box (issue 11): three node JVMs with the memory broker,
 * ~30 {@link ResumingClient}s (anycable-client's reconnect-and-resume behaviour) spread over them, each
 * following 2-3 of 8 public streams, and a publisher posting ~40 broadcasts/s round robin through every
 * live node. A node is then SIGKILLed, SIGTERMed, or a fourth joins; every message acknowledged with 201 on a
 * followed stream must reach every follower exactly once and in order, whichever node it ends up on.
 *
 * <p>One cluster serves the whole class (a start costs ~20 s on two cores); the scenarios run in order,
 * each starting from three live nodes (a node stopped by the previous one is restarted first). Each prints
 * a {@link FaultReport}: one line per client group, quoted in the issue.
 *
 * <p>Run: {@code mvn -B -pl node -am verify -Dtest=ClusterStreamFaultTest -Dsurefire.failIfNoSpecifiedTests=false};
 * surefire redirects the reports to
 * {@code node/target/surefire-reports/io.cablecluster.node.cluster.ClusterStreamFaultTest-output.txt}
 * (a failure's message carries its report too). Until every node can serve any stream by position, the
 * scenarios fail with duplicates (history by time instead of position) and reordering (each node numbers
 * broadcasts in its own arrival order): that is the baseline the issue quotes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterStreamFaultTest {
  private static final String[] NODE_ARGS = {"--public", "--broker", "memory", "--history_limit", "2000",
      "--shutdown_timeout", "10"};
  private static final int STREAMS = 8;
  private static final int CLIENTS = 30;
  /** Per stream; with 8 streams, 40 broadcasts/s in all. */
  private static final double RATE = 5.0;
  private static final Duration SUBSCRIBED = Duration.ofSeconds(20);
  /** How long the clients get after the last post to receive everything (a lossy run waits all of it). */
  private static final Duration SETTLE = Duration.ofSeconds(12);
  private static final Duration QUIET = Duration.ofMillis(700);

  @TempDir
  static Path dir;
  private static LocalCluster cluster;
  private static Vertx vertx;
  /** The nodes the publisher posts through and clients reconnect to, as a load balancer would see them. */
  private final List<NodeJvm> live = new CopyOnWriteArrayList<>();
  private final List<ResumingClient> clients = new ArrayList<>();

  @BeforeAll
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  static void startCluster() throws Exception {
    vertx = Vertx.vertx();
    cluster = LocalCluster.start(dir, 3, NODE_ARGS);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      vertx.close();
    }
  }

  /** Three live members: a node the previous scenario killed or stopped is started again first. */
  @BeforeEach
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void threeLiveNodes() throws Exception {
    List<NodeJvm> first = cluster.nodes().subList(0, 3);
    if (!first.stream().allMatch(NodeJvm::alive)) {
      int running = (int) cluster.nodes().stream().filter(NodeJvm::alive).count();
      // The survivors have noticed the loss, so the member count they print next is the rejoin.
      cluster.awaitMembers(running, Duration.ofSeconds(60));
      for (NodeJvm node : first) {
        if (!node.alive()) {
          long start = System.nanoTime();
          node.restart();
          node.awaitHealthy(Duration.ofSeconds(90));
          System.out.println("restarted " + node.name() + " in " + millisSince(start) + " ms");
        }
      }
      cluster.awaitMembers((int) cluster.nodes().stream().filter(NodeJvm::alive).count(), Duration.ofSeconds(60));
    }
    live.addAll(first);
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ResumingClient::close);
  }

  @Test
  @Order(1)
  @DisplayName("Verifies that streams followed on all nodes keep their order when posted through every node")
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void streamsFollowedOnAllNodesKeepOrderWhenPostedThroughEveryNode() throws Exception {
    long start = System.nanoTime();
    List<String> streams = streams("order");
    DeliveryLedger ledger = new DeliveryLedger(streams);
    startClients(streams, i -> false, "");
    // Still 40 broadcasts/s, but each stream's come in bursts of 5 a second: consecutive messages of a
    // stream enter through different nodes a few milliseconds apart, so any race between nodes shows.
    try (PacedPublisher publisher = new PacedPublisher(streams, RATE / 5, 5, 30, () -> List.copyOf(live), ledger)) {
      publisher.awaitDone(Duration.ofSeconds(60));
    }
    settle(ledger);
    FaultReport report = new FaultReport("streamsFollowedOnAllNodesKeepOrderWhenPostedThroughEveryNode", ledger)
        .tally(clients).note("  elapsed " + millisSince(start) + " ms");
    String text = report.print();
    assertEquals(0, ledger.refusedTotal(), "every post accepted without a fault\n" + text);
    assertTrue(report.clean(), text);
  }

  @Test
  @Order(2)
  @DisplayName("Verifies that a SIGKILL of a node loses nothing: its clients resume on the others exactly once, in order")
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void sigkillOfANodeLosesNothing() throws Exception {
    // A crash is not announced: the node leaves the publisher's and the clients' rotation only once dead,
    // so a post under way to it may be acknowledged (and must then be delivered) or fail (and is not).
    faultOfNode3("sigkillOfANodeLosesNothing", "kill", node -> {
      node.kill();
      live.remove(node);
      return "SIGKILL";
    });
  }

  @Test
  @Order(3)
  @DisplayName("Verifies that a SIGTERM of a node loses nothing: its drained clients resume on the others exactly once, in order")
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void sigtermOfANodeLosesNothing() throws Exception {
    // A stop is: out of the load balancer, then SIGTERM (the node drains its clients with reconnect: true).
    faultOfNode3("sigtermOfANodeLosesNothing", "term", node -> {
      live.remove(node);
      return "SIGTERM, exit " + node.terminate(Duration.ofSeconds(40));
    });
  }

  @Test
  @Order(4)
  @DisplayName("Verifies that a fourth node joining while publishing loses nothing, for clients that stay and clients that move to it")
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void aFourthNodeJoiningWhilePublishingLosesNothing() throws Exception {
    long start = System.nanoTime();
    List<String> streams = streams("join");
    DeliveryLedger ledger = new DeliveryLedger(streams);
    IntPredicate movers = i -> i % 5 == 0;
    startClients(streams, movers, "moved-to-node4");
    NodeJvm fourth;
    String joined;
    // Bounded: at most two minutes of posts, stopped a few seconds after the clients moved.
    try (PacedPublisher publisher = publisher(streams, (int) (RATE * 120), ledger)) {
      ledger.awaitPosts(80, deadline(Duration.ofSeconds(30)));
      long joinStart = System.nanoTime();
      fourth = cluster.addNode();
      fourth.awaitHealthy(Duration.ofSeconds(90));
      cluster.awaitMembers(4, Duration.ofSeconds(60));
      joined = "  node4 joined after " + millisSince(joinStart) + " ms, at post " + ledger.posts();
      live.add(fourth);
      for (int i = 0; i < clients.size(); i++) {
        if (movers.test(i)) {
          clients.get(i).moveTo(fourth.port());
        }
      }
      int atMove = ledger.posts();
      ledger.awaitPosts(atMove + (int) (4 * RATE * STREAMS), deadline(Duration.ofSeconds(60)));
    }
    settle(ledger);
    List<ResumingClient> stayers = clients.stream().filter(c -> !c.group().startsWith("moved")).toList();
    FaultReport report = new FaultReport("aFourthNodeJoiningWhilePublishingLosesNothing", ledger).tally(clients)
        .note(joined).note("  elapsed " + millisSince(start) + " ms");
    ledger.streamLines(stayers).forEach(report::note);
    String text = report.print();
    for (int i = 0; i < clients.size(); i++) {
      if (movers.test(i)) {
        assertEquals(fourth.port(), clients.get(i).port(), clients.get(i).label() + " resumed on node4\n" + text);
      }
    }
    assertTrue(report.clean(), text);
  }

  /** A fault applied to node 3 mid-run, taking it out of {@link #live} too; returns how it went, for the report. */
  private interface Fault {
    String apply(NodeJvm node) throws Exception;
  }

  private void faultOfNode3(String scenario, String prefix, Fault fault) throws Exception {
    long start = System.nanoTime();
    List<String> streams = streams(prefix);
    DeliveryLedger ledger = new DeliveryLedger(streams);
    NodeJvm victim = cluster.node(3);
    int perStream = (int) (RATE * 12);
    int victimIndex = cluster.nodes().indexOf(victim);
    startClients(streams, i -> i % 3 == victimIndex, "moved-from-" + victim.name());
    String how;
    int atFault;
    long faultMillis;
    try (PacedPublisher publisher = publisher(streams, perStream, ledger)) {
      ledger.awaitPosts(perStream * STREAMS * 2 / 5, deadline(Duration.ofSeconds(60)));
      atFault = ledger.posts();
      long faultStart = System.nanoTime();
      how = fault.apply(victim);
      faultMillis = millisSince(faultStart);
      publisher.awaitDone(Duration.ofSeconds(60));
    }
    settle(ledger);
    List<ResumingClient> stayers = clients.stream().filter(c -> !c.group().startsWith("moved")).toList();
    FaultReport report = new FaultReport(scenario, ledger).tally(clients)
        .note("  " + victim.name() + " " + how + " at post " + atFault + " of " + perStream * STREAMS
            + " (took " + faultMillis + " ms); elapsed " + millisSince(start) + " ms")
        .note("  per stream, as seen by the clients that never moved (a stream whose numbering restarted had"
            + " its home on " + victim.name() + " or lost it with it):");
    ledger.streamLines(stayers).forEach(report::note);
    String text = report.print();
    for (ResumingClient client : clients) {
      if (client.group().startsWith("moved")) {
        assertTrue(!client.reconnectMillis().isEmpty() && client.port() != victim.port(),
            client.label() + " resumed on another node: " + client.events() + "\n" + text);
      }
    }
    assertTrue(report.clean(), text);
  }

  private static List<String> streams(String prefix) {
    List<String> streams = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      streams.add(prefix + "/" + i);
    }
    return streams;
  }

  /**
   * {@link #CLIENTS} clients, client i on live node i mod 3, following 2 or 3 streams spread so that every
   * stream has followers on every node; the clients matching {@code special} form group {@code specialGroup},
   * the others one group per node. Returns once every subscription and its first history request are answered.
   */
  private void startClients(List<String> streams, IntPredicate special, String specialGroup) throws Exception {
    List<NodeJvm> nodes = List.copyOf(live);
    for (int i = 0; i < CLIENTS; i++) {
      NodeJvm node = nodes.get(i % nodes.size());
      List<String> followed = new ArrayList<>();
      for (int j = 0; j < 2 + i % 2; j++) {
        followed.add(streams.get((i + 3 * j) % streams.size()));
      }
      String group = special.test(i) ? specialGroup : "stayed-on-" + node.name();
      clients.add(new ResumingClient(vertx, "c" + i + "@" + node.name(), group, node.port(), followed,
          () -> live.stream().map(NodeJvm::port).toList()));
    }
    for (ResumingClient client : clients) {
      client.awaitSubscribed(SUBSCRIBED);
    }
  }

  private PacedPublisher publisher(List<String> streams, int perStream, DeliveryLedger ledger) {
    return new PacedPublisher(streams, RATE, perStream, () -> List.copyOf(live), ledger);
  }

  /** Waits, within {@link #SETTLE} in all, for every client to hold every acknowledged message, then for quiet. */
  private void settle(DeliveryLedger ledger) throws InterruptedException {
    long deadline = deadline(SETTLE);
    for (ResumingClient client : clients) {
      client.awaitCaughtUp(ledger::acked, deadline);
    }
    long quietDeadline = deadline(QUIET.multipliedBy(3));
    for (ResumingClient client : clients) {
      client.awaitQuiet(QUIET, quietDeadline);
    }
  }

  private static long deadline(Duration in) {
    return System.nanoTime() + in.toNanos();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
