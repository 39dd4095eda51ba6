package io.cablecluster.gateway.session;

import io.cablecluster.core.log.RateLimitedLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The WebSocket frame layer's guard: a Netty handler just in front of Vert.x's WebSocket handler, seeing
 * every decoded (and inflated) client frame and every frame written to the client (so it also counts
 * {@code data_rcvd_total}, {@code server_msg_total} and {@code data_sent_total}). The only class of the
 * gateway that reaches below Vert.x's public API (Vert.x answers pings inside {@code WebSocketImplBase}
 * with no hook, and turns frame-decoding failures into a bare TCP close). It
 * <ul>
 *   <li>closes with 1009 and {@code Message too big (max N bytes)} a message over {@code max_message_size}
 *   however it came (one frame, fragments, or compressed), before Vert.x assembles it;</li>
 *   <li>closes with 1002 on a WebSocket protocol violation (unmasked or malformed frame, reserved bits or
 *   opcodes, corrupt compression), where Vert.x dropped the connection without a close frame;</li>
 *   <li>answers pings itself with at most one pong unsent at a time and the latest ping kept for when it is
 *   out (RFC 6455 5.5.3 lets an endpoint answer only the latest ping), so a client that floods pings and
 *   never reads queues no pongs;</li>
 *   <li>and, when compression is on, makes the permessage-deflate negotiation use a decoder whose inflation
 *   stops at the cap ({@link #capInflation}).</li>
 * </ul>
 * Each refusal counts (the gateway's counters) and logs at most one line per 10 s per kind. Runs on the
 * connection's event loop only.
 */
public final class FrameGuard extends ChannelDuplexHandler {
  private static final Logger LOG = Logger.getLogger(FrameGuard.class.getName());
  private static final RateLimitedLog TOO_BIG = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private static final RateLimitedLog PROTOCOL = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private static final RateLimitedLog PONGS = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  static final String NAME = "cable-frame-guard";
  /** How long a refused client gets to take the close frame before the TCP connection is dropped anyway. */
  private static final long CLOSE_GRACE_MS = 2000;
  private static final ClosedChannelException CLOSE_SENT = new ClosedChannelException();

  private final int maxMessageSize;
  private final GatewayCounters counters;
  private final String logId;
  private long messageBytes;
  private boolean pongUnsent;
  /** The payload of the latest ping not answered yet (while a pong is unsent), or null. */
  private ByteBuf latestPing;
  private boolean closeSent;
  private boolean refused;

  private FrameGuard(int maxMessageSize, GatewayCounters counters, String logId) {
    this.maxMessageSize = maxMessageSize;
    this.counters = counters;
    this.logId = logId;
  }

  /** Puts a guard in front of the socket's Vert.x handler. Call on the socket's event loop, once. */
  static void install(ServerWebSocket socket, int maxMessageSize, GatewayCounters counters, String logId) {
    ChannelHandlerContext vertx = ((WebSocketInternal) socket).channelHandlerContext();
    vertx.pipeline().addBefore(vertx.name(), NAME, new FrameGuard(maxMessageSize, counters, logId));
  }

  /**
   * Replaces the connection's WebSocket extension negotiation (Vert.x builds it without Netty's allocation
   * cap) with permessage-deflate whose decoder inflates at most {@code maxInflatedBytes} per frame and fails
   * beyond ({@link #exceptionCaught} closes with 1009). Per-frame deflate is never offered. Call from the
   * server's connection handler, before the connection's first request is read.
   */
  public static void capInflation(HttpConnection connection, int compressionLevel, int maxInflatedBytes) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    WebSocketServerExtensionHandler offered = pipeline.get(WebSocketServerExtensionHandler.class);
    if (offered == null) {
      return;
    }
    pipeline.replace(offered, pipeline.context(offered).name(), new WebSocketServerExtensionHandler(
        new PerMessageDeflateServerExtensionHandshaker(compressionLevel,
            ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
            false, false, maxInflatedBytes)));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (refused) {
      ReferenceCountUtil.release(frame);
      return;
    }
    if (frame instanceof PingWebSocketFrame ping) {
      pong(ctx, ping);
      return;
    }
    int bytes = frame.content().readableBytes();
    if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      messageBytes = bytes;
    } else if (frame instanceof ContinuationWebSocketFrame) {
      messageBytes += bytes;
    } else {
      ctx.fireChannelRead(frame);
      return;
    }
    counters.dataReceived().increment(bytes);
    if (messageBytes > maxMessageSize) {
      long size = messageBytes;
      ReferenceCountUtil.release(frame);
      tooBig(ctx, size + (frame.isFinalFragment() ? " bytes" : "+ bytes"));
      return;
    }
    ctx.fireChannelRead(frame);
  }

  /**
   * One pong at a time: while the previous one is still unsent (the client is not reading), only the latest
   * ping is kept, to be answered when that pong is out; the pings it replaces go unanswered.
   */
  private void pong(ChannelHandlerContext ctx, PingWebSocketFrame ping) {
    if (closeSent) {
      ReferenceCountUtil.release(ping);
      return;
    }
    if (!pongUnsent) {
      sendPong(ctx, ping.content());
      return;
    }
    if (latestPing != null) {
      latestPing.release();
      counters.pongsDropped().increment();
      PONGS.log(n -> logId + ": pings arriving faster than their pongs are taken (a client that does not read): "
          + n + " left unanswered, one pong at a time");
    }
    latestPing = ping.content();
  }

  private void sendPong(ChannelHandlerContext ctx, ByteBuf data) {
    pongUnsent = true;
    ctx.writeAndFlush(new PongWebSocketFrame(data)).addListener(written -> {
      pongUnsent = false;
      ByteBuf next = latestPing;
      latestPing = null;
      if (next != null) {
        if (written.isSuccess() && !closeSent) {
          sendPong(ctx, next);
        } else {
          next.release();
        }
      }
    });
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (latestPing != null) {
      latestPing.release();
      latestPing = null;
    }
  }

  private void tooBig(ChannelHandlerContext ctx, String what) {
    counters.failedClientMessages().increment();
    counters.messagesTooBig().increment();
    TOO_BIG.log(n -> logId + ": message of " + what + " over max_message_size, closing with 1009 (" + n
        + " such since the last line)");
    refuse(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "Message too big (max " + maxMessageSize + " bytes)");
  }

  /**
   * A frame the decoders refused: too long (1009), inflating past the cap (1009), anything else a protocol
   * violation (1002). Other failures (a reset connection) are Vert.x's to report.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (refused) {
      return;
    }
    CorruptedWebSocketFrameException corrupt = find(cause, CorruptedWebSocketFrameException.class);
    DecompressionException inflation = find(cause, DecompressionException.class);
    if (corrupt != null && corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
        || find(cause, TooLongFrameException.class) != null) {
      tooBig(ctx, "a frame");
    } else if (inflation != null && String.valueOf(inflation.getMessage()).contains("maximum size")) {
      tooBig(ctx, "a compressed frame inflating");
    } else if (corrupt != null || inflation != null || find(cause, CodecException.class) != null) {
      counters.failedClientMessages().increment();
      counters.protocolErrors().increment();
      String reason = corrupt != null && corrupt.getMessage() != null ? corrupt.getMessage() : "Protocol error";
      PROTOCOL.log(n -> logId + ": WebSocket protocol error (" + reason + "), closing with 1002 (" + n
          + " such since the last line)");
      refuse(ctx, WebSocketCloseStatus.PROTOCOL_ERROR.code(), reason.length() > 100 ? "Protocol error" : reason);
    } else {
      ctx.fireExceptionCaught(cause);
    }
  }

  /** Sends the close frame (nothing is read or sent after it) and drops the connection once it is out. */
  private void refuse(ChannelHandlerContext ctx, int code, String reason) {
    refused = true;
    if (closeSent || !ctx.channel().isActive()) {
      ctx.close();
      return;
    }
    closeSent = true;
    ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
  }

  /** Frames Vert.x writes after a close frame went out are dropped (RFC 6455 5.5.1). */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof WebSocketFrame) {
      if (closeSent) {
        ReferenceCountUtil.release(msg);
        promise.tryFailure(CLOSE_SENT);
        return;
      }
      if (msg instanceof CloseWebSocketFrame) {
        closeSent = true;
      } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
        // Every message to the client passes here once (Vert.x splits big ones into continuations): the one
        // place that sees them all, whoever wrote them (fan-out, replies, pings, disconnects).
        counters.serverMessages().increment();
        counters.dataSent().increment(((WebSocketFrame) msg).content().readableBytes());
      } else if (msg instanceof ContinuationWebSocketFrame continuation) {
        counters.dataSent().increment(continuation.content().readableBytes());
      }
    }
    ctx.write(msg, promise);
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
