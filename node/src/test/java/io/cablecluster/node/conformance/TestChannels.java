package io.cablecluster.node.conformance;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The channels anyt generates for its scenarios (CONFORMANCE.md §2, §4), plus a few that exercise RPC
 * response fields anyt never uses (cstate, istate deletion, stop_streams on a message, disconnect).
 * Names follow anyt's {@code Anyt::TestChannels::<Feature>Channel} convention.
 */
final class TestChannels {
  private TestChannels() {
  }

  interface Channel {
    default void subscribed(ChannelCall call) {
    }

    default void perform(ChannelCall call, String action, JsonObject data) {
      throw new IllegalArgumentException("unknown action " + action);
    }

    default void unsubscribed(ChannelCall call) {
    }
  }

  static final String PREFIX = "Anyt::TestChannels::";

  /** The identifier Rails JS / anyt send: Ruby {@code {channel: name, **params}.to_json}, keys in that order. */
  static String id(String channel, Object... params) {
    JsonObject identifier = new JsonObject().put("channel", name(channel));
    for (int i = 0; i < params.length; i += 2) {
      identifier.put((String) params[i], params[i + 1]);
    }
    return identifier.encode();
  }

  static String name(String channel) {
    return channel.contains("::") || channel.startsWith("$") ? channel : PREFIX + channel;
  }

  private static Channel streaming(String... streams) {
    return new Channel() {
      @Override
      public void subscribed(ChannelCall call) {
        for (String stream : streams) {
          call.streamFrom(stream);
        }
      }
    };
  }

  private static Channel notifyingOnLeave(String stream, boolean withId) {
    return new Channel() {
      @Override
      public void subscribed(ChannelCall call) {
        call.streamFrom(stream);
      }

      @Override
      public void unsubscribed(ChannelCall call) {
        Object id = call.params.getValue("id");
        call.broadcast(stream, new JsonObject().put("data", "user left" + (withId && id != null ? id : "")));
      }
    };
  }

  static final Map<String, Channel> ALL = Map.ofEntries(
      Map.entry(name("ChannelStateChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.setState("user", new JsonObject().put("name", call.params.getString("name")));
          call.setState("count", 1);
          call.streamFrom("state_counts");
        }

        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          int count = ((Number) call.state("count")).intValue() + 2;
          call.setState("count", count);
          String name = ((JsonObject) call.state("user")).getString("name");
          call.transmit(new JsonObject().put("count", count).put("name", name));
        }

        @Override
        public void unsubscribed(ChannelCall call) {
          if (Boolean.TRUE.equals(call.params.getValue("notify_disconnect"))) {
            String name = ((JsonObject) call.state("user")).getString("name");
            call.broadcast("state_counts", new JsonObject().put("data", "user left: " + name));
          }
        }
      }),
      Map.entry(name("RequestChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          if (!"secret".equals(call.query.get("token"))) {
            call.reject();
          }
        }
      }),
      Map.entry(name("RequestAChannel"), notifyingOnLeave("request_a", false)),
      Map.entry(name("RequestBChannel"), notifyingOnLeave("request_b", false)),
      Map.entry(name("RequestCChannel"), notifyingOnLeave("request_c", true)),
      Map.entry(name("BroadcastDataToStreamChannel"), streaming("a")),
      Map.entry(name("StreamsWithManyClientsChannel"), streaming("a")),
      Map.entry(name("MultipleStreamsChannel"), streaming("a", "b")),
      Map.entry(name("SingleStreamChannel"), streaming("a")),
      Map.entry(name("StopStreamsChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.streamFrom("a");
          call.streamFrom("b");
        }

        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          call.stopStreamFrom(data.getString("name"));
        }
      }),
      Map.entry(name("SubscriptionAknowledgementChannel"), new Channel() { }),
      Map.entry(name("SubscriptionAknowledgementRejectorChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.reject();
        }
      }),
      Map.entry(name("SubscriptionWithParamsChannel"), new Channel() { }),
      Map.entry(name("SubscriptionPerformMethodsChannel"), new Channel() {
        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          switch (action) {
            case "tick" -> call.transmit("tock");
            case "echo" -> call.transmit(new JsonObject().put("response", data.getString("text")));
            default -> Channel.super.perform(call, action, data);
          }
        }
      }),
      Map.entry(name("SubscriptionTransmissionsChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.transmit("hello");
          call.transmit("world");
        }
      }),
      Map.entry(name("BroadcastWithOptionsChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.streamFrom("a");
        }

        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          call.broadcastToOthers("a", new JsonObject().put("content", data.getString("content")));
        }
      }),
      Map.entry(name("WhisperChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.streamFrom("a");
          call.istateDelta.put("$w", "a");
        }
      }),
      // The stream is a parameter so each scenario starts from an empty history on a shared node.
      Map.entry(name("HistoryChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.streamFrom(call.params.getString("stream"));
        }
      }),
      // Beyond anyt: fields a Rails backend can return that the scenarios above never exercise.
      Map.entry(name("ConnectionStateChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.transmit(new JsonObject().put("user", call.connectionState("user")));
        }

        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          switch (action) {
            case "remember" -> call.setConnectionState(data.getString("key"), data.getString("value"));
            case "recall" -> call.transmit(new JsonObject().put(data.getString("key"),
                call.connectionState(data.getString("key"))));
            default -> Channel.super.perform(call, action, data);
          }
        }
      }),
      Map.entry(name("ChannelStateMergeChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.istateDelta.put("keep", "k");
          call.istateDelta.put("drop", "d");
        }

        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          switch (action) {
            case "drop" -> call.istateDelta.put("drop", "");
            case "show" -> call.transmit(new JsonObject().put("keep", call.rawState("keep"))
                .put("drop", call.rawState("drop")));
            default -> Channel.super.perform(call, action, data);
          }
        }
      }),
      Map.entry(name("StopAllStreamsChannel"), new Channel() {
        @Override
        public void subscribed(ChannelCall call) {
          call.streamFrom("a");
          call.streamFrom("b");
        }

        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          call.stopStreams = true;
        }
      }),
      Map.entry(name("KickChannel"), new Channel() {
        @Override
        public void perform(ChannelCall call, String action, JsonObject data) {
          call.transmit("bye");
          call.disconnect = true;
        }
      }));
}
