package io.cablecluster.gateway.channels;

import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.ForwardingController;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions to the channels the server answers itself ($pubsub, Turbo, CableReady): confirmed or
 * rejected here, without the backend; every other identifier, and every {@code message}, goes on.
 */
public final class LocalChannelsController extends ForwardingController {
  /** Channel-state key of the stream a subscription may whisper to. */
  public static final String WHISPER_KEY = "$w";
  /** Channel state naming the subscription's presence stream (AnyCable-Go's {@code $p}). */
  public static final String PRESENCE_KEY = "$p";
  private final LocalChannels channels;

  public LocalChannelsController(Controller next, LocalChannels channels) {
    super(next);
    this.channels = channels;
  }

  @Override
  public Future<CommandResult> subscribe(ChannelRequest request) {
    LocalChannels.Resolution local = channels.resolve(request.identifier());
    if (local == null) {
      return next.subscribe(request);
    }
    if (local.rejected()) {
      return Future.succeededFuture(CommandResult.rejected(List.of(Frames.reject(request.identifier()))));
    }
    Map<String, String> istate = new java.util.HashMap<>(2);
    if (local.whisperStream() != null) {
      istate.put(WHISPER_KEY, local.whisperStream());
    }
    if (local.presenceStream() != null) {
      istate.put(PRESENCE_KEY, local.presenceStream());
    }
    return Future.succeededFuture(
        CommandResult.subscribed(List.of(Frames.confirm(request.identifier())), local.stream(), Map.copyOf(istate)));
  }

  @Override
  public Future<CommandResult> unsubscribe(ChannelRequest request) {
    return channels.resolve(request.identifier()) == null
        ? next.unsubscribe(request) : Future.succeededFuture(CommandResult.NOTHING);
  }
}
