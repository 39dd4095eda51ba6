package io.cablecluster.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.TimeUnit;

/**
 * A connection's two timers, Go's {@code http.Server} {@code ReadHeaderTimeout} and {@code IdleTimeout}, which
 * Vert.x 5's server options lack (its idle timeout would also cut quiet WebSockets). The only use of Vert.x
 * internals in the node, kept to this class: the Netty channel under a Vert.x HTTP/1.1 connection
 * ({@code ConnectionBase.channel()}) and the names Vert.x gives its codec handlers ({@code httpDecoder},
 * {@code httpEncoder}), between which two small handlers are placed:
 * <ul>
 *   <li>from accept, and from the first byte of each later request, the request's headers must be decoded within
 *   {@code read_header_timeout}, else the connection is closed (slowloris, sockets that never send);</li>
 *   <li>once every request has been answered, the next one must start within {@code http_idle_timeout}, else
 *   the connection is closed (kept-alive sockets nobody uses);</li>
 *   <li>no timer runs while a request is being answered (a long response or a later SSE stream is not cut), and
 *   a {@code 101 Switching Protocols} removes both handlers: a WebSocket has its own pings and is never cut here.</li>
 * </ul>
 * Everything runs on the channel's event loop (Netty handlers and its scheduler), never blocking it.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
  private static final String BYTES = "cable-first-byte";
  private static final String GUARD = "cable-guard";
  private final ConnectionAdmission admission;
  private final long headerTimeoutMs;
  private final long idleTimeoutMs;
  private final FirstByte firstByte = new FirstByte();
  private ScheduledFuture<?> timer;
  private boolean waitingForHeaders;
  private boolean idle;
  private long requests;
  private long responses;

  private ConnectionGuard(ConnectionAdmission admission) {
    this.admission = admission;
    this.headerTimeoutMs = admission.config().readHeaderTimeoutMs();
    this.idleTimeoutMs = admission.config().httpIdleTimeoutMs();
  }

  /** The Netty channel under a Vert.x HTTP/1.1 server connection, or null for any other kind. */
  static Channel channelOf(HttpConnection connection) {
    return connection instanceof io.vertx.core.net.impl.ConnectionBase base ? base.channel() : null;
  }

  /** Called on the channel's event loop when Vert.x hands over a new connection, before it read a request. */
  static void install(Channel channel, ConnectionAdmission admission) {
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get("httpDecoder") == null || pipeline.get("httpEncoder") == null) {
      return;
    }
    ConnectionGuard guard = new ConnectionGuard(admission);
    pipeline.addBefore("httpDecoder", BYTES, guard.firstByte);
    pipeline.addAfter("httpEncoder", GUARD, guard);
    guard.awaitHeaders(channel);
  }

  private void awaitHeaders(Channel channel) {
    idle = false;
    waitingForHeaders = true;
    schedule(channel, headerTimeoutMs, this::headersLate);
  }

  private void awaitNextRequest(Channel channel) {
    waitingForHeaders = false;
    idle = true;
    schedule(channel, idleTimeoutMs, this::idleTooLong);
  }

  private void schedule(Channel channel, long delayMs, Runnable expiry) {
    cancel();
    if (delayMs > 0) {
      timer = channel.eventLoop().schedule(() -> {
        timer = null;
        if (channel.isActive()) {
          expiry.run();
          channel.close();
        }
      }, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void headersLate() {
    admission.headerTimeouts.increment();
    admission.headerLog.log(n -> "closed " + n + " connection(s) whose request headers did not arrive within "
        + headerTimeoutMs / 1000 + " s (read_header_timeout) since the last such line");
  }

  private void idleTooLong() {
    // Normal for keep-alive clients that went quiet: counted, not logged.
    admission.idleTimeouts.increment();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      requests++;
      waitingForHeaders = false;
      idle = false;
      cancel();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response && response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
      if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        // A WebSocket from now on: its pings and pong timeout look after it.
        cancel();
        ctx.pipeline().remove(firstByte);
        ctx.write(msg, promise);
        ctx.pipeline().remove(this);
        return;
      }
      // 100 Continue and the like: the request is still being answered.
      ctx.write(msg, promise);
      return;
    }
    if (msg instanceof LastHttpContent) {
      responses++;
      if (responses >= requests && !waitingForHeaders) {
        awaitNextRequest(ctx.channel());
      }
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  /** Sits before the decoder: the first byte after an idle wait starts the next request's header timer. */
  private final class FirstByte extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (idle && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        awaitHeaders(ctx.channel());
      }
      ctx.fireChannelRead(msg);
    }
  }
}
