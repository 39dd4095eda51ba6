package io.cablecluster.core.status;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.json.JsonDepth;
import io.cablecluster.core.log.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The cluster's status for the {@code /_status} page: asks every member (at most {@link #MAX_MEMBERS}) for its
 * snapshot over the event bus and waits at most the timeout for each; a member that does not answer in time,
 * has no status consumer or answers something unreadable is listed as such. One round is shared by every
 * page request that arrives while it runs or within {@link #REUSE_MS} ms after, so polling pages (or a flood
 * of requests) cost the cluster at most a couple of rounds a second.
 */
public final class StatusAggregator {
  public static final int MAX_MEMBERS = 64;
  /** A snapshot is a few KB; anything far larger is not one of ours. */
  static final int MAX_ANSWER_CHARS = 64 * 1024;
  static final long REUSE_MS = 500;
  private static final Logger LOG = Logger.getLogger(StatusAggregator.class.getName());

  /** Ids of the cluster's members, as their status consumers are addressed. */
  @FunctionalInterface
  public interface Members {
    List<String> ids();

    /** The cluster manager's members when clustered, else this node alone. */
    static Members of(Vertx vertx, String selfId) {
      return vertx.isClustered() ? () -> ((VertxInternal) vertx).clusterManager().getNodes() : () -> List.of(selfId);
    }
  }

  private final Vertx vertx;
  private final NodeStatus self;
  private final Members members;
  private final long timeoutMs;
  private final Counter noAnswer;
  private final RateLimitedLog noAnswerLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private Future<JsonObject> round;
  private long roundAt;

  public StatusAggregator(Vertx vertx, NodeStatus self, Members members, long timeoutMs, Counter noAnswer) {
    this.vertx = vertx;
    this.self = self;
    this.members = members;
    this.timeoutMs = timeoutMs;
    this.noAnswer = noAnswer;
  }

  /** The current round's answer, or a new round when the last one is done and older than {@link #REUSE_MS}. */
  public synchronized Future<JsonObject> cluster() {
    long now = System.nanoTime();
    if (round == null || (round.isComplete() && now - roundAt >= TimeUnit.MILLISECONDS.toNanos(REUSE_MS))) {
      roundAt = now;
      round = ask();
    }
    return round;
  }

  private Future<JsonObject> ask() {
    List<String> ids = new ArrayList<>();
    ids.add(self.nodeId());
    int total = 1;
    for (String id : members.ids()) {
      if (!id.equals(self.nodeId())) {
        total++;
        if (ids.size() < MAX_MEMBERS) {
          ids.add(id);
        }
      }
    }
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String id : ids) {
      answers.add(id.equals(self.nodeId()) ? Future.succeededFuture(self.snapshot().put("self", true).put("answered", true)) : askOne(id));
    }
    int omitted = total - ids.size();
    return Future.all(answers).map(all -> {
      JsonArray list = new JsonArray();
      answers.forEach(answer -> list.add(answer.result()));
      return new JsonObject().put("at", System.currentTimeMillis()).put("self", self.nodeId())
          .put("timeout_ms", timeoutMs).put("members", list).put("members_omitted", omitted);
    });
  }

  private Future<JsonObject> askOne(String id) {
    return vertx.eventBus().<String>request(Addresses.status(id), "{}", new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> answered(id, reply.body()))
        .otherwise(failure -> unanswered(id, reason(failure)));
  }

  /** A member's answer, read within bounds; the id asked wins over whatever the answer says. */
  private JsonObject answered(String id, Object body) {
    if (!(body instanceof String text) || text.length() > MAX_ANSWER_CHARS || !JsonDepth.withinLimit(text)) {
      return unanswered(id, "invalid answer");
    }
    try {
      return new JsonObject(text).put("node", id).put("answered", true);
    } catch (DecodeException | ClassCastException e) {
      return unanswered(id, "invalid answer");
    }
  }

  private JsonObject unanswered(String id, String reason) {
    noAnswer.increment();
    noAnswerLog.log(n -> "status: member " + id + " gave no status (" + reason + "); " + n + " such since the last line");
    return new JsonObject().put("node", id).put("answered", false).put("error", reason);
  }

  private String reason(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case TIMEOUT:
          return "no answer within " + timeoutMs + " ms";
        case NO_HANDLERS:
          return "no status consumer";
        default:
          break;
      }
    }
    String message = String.valueOf(failure.getMessage());
    return "failed: " + (message.length() > 200 ? message.substring(0, 200) : message);
  }
}
