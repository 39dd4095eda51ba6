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
 * received on that stream, or whose offset does not grow within the same epoch). Thread-safe.
 */
final class DeliveryLedger {
  private final Map<String, Set<Integer>> acked = new LinkedHashMap<>();
  private final Map<String, Set<Integer>> refused = new LinkedHashMap<>();
  private final Map<String, Integer> refusedByNode = new TreeMap<>();
  private int posts;

  DeliveryLedger(Collection<String> streams) {
    for (String stream : streams) {
      acked.put(stream, new TreeSet<>());
      refused.put(stream, new TreeSet<>());
    }
  }

  /** One post's outcome: its HTTP status, or -1 when the node did not answer. */
  synchronized void posted(String stream, int seq, String node, int status) {
    posts++;
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

  /** One client's tally. */
  record Tally(long expected, long lost, long duplicated, long outOfOrder, long replayed, long unacked,
               List<String> examples) {
  }

  Tally tally(ResumingClient client) {
    return tally(client.streams(), client.receipts());
  }

  /** The tally of one client following {@code streams} that received {@code receipts}, in arrival order. */
  Tally tally(List<String> streams, List<ResumingClient.Receipt> receipts) {
    long expected = 0;
    long lost = 0;
    long duplicated = 0;
    long outOfOrder = 0;
    long replayed = 0;
    long unacked = 0;
    List<String> examples = new ArrayList<>();
    for (String stream : streams) {
      Set<Integer> ackedHere = acked(stream);
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
                + receipt.offset() + " after " + lastOffset + ", conn " + receipt.connection() + ")");
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
      TreeSet<Integer> missing = new TreeSet<>(ackedHere);
      missing.removeAll(seen);
      lost += missing.size();
      if (!missing.isEmpty()) {
        example(examples, stream + " lost " + (missing.size() > 12 ? missing.size() + " seqs from " + missing.first()
            + " to " + missing.last() : missing));
      }
    }
    return new Tally(expected, lost, duplicated, outOfOrder, replayed, unacked, examples);
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
        if (!got.containsAll(acked(stream))) {
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
