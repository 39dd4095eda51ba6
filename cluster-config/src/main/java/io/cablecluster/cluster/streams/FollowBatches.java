package io.cablecluster.cluster.streams;

import io.cablecluster.core.streams.StreamPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Follows on their way to the streams' homes: a few go out one by one as they come; while those are in
 * flight, the next ones wait and leave together as one operation per member (Hazelcast's
 * {@code submitToKeys}). A quiet node pays no extra latency; a node that subscribes to thousands of new
 * streams a second pays one round per batch instead of one per stream.
 */
final class FollowBatches {
  private final int maxInFlight;
  private final int maxBatch;
  private final Function<String, CompletionStage<StreamPosition>> one;
  private final Function<Set<String>, CompletionStage<Map<String, StreamPosition>>> many;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  private record Pending(String stream, CompletableFuture<StreamPosition> answer) {
  }

  FollowBatches(int maxInFlight, int maxBatch, Function<String, CompletionStage<StreamPosition>> one,
                Function<Set<String>, CompletionStage<Map<String, StreamPosition>>> many) {
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
    this.one = one;
    this.many = many;
  }

  CompletionStage<StreamPosition> follow(String stream) {
    CompletableFuture<StreamPosition> answer = new CompletableFuture<>();
    synchronized (this) {
      if (inFlight >= maxInFlight) {
        waiting.addLast(new Pending(stream, answer));
        return answer;
      }
      inFlight++;
    }
    one.apply(stream).whenComplete((position, failure) -> {
      complete(answer, position, failure);
      next();
    });
    return answer;
  }

  /** An operation finished: the waiting follows leave together, or the slot is free again. */
  private void next() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && batch.size() < maxBatch) {
        batch.add(waiting.pollFirst());
      }
      if (batch.isEmpty()) {
        inFlight--;
        return;
      }
    }
    Set<String> streams = new LinkedHashSet<>();
    batch.forEach(pending -> streams.add(pending.stream()));
    CompletionStage<Map<String, StreamPosition>> sent;
    try {
      sent = many.apply(streams);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((positions, failure) -> {
      for (Pending pending : batch) {
        complete(pending.answer(), positions == null ? null : positions.get(pending.stream()), failure);
      }
      next();
    });
  }

  private static void complete(CompletableFuture<StreamPosition> answer, StreamPosition position, Throwable failure) {
    if (failure != null) {
      answer.completeExceptionally(failure);
    } else {
      answer.complete(position);
    }
  }
}
