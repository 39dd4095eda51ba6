package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.node.cluster.ResumingClient.Receipt;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fault tests' arithmetic, without a cluster: what counts as lost, duplicated and out of order. */
class DeliveryLedgerTest {
  private final DeliveryLedger ledger = new DeliveryLedger(List.of("a", "b"));

  private void ack(String stream, int... seqs) {
    for (int seq : seqs) {
      ledger.posted(stream, seq, "node1", 201);
    }
  }

  private static Receipt got(String stream, int seq, String epoch, long offset, int connection, boolean replayed) {
    return new Receipt(stream, seq, epoch, offset, connection, replayed);
  }

  @Test
  @DisplayName("Verifies that every acknowledged message received once in order is a clean tally")
  void everyAcknowledgedMessageReceivedOnceInOrderIsClean() {
    ack("a", 0, 1, 2);
    DeliveryLedger.Tally tally = ledger.tally(List.of("a"), List.of(got("a", 0, "e1", 1, 1, false),
        got("a", 1, "e1", 2, 1, false), got("a", 2, "e1", 3, 1, false)));
    assertEquals(new DeliveryLedger.Tally(3, 0, 0, 0, 0, 0, List.of()), tally);
  }

  @Test
  @DisplayName("Verifies that acknowledged but missing seqs are lost, and repeated seqs are duplicates, not reordering")
  void missingSeqsAreLostAndRepeatedSeqsAreDuplicates() {
    ack("a", 0, 1, 2, 3);
    ack("b", 0);
    DeliveryLedger.Tally tally = ledger.tally(List.of("a", "b"), List.of(got("a", 0, "e1", 1, 1, false),
        got("a", 1, "e1", 2, 1, false), got("a", 0, "f1", 1, 2, true), got("a", 1, "f1", 2, 2, true),
        got("a", 3, "f1", 4, 2, false)));
    assertEquals(5, tally.expected());
    assertEquals(2, tally.lost(), "a/2 and b/0");
    assertEquals(2, tally.duplicated());
    assertEquals(0, tally.outOfOrder(), "a new epoch after a reconnect may start lower");
    assertEquals(2, tally.replayed());
  }

  @Test
  @DisplayName("Verifies that a seq below one already received, or an offset not growing in one epoch, is out of order")
  void lowerSeqOrNonGrowingOffsetIsOutOfOrder() {
    ack("a", 0, 1, 2, 3);
    DeliveryLedger.Tally tally = ledger.tally(List.of("a"), List.of(got("a", 1, "e1", 1, 1, false),
        got("a", 0, "e1", 2, 1, false), got("a", 2, "e1", 4, 1, false), got("a", 3, "e1", 3, 1, false)));
    assertEquals(0, tally.lost());
    assertEquals(2, tally.outOfOrder(), "seq 0 after 1, then offset 3 after 4");
  }

  @Test
  @DisplayName("Verifies that a refused post that still arrives is counted as delivered unacknowledged, not lost")
  void refusedPostThatArrivesIsUnacknowledgedNotLost() {
    ack("a", 0);
    ledger.posted("a", 1, "node3", -1);
    DeliveryLedger.Tally tally = ledger.tally(List.of("a"), List.of(got("a", 0, "e1", 1, 1, false),
        got("a", 1, "e1", 2, 1, false)));
    assertEquals(1, tally.expected());
    assertEquals(0, tally.lost());
    assertEquals(1, tally.unacked());
    assertEquals("publisher posts=2 acked=1 refused=1 refused_by={node3(-1)=1}", ledger.publisherLine());
  }

  @Test
  @DisplayName("Verifies that after reject_history only what was posted before the resubscription is excused, as skipped")
  void rejectHistoryExcusesOnlyWhatWasPostedBeforeTheResubscription() {
    for (int seq = 0; seq < 5; seq++) {
      ledger.posted("a", seq, "node1", 201, 100L * seq);
    }
    // Got 0 and 1, lost its socket, resubscribed at 250 and was told reject_history: 2 is excused, 3 is not.
    List<Receipt> receipts = List.of(got("a", 0, "e1", 1, 1, false), got("a", 1, "e1", 2, 1, false),
        got("a", 4, "f1", 1, 2, false));
    DeliveryLedger.Tally tally = ledger.tally(List.of("a"), receipts, java.util.Map.of("a", 250L));
    assertEquals(5, tally.expected());
    assertEquals(1, tally.skipped(), "seq 2, posted before the resubscription");
    assertEquals(1, tally.lost(), "seq 3, posted after it");
    assertEquals(java.util.Set.of(3, 4), ledger.expected("a", 250L));
    assertEquals(2, ledger.tally(List.of("a"), receipts).lost(), "without the reject_history nothing is excused");
  }
}
