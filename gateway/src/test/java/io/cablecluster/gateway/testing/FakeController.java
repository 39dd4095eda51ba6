package io.cablecluster.gateway.testing;

import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A controller answering from scripts, recording every request in arrival order. Scripts may return
 * futures that are not completed yet, so a test decides when "the backend" answers. Defaults: welcome
 * everyone, confirm every subscription without streams, accept everything else.
 */
public final class FakeController implements Controller {
  public record Performed(ChannelRequest request, String data) {
  }

  public final BlockingQueue<ConnectRequest> connects = new LinkedBlockingQueue<>();
  public final BlockingQueue<ChannelRequest> subscribes = new LinkedBlockingQueue<>();
  public final BlockingQueue<ChannelRequest> unsubscribes = new LinkedBlockingQueue<>();
  public final BlockingQueue<Performed> performs = new LinkedBlockingQueue<>();
  public final BlockingQueue<DisconnectRequest> disconnects = new LinkedBlockingQueue<>();

  private volatile Function<ConnectRequest, Future<ConnectResult>> onConnect =
      r -> Future.succeededFuture(ConnectResult.welcome("{\"uid\":\"1\"}", List.of(Frames.welcome(r.sid()))));
  private volatile Function<ChannelRequest, Future<CommandResult>> onSubscribe =
      r -> Future.succeededFuture(confirmed(r.identifier()));
  private volatile Function<ChannelRequest, Future<CommandResult>> onUnsubscribe =
      r -> Future.succeededFuture(CommandResult.NOTHING);
  private volatile BiFunction<ChannelRequest, String, Future<CommandResult>> onPerform =
      (r, data) -> Future.succeededFuture(CommandResult.NOTHING);
  private volatile Function<DisconnectRequest, Future<Void>> onDisconnect = r -> Future.succeededFuture();

  /** A SUCCESS with the confirmation frame and the given streams. */
  public static CommandResult confirmed(String identifier, String... streams) {
    return new CommandResult(Status.SUCCESS, List.of(Frames.confirm(identifier)), List.of(streams), List.of(),
        false, false, Map.of(), Map.of(), "", false);
  }

  /** An answer of the given status with nothing else in it. */
  public static CommandResult bare(Status status) {
    return new CommandResult(status, List.of(), List.of(), List.of(), false, false, Map.of(), Map.of(),
        status == Status.ERROR ? "scripted error" : "", false);
  }

  public FakeController onConnect(Function<ConnectRequest, Future<ConnectResult>> script) {
    onConnect = script;
    return this;
  }

  public FakeController onSubscribe(Function<ChannelRequest, Future<CommandResult>> script) {
    onSubscribe = script;
    return this;
  }

  public FakeController onUnsubscribe(Function<ChannelRequest, Future<CommandResult>> script) {
    onUnsubscribe = script;
    return this;
  }

  public FakeController onPerform(BiFunction<ChannelRequest, String, Future<CommandResult>> script) {
    onPerform = script;
    return this;
  }

  public FakeController onDisconnect(Function<DisconnectRequest, Future<Void>> script) {
    onDisconnect = script;
    return this;
  }

  @Override
  public Future<ConnectResult> authenticate(ConnectRequest request) {
    connects.add(request);
    return onConnect.apply(request);
  }

  @Override
  public Future<CommandResult> subscribe(ChannelRequest request) {
    subscribes.add(request);
    return onSubscribe.apply(request);
  }

  @Override
  public Future<CommandResult> unsubscribe(ChannelRequest request) {
    unsubscribes.add(request);
    return onUnsubscribe.apply(request);
  }

  @Override
  public Future<CommandResult> perform(ChannelRequest request, String data) {
    performs.add(new Performed(request, data));
    return onPerform.apply(request, data);
  }

  @Override
  public Future<Void> disconnect(DisconnectRequest request) {
    disconnects.add(request);
    return onDisconnect.apply(request);
  }
}
