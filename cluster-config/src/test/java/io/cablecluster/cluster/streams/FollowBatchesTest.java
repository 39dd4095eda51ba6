package io.cablecluster.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.streams.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Follows leave one by one while there is room, and together once the in-flight ones fill it. */
class FollowBatchesTest {
  private final List<String> singles = new ArrayList<>();
  private final List<CompletableFuture<StreamPosition>> singleAnswers = new ArrayList<>();
  private final List<Set<String>> batches = new ArrayList<>();
  private final List<CompletableFuture<Map<String, StreamPosition>>> batchAnswers = new ArrayList<>();
  private final FollowBatches follows = new FollowBatches(2, 3, this::one, this::many);

  private CompletionStage<StreamPosition> one(String stream) {
    singles.add(stream);
    CompletableFuture<StreamPosition> answer = new CompletableFuture<>();
    singleAnswers.add(answer);
    return answer;
  }

  private CompletionStage<Map<String, StreamPosition>> many(Set<String> streams) {
    batches.add(streams);
    CompletableFuture<Map<String, StreamPosition>> answer = new CompletableFuture<>();
    batchAnswers.add(answer);
    return answer;
  }

  private static StreamPosition at(long offset) {
    return new StreamPosition("e", offset);
  }

  @Test
  @DisplayName("Verifies that follows within the in-flight bound leave at once, one operation each")
  void followsWithinTheBoundLeaveAtOnce() {
    CompletableFuture<StreamPosition> a = follows.follow("a").toCompletableFuture();
    CompletableFuture<StreamPosition> b = follows.follow("b").toCompletableFuture();
    assertEquals(List.of("a", "b"), singles);
    singleAnswers.get(0).complete(at(1));
    singleAnswers.get(1).complete(null);
    assertEquals(at(1), a.join());
    assertEquals(null, b.join());
    assertTrue(batches.isEmpty());

    follows.follow("c");
    assertEquals(List.of("a", "b", "c"), singles, "the slots are free again");
  }

  @Test
  @DisplayName("Verifies that follows waiting behind full slots leave together, each answered with its stream's position")
  void waitingFollowsLeaveTogether() {
    follows.follow("a");
    follows.follow("b");
    CompletableFuture<StreamPosition> c = follows.follow("c").toCompletableFuture();
    CompletableFuture<StreamPosition> again = follows.follow("c").toCompletableFuture();
    CompletableFuture<StreamPosition> d = follows.follow("d").toCompletableFuture();
    CompletableFuture<StreamPosition> e = follows.follow("e").toCompletableFuture();
    assertEquals(List.of("a", "b"), singles);

    singleAnswers.get(0).complete(at(1));
    assertEquals(List.of(Set.of("c", "d")), batches, "at most three waiting follows per batch, one key per stream");
    batchAnswers.get(0).complete(Map.of("c", at(5)));
    assertEquals(at(5), c.join());
    assertEquals(at(5), again.join());
    assertEquals(null, d.join(), "a stream without a position is answered with none");
    assertFalse(e.isDone());
    assertEquals(List.of(Set.of("c", "d"), Set.of("e")), batches);
  }

  @Test
  @DisplayName("Verifies that a failed batch fails each of its follows and the next ones still leave")
  void aFailedBatchFailsItsFollowsOnly() {
    follows.follow("a");
    follows.follow("b");
    CompletableFuture<StreamPosition> c = follows.follow("c").toCompletableFuture();
    singleAnswers.get(0).complete(at(1));
    batchAnswers.get(0).completeExceptionally(new IllegalStateException("member left"));
    assertTrue(c.isCompletedExceptionally());

    CompletableFuture<StreamPosition> d = follows.follow("d").toCompletableFuture();
    assertEquals(List.of("a", "b", "d"), singles);
    singleAnswers.get(2).complete(at(2));
    assertEquals(at(2), d.join());
  }
}
