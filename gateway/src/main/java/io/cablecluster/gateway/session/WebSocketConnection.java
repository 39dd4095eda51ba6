package io.cablecluster.gateway.session;

import io.cablecluster.gateway.encoder.WireFrame;
import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import java.util.logging.Logger;

/** A Vert.x server WebSocket as a session's connection. */
public final class WebSocketConnection implements Connection {
  private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());
  private final ServerWebSocket socket;
  private final int maxFrameSize;

  /** {@code maxFrameSize}: the transport's frame ceiling; larger messages go out as continuation frames. */
  public WebSocketConnection(ServerWebSocket socket, int maxFrameSize) {
    this.socket = socket;
    this.maxFrameSize = maxFrameSize;
  }

  /** Feeds the socket's frames and its closing to the session, then starts it. */
  public void bind(Session session) {
    FrameGuard.install(socket, session.gateway().config().maxMessageSize(), session.gateway().counters(),
        session.logId());
    socket.textMessageHandler(session::received);
    socket.binaryMessageHandler(session::receivedBinary);
    socket.exceptionHandler(e -> LOG.fine(() -> session.logId() + ": socket error: " + e.getMessage()));
    socket.closeHandler(v -> session.closed());
    session.start();
  }

  @Override
  public void write(WireFrame frame) {
    if (frame.length() <= maxFrameSize) {
      socket.writeFrame(frame.toWebSocketFrame());
    } else if (frame.isBinary()) {
      socket.writeBinaryMessage(frame.payload());
    } else {
      // Vert.x splits only messages it encodes itself.
      socket.writeTextMessage(frame.toString());
    }
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close(short code, String reason) {
    socket.close(code, reason);
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  @Override
  public MultiMap headers() {
    return socket.headers();
  }

  @Override
  public String query() {
    return socket.query();
  }
}
