package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A client on one presence stream that keeps every frame it reads, and the join and leave events about
 * its identifier in arrival order.
 */
final class PresencePeer implements AutoCloseable {
  final CableClient client;
  final String label;
  final String identifier;
  final List<JsonObject> frames = new ArrayList<>();
  final List<JsonObject> events = new ArrayList<>();
  /** How long a command's answer may take. */
  static final Duration EVENT = Duration.ofSeconds(5);

  PresencePeer(CableClient client, String label, String identifier) {
    this.client = client;
    this.label = label;
    this.identifier = identifier;
  }

  void subscribe(JsonObject presence) {
    JsonObject command = new JsonObject().put("command", "subscribe").put("identifier", identifier);
    if (presence != null) {
      command.put("presence", presence);
    }
    client.send(command);
    JsonObject reply = await(f -> identifier.equals(f.getString("identifier")) && f.containsKey("type")
        && !"presence".equals(f.getString("type")), EVENT);
    assertEquals(Identifiers.confirmation(identifier), reply, label + ": subscription");
  }

  void join(String pid, JsonObject info) {
    client.send(new JsonObject().put("command", "join").put("identifier", identifier)
        .put("presence", new JsonObject().put("id", pid).put("info", info)));
  }

  void leave() {
    client.send(new JsonObject().put("command", "leave").put("identifier", identifier));
  }

  /** A ping answered by its pong: every command sent before it was handled (the node takes them in turn). */
  void sync() {
    client.send(new JsonObject().put("command", "ping"));
    await(f -> "pong".equals(f.getString("type")), EVENT);
  }

  /** The {@code message} of the {@code presence} answer to a presence command with {@code data}. */
  JsonObject info(Object data) {
    return answer(new JsonObject().put("command", "presence").put("identifier", identifier).put("data", data));
  }

  JsonObject infoWithoutData() {
    return answer(new JsonObject().put("command", "presence").put("identifier", identifier));
  }

  private JsonObject answer(JsonObject command) {
    client.send(command);
    JsonObject answer = await(f -> "presence".equals(f.getString("type"))
        && identifier.equals(f.getString("identifier")) && f.getValue("message") instanceof JsonObject m
        && !"join".equals(m.getString("type")) && !"leave".equals(m.getString("type")), EVENT);
    return answer.getJsonObject("message");
  }

  JsonObject awaitEvent(String type, String pid, Duration timeout) {
    JsonObject frame = await(f -> {
      JsonObject event = event(f);
      return event != null && type.equals(event.getString("type")) && pid.equals(event.getString("id"));
    }, timeout);
    assertNotNull(frame);
    return frame.getJsonObject("message");
  }

  JsonObject await(Predicate<JsonObject> match, Duration timeout) {
    try {
      return client.await(f -> {
        note(f);
        return match.test(f);
      }, timeout);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; frames read: " + frames, e);
    }
  }

  void drain(Duration quiet) {
    client.drain(quiet).forEach(this::note);
  }

  private void note(JsonObject frame) {
    if (!"ping".equals(frame.getString("type"))) {
      frames.add(frame);
    }
    JsonObject event = event(frame);
    if (event != null) {
      events.add(event);
    }
  }

  /** The join or leave event a frame carries for this identifier, else null. */
  private JsonObject event(JsonObject frame) {
    if (!"presence".equals(frame.getString("type")) || !identifier.equals(frame.getString("identifier"))
        || !(frame.getValue("message") instanceof JsonObject message)) {
      return null;
    }
    String type = message.getString("type");
    return "join".equals(type) || "leave".equals(type) ? message : null;
  }

  @Override
  public void close() {
    client.close();
  }
}
