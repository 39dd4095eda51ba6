package io.cablecluster.gateway.channels;

import io.cablecluster.core.json.JsonDepth;
import io.cablecluster.gateway.config.GatewayConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Channels the server answers itself, without RPC: {@code $pubsub} (signed or public streams), and
 * {@code Turbo::StreamsChannel} / {@code CableReady::Stream} when enabled.
 */
public final class LocalChannels {
  private static final String TURBO = "Turbo::StreamsChannel";
  private static final String CABLE_READY = "CableReady::Stream";
  private final GatewayConfig config;

  /** {@code stream} null means "reject"; {@code whisperStream} is the stream whispers go to, if allowed. */
  public record Resolution(String stream, String whisperStream, String presenceStream) {
    public boolean rejected() {
      return stream == null;
    }
  }

  public LocalChannels(GatewayConfig config) {
    this.config = config;
  }

  /** The resolution for a local channel's identifier, or null when the channel goes to RPC. */
  public Resolution resolve(String identifier) {
    // Identifiers normally arrive inside a frame already checked, but this decodes them again on its own.
    if (!JsonDepth.withinLimit(identifier)) {
      return null;
    }
    JsonObject params;
    try {
      params = new JsonObject(identifier);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
    if (!(params.getValue("channel") instanceof String channel)) {
      return null;
    }
    if (channel.equals(config.pubsubChannel())) {
      return pubsub(params);
    }
    if (TURBO.equals(channel) && config.turboSecret() != null) {
      return signed(params.getValue("signed_stream_name"), config.turboSecret());
    }
    if (CABLE_READY.equals(channel) && config.cableReadySecret() != null) {
      return signed(params.getValue("identifier"), config.cableReadySecret());
    }
    return null;
  }

  private Resolution pubsub(JsonObject params) {
    if (params.getValue("signed_stream_name") instanceof String signed) {
      return signed(signed, config.streamsSecret());
    }
    if (params.getValue("stream_name") instanceof String name && !name.isEmpty() && config.publicStreams()) {
      return new Resolution(name, name, name);
    }
    return new Resolution(null, null, null);
  }

  private Resolution signed(Object signed, String key) {
    String stream = signed instanceof String s ? SignedStreams.verify(s, key) : null;
    return new Resolution(stream, stream != null && config.streamsWhisper() ? stream : null,
        stream != null && config.streamsPresence() ? stream : null);
  }
}
