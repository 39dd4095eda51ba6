package io.cablecluster.node.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the publisher got acknowledged (HTTP 201) per stream and payload {@code seq}, and what it did not
 * (another status or no answer); then, per client, what of it arrived: lost (acknowledged, followed, never
 * received), duplicated (the same seq again), out of order (a first receipt whose seq is below one already
 * received on that stream, or whose offset does not grow within the same epoch). A client told
 * {@code reject_history} for a stream was told it may have missed what was posted before it subscribed
 * again: those seqs count as skipped with notice, not lost; what was posted after still counts. Thread-safe.
 */
final class DeliveryLedger {
  private final Map<String, Set<Integer>> acked = new LinkedHashMap<>();
  private final Map<String, Set<Integer>> refused = new LinkedHashMap<>();
  private final Map<String, Integer> refusedByNode = new TreeMap<>();
  /** Per stream and seq, when its post started ({@link System#nanoTime()}). */
  private final Map<String, Map<Integer, Long>> started = new LinkedHashMap<>();
  private int posts;

  DeliveryLedger(Collection<String> streams) {
    for (String stream : streams) {
      acked.put(stream, new TreeSet<>());
      refused.put(stream, new TreeSet<>());
      started.put(stream, new java.util.HashMap<>());
    }
  }

  /** One post's outcome: its HTTP status, or -1 when the node did not answer. */
  void posted(String stream, int seq, String node, int status) {
    posted(stream, seq, node, status, System.nanoTime());
  }

  /** One post's outcome, with when the post started ({@link System#nanoTime()}). */
  synchronized void posted(String stream, int seq, String node, int status, long startedNanos) {
    posts++;
    started.get(stream).put(seq, startedNanos);
    if (status == 201) {
      acked.get(stream).add(seq);
    } else {
      refused.get(stream).add(seq);
      refusedByNode.merge(node + "(" + status + ")", 1, Integer::sum);
    }
    notifyAll();
  }

  synchronized int posts() {
    return posts;
  }

  /** Waits until {@code count} posts have been answered (or failed). */
  synchronized void awaitPosts(int count, long deadlineNanos) throws InterruptedException {
    while (posts < count) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("only " + posts + " of " + count + " posts answered in time");
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized Set<Integer> acked(String stream) {
    return Set.copyOf(acked.get(stream));
  }

  /**
   * What a client must hold of {@code stream}: every acknowledged seq, less those whose post started before
   * {@code rejectedAt} (when it subscribed again on the connection that got {@code reject_history}; null: never).
   */
  synchronized Set<Integer> expected(String stream, Long rejectedAt) {
    if (rejectedAt == null) {
      return acked(stream);
    }
    Map<Integer, Long> times = started.get(stream);
    Set<Integer> expected = new TreeSet<>();
    for (int seq : acked.get(stream)) {
      if (times.get(seq) - rejectedAt >= 0) {
        expected.add(seq);
      }
    }
    return expected;
  }

  synchronized int ackedTotal() {
    return acked.values().stream().mapToInt(Set::size).sum();
  }

  synchronized int refusedTotal() {
    return refused.values().stream().mapToInt(Set::size).sum();
  }

  /** The publisher's line: posts, acknowledged, refused per node and status. */
  synchronized String publisherLine() {
    return "publisher posts=" + posts + " acked=" + ackedTotal() + " refused=" + refusedTotal()
        + (refusedByNode.isEmpty() ? "" : " refused_by=" + refusedByNode);
  }

  /**
   * One client's tally; {@code skipped}: acknowledged, not received, but posted before the client's
   * resubscription on a connection that was told {@code reject_history} for the stream (not in {@code lost}).
   */
  record Tally(long expected, long lost, long duplicated, long outOfOrder, long replayed, long unacked,
               long skipped, List<String> examples) {
    Tally(long expected, long lost, long duplicated, long outOfOrder, long replayed, long unacked,
          List<String> examples) {
      this(expected, lost, duplicated, outOfOrder, replayed, unacked, 0, examples);
    }
  }

  Tally tally(ResumingClient client) {
    return tally(client.streams(), client.receipts(), client.rejectedAt());
  }

  /** The tally of one client following {@code streams} that received {@code receipts}, in arrival order. */
  Tally tally(List<String> streams, List<ResumingClient.Receipt> receipts) {
    return tally(streams, receipts, Map.of());
  }

  /**
   * The tally of one client that was also told {@code reject_history} for the streams of {@code rejectedAt}
   * (stream: when it had subscribed again on that connection).
   */
  Tally tally(List<String> streams, List<ResumingClient.Receipt> receipts, Map<String, Long> rejectedAt) {
    long expected = 0;
    long lost = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    long replayed = 0;
    long unacked = 0;
    long skipped = 0;
    List<String> examples = new ArrayList<>();
    for (String stream : streams) {
      Set<Integer> ackedHere = acked(stream);
      Set<Integer> mustHave = expected(stream, rejectedAt.get(stream));
      Set<Integer> refusedHere;
      synchronized (this) {
        refusedHere = Set.copyOf(refused.get(stream));
      }
      Set<Integer> seen = new LinkedHashSet<>();
      int maxSeq = -1;
      String lastEpoch = null;
      long lastOffset = -1;
      for (ResumingClient.Receipt receipt : receipts) {
        if (!stream.equals(receipt.stream())) {
          continue;
        }
        if (receipt.replayed()) {
          replayed++;
        }
        if (!seen.add(receipt.seq())) {
          duplicated++;
          example(examples, stream + " dup seq " + receipt.seq() + " (conn " + receipt.connection() + ")");
        } else {
          boolean backwards = receipt.seq() < maxSeq;
          boolean offsetBack = receipt.epoch() != null && receipt.epoch().equals(lastEpoch)
              && receipt.offset() <= lastOffset;
          if (backwards || offsetBack) {
            outOfOrder++;
            example(examples, stream + " seq " + receipt.seq() + " after " + maxSeq + " (offset "
                + receipt.offset() + " after " + lastOffset + ", conn " + receipt.connection()
                + (receipt.replayed() ? ", during a history replay" : "") + ")");
          }
          if (refusedHere.contains(receipt.seq())) {
            unacked++;
          }
        }
        maxSeq = Math.max(maxSeq, receipt.seq());
        lastEpoch = receipt.epoch();
        lastOffset = receipt.offset();
      }
      expected += ackedHere.size();
      TreeSet<Integer> missing = new TreeSet<>(mustHave);
      missing.removeAll(seen);
      lost += missing.size();
      TreeSet<Integer> noticed = new TreeSet<>(ackedHere);
      noticed.removeAll(mustHave);
      noticed.removeAll(seen);
      skipped += noticed.size();
      if (!missing.isEmpty()) {
        example(examples, stream + " lost " + (missing.size() > 12 ? missing.size() + " seqs from " + missing.first()
            + " to " + missing.last() : missing));
      }
    }
    return new Tally(expected, lost, duplicated, outOfOrder, replayed, unacked, skipped, examples);
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < 6) {
      examples.add(text);
    }
  }

  /**
   * Per stream: acked/refused, the distinct epochs seen by all the given clients, the most epochs one of
   * them saw on its connection (more than one: the stream's numbering restarted under a client that never
   * moved, a black-box hint that its home died), and how many of them miss something.
   */
  /** The streams whose messages reached these clients under more than one epoch: their numbering restarted. */
  static Set<String> streamsWithNewEpoch(Collection<ResumingClient> clients) {
    Map<String, Set<String>> epochs = new TreeMap<>();
    for (ResumingClient client : clients) {
      for (ResumingClient.Receipt receipt : client.receipts()) {
        if (receipt.epoch() != null) {
          epochs.computeIfAbsent(receipt.stream(), s -> new TreeSet<>()).add(receipt.epoch());
        }
      }
    }
    Set<String> changed = new TreeSet<>();
    epochs.forEach((stream, seen) -> {
      if (seen.size() > 1) {
        changed.add(stream);
      }
    });
    return changed;
  }

  List<String> streamLines(Collection<ResumingClient> clients) {
    List<String> lines = new ArrayList<>();
    Map<String, Set<String>> epochs = new TreeMap<>();
    Map<String, Integer> mostPerClient = new TreeMap<>();
    Map<String, Integer> losers = new TreeMap<>();
    for (ResumingClient client : clients) {
      List<ResumingClient.Receipt> receipts = client.receipts();
      for (String stream : client.streams()) {
        Set<String> mine = new TreeSet<>();
        Set<Integer> got = new java.util.HashSet<>();
        for (ResumingClient.Receipt receipt : receipts) {
          if (stream.equals(receipt.stream())) {
            got.add(receipt.seq());
            if (receipt.epoch() != null) {
              mine.add(receipt.epoch());
            }
          }
        }
        epochs.computeIfAbsent(stream, s -> new TreeSet<>()).addAll(mine);
        mostPerClient.merge(stream, mine.size(), Math::max);
        if (!got.containsAll(expected(stream, client.rejectedAt().get(stream)))) {
          losers.merge(stream, 1, Integer::sum);
        }
      }
    }
    synchronized (this) {
      for (String stream : acked.keySet()) {
        lines.add("  stream " + stream + " acked=" + acked.get(stream).size() + " refused=" + refused.get(stream).size()
            + " epochs=" + epochs.getOrDefault(stream, Set.of()).size()
            + " max_epochs_one_client=" + mostPerClient.getOrDefault(stream, 0)
            + " clients_missing_some=" + losers.getOrDefault(stream, 0));
      }
    }
    return lines;
  }
}
