package io.cablecluster.node.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line per client group (e.g. the clients of the killed node, the clients that stayed): deliveries
 * expected, lost, duplicated, out of order, {@code reject_history} answers, reconnections and the slowest
 * one (from the close to the last history answer), and clients still resuming at the end; for clients that
 * restore their session, restored and not restored welcomes; for clients told {@code reject_history}, what
 * they skipped with that notice. Printed to stdout so a run's figures can be quoted; {@link #clean()} is what
 * the scenarios assert.
 */
final class FaultReport {
  /** One group's sums. */
  record Row(String group, int clients, long expected, long lost, long duplicated, long outOfOrder,
             long rejectHistory, long rejectSubscription, int reconnects, long maxReconnectMillis,
             int disconnectFrames, int stuck, long replayed, long unackedDelivered, boolean restoreMode,
             int restored, int notRestored, long skippedWithNotice, List<String> examples) {
    boolean clean() {
      return rejectHistory == 0 && cleanButForRejectedHistory();
    }

    /**
     * Nothing lost without notice: every acknowledged message arrived once and in order, except what was
     * posted before a resubscription that was told {@code reject_history} for its stream.
     */
    boolean cleanButForRejectedHistory() {
      return lost == 0 && duplicated == 0 && outOfOrder == 0 && rejectSubscription == 0 && stuck == 0;
    }

    String line() {
      return String.format(java.util.Locale.ROOT,
          "%-22s clients=%d expected=%d lost=%d dup=%d out_of_order=%d reject_history=%d reconnects=%d"
              + " max_reconnect_ms=%d stuck=%d replayed=%d disconnect_frames=%d unacked_delivered=%d%s",
          group, clients, expected, lost, duplicated, outOfOrder, rejectHistory, reconnects, maxReconnectMillis,
          stuck, replayed, disconnectFrames, unackedDelivered,
          rejectSubscription == 0 ? "" : " reject_subscription=" + rejectSubscription)
          + (restoreMode ? " restored=" + restored + " not_restored=" + notRestored : "")
          + (rejectHistory == 0 && skippedWithNotice == 0 ? "" : " skipped_after_reject_history=" + skippedWithNotice);
    }
  }

  private final String scenario;
  private final DeliveryLedger ledger;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean rejectedHistoryAllowed;

  FaultReport(String scenario, DeliveryLedger ledger) {
    this.scenario = scenario;
    this.ledger = ledger;
  }

  /** Tallies every client of each group (groups in first-seen order). */
  FaultReport tally(Collection<ResumingClient> clients) {
    Map<String, List<ResumingClient>> groups = new LinkedHashMap<>();
    clients.forEach(c -> groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c));
    groups.forEach(this::row);
    return this;
  }

  private void row(String group, List<ResumingClient> members) {
    long expected = 0;
    long lost = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    long rejectHistory = 0;
    long rejectSubscription = 0;
    int reconnects = 0;
    long maxReconnect = 0;
    int disconnects = 0;
    int stuck = 0;
    long replayed = 0;
    long unacked = 0;
    boolean restoreMode = false;
    int restored = 0;
    int notRestored = 0;
    long skipped = 0;
    List<String> examples = new ArrayList<>();
    for (ResumingClient client : members) {
      DeliveryLedger.Tally tally = ledger.tally(client);
      expected += tally.expected();
      lost += tally.lost();
      duplicated += tally.duplicated();
      outOfOrder += tally.outOfOrder();
      replayed += tally.replayed();
      unacked += tally.unacked();
      skipped += tally.skipped();
      restoreMode |= client.restoreSession();
      restored += client.restored();
      notRestored += client.notRestored();
      rejectHistory += client.rejectHistory();
      rejectSubscription += client.rejectSubscription();
      List<Long> times = client.reconnectMillis();
      reconnects += times.size();
      maxReconnect = Math.max(maxReconnect, times.stream().mapToLong(Long::longValue).max().orElse(0));
      disconnects += client.disconnectFrames();
      if (client.resuming()) {
        stuck++;
        examples.add(client.label() + " still resuming: " + client.events());
      }
      if (examples.size() < 8) {
        tally.examples().forEach(e -> examples.add(client.label() + ": " + e));
        if (tally.lost() + tally.duplicated() + tally.outOfOrder() > 0) {
          examples.add(client.label() + " events: " + client.events());
        }
      }
    }
    rows.add(new Row(group, members.size(), expected, lost, duplicated, outOfOrder, rejectHistory,
        rejectSubscription, reconnects, maxReconnect, disconnects, stuck, replayed, unacked, restoreMode, restored,
        notRestored, skipped, examples.subList(0, Math.min(examples.size(), 8))));
  }

  FaultReport note(String line) {
    notes.add(line);
    return this;
  }

  List<Row> rows() {
    return rows;
  }

  /**
   * From now on {@code reject_history} is an honest answer, not a fault (history lost with both its copies):
   * {@link #clean()} then asks only that nothing was lost without it.
   */
  FaultReport allowingRejectedHistory() {
    rejectedHistoryAllowed = true;
    return this;
  }

  boolean clean() {
    return rows.stream().allMatch(rejectedHistoryAllowed ? Row::cleanButForRejectedHistory : Row::clean);
  }

  /** The report: scenario, publisher line, one line per group, notes; then examples of what went wrong. */
  String text() {
    StringBuilder out = new StringBuilder("FAULT REPORT " + scenario + (clean() ? " (clean)" : " (NOT clean)") + "\n");
    out.append("  ").append(ledger.publisherLine()).append('\n');
    rows.forEach(r -> out.append("  ").append(r.line()).append('\n'));
    notes.forEach(n -> out.append(n).append('\n'));
    for (Row row : rows) {
      row.examples().forEach(e -> out.append("    e.g. [").append(row.group()).append("] ").append(e).append('\n'));
    }
    return out.toString();
  }

  /** Prints the report and returns it (for the assertion message). */
  String print() {
    String text = text();
    System.out.print(text);
    System.out.flush();
    return text;
  }
}
