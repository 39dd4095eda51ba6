package io.cablecluster.core.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What the roles of one node report for its status snapshot, with the bounds applied here so no contributor
 * can make a snapshot large: the {@link #TOP_STREAMS} streams with most subscribers are kept, each name cut
 * to {@link #MAX_STREAM_NAME} characters. Stream names come from clients, so they are data, never markup.
 */
public final class StatusSnapshot {
  public static final int TOP_STREAMS = 10;
  public static final int MAX_STREAM_NAME = 120;
  private static final Comparator<TopStream> FEWEST_FIRST =
      Comparator.comparingInt(TopStream::subscribers).thenComparing(TopStream::name, Comparator.reverseOrder());

  private final JsonObject json = new JsonObject();
  private final PriorityQueue<TopStream> top = new PriorityQueue<>(FEWEST_FIRST);
  private boolean streamsOffered;

  private record TopStream(String name, int subscribers) {
  }

  /** Client sessions open on this node (clients_num). */
  public void connections(long count) {
    json.put("connections", count);
  }

  /** (session, identifier) pairs joined to a stream on this node, summed over streams. */
  public void subscriptions(long count) {
    json.put("subscriptions", count);
  }

  /** Streams with at least one subscriber on this node. */
  public void streams(long count) {
    streamsOffered = true;
    json.put("streams", count);
  }

  /** Offers one stream and its subscribers on this node; only the top {@link #TOP_STREAMS} are kept. */
  public void stream(String name, int subscribers) {
    streamsOffered = true;
    TopStream candidate = new TopStream(name, subscribers);
    if (top.size() < TOP_STREAMS) {
      top.add(candidate);
    } else if (FEWEST_FIRST.compare(candidate, top.peek()) > 0) {
      top.poll();
      top.add(candidate);
    }
  }

  /**
   * The broadcaster's Redis ingest: whether it is connected, whether it reads streams, and how old the newest
   * stream entry of the last batch was when it was read (null: none read yet, or pub/sub only, which has no
   * position to measure).
   */
  public void redisIngest(boolean connected, boolean streams, Long lagMillis, Long readAtMillis) {
    json.put("redis", new JsonObject().put("connected", connected).put("streams", streams).put("lag_ms", lagMillis)
        .put("read_at", readAtMillis));
  }

  /** The snapshot so far, with the top streams most subscribed first (cut names marked with an ellipsis). */
  JsonObject toJson() {
    if (streamsOffered) {
      List<TopStream> sorted = new ArrayList<>(top);
      sorted.sort(FEWEST_FIRST.reversed());
      JsonArray streams = new JsonArray();
      for (TopStream stream : sorted) {
        streams.add(new JsonObject().put("stream", bounded(stream.name())).put("subscribers", stream.subscribers()));
      }
      json.put("top_streams", streams);
    }
    return json;
  }

  /** Cuts a name to {@link #MAX_STREAM_NAME} characters, never between the halves of a surrogate pair. */
  static String bounded(String name) {
    if (name.length() <= MAX_STREAM_NAME) {
      return name;
    }
    int end = MAX_STREAM_NAME - 1;
    if (Character.isHighSurrogate(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end) + "…";
  }
}
