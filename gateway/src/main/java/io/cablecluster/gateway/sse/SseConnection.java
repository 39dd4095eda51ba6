package io.cablecluster.gateway.sse;

import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.session.Connection;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * An SSE response as a session's connection (AnyCable-Go's {@code sse.Connection}). Until
 * {@link #establish} the status is not yet known (authentication and subscriptions decide between 200, 401
 * and 400), so frames wait in a backlog bounded by {@code ws_max_pending_size}; after it they are written as
 * they come. A client that stops reading fills the response's write queue (the same byte bound): the session
 * then cuts it off, and the TCP connection is closed at once so the unsent bytes are released with it.
 * Everything runs on the request's event loop.
 */
final class SseConnection implements Connection {
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final int maxPendingBytes;
  private Buffer backlog = Buffer.buffer();
  private boolean established;
  private boolean closed;
  /** The answer a close before {@link #establish} gives: 401 while authenticating, 400 while subscribing. */
  private int refusal = 401;
  private Runnable onClosed = () -> { };

  SseConnection(HttpServerRequest request, int maxPendingBytes) {
    this.request = request;
    this.response = request.response();
    this.maxPendingBytes = maxPendingBytes;
    response.setWriteQueueMaxSize(maxPendingBytes);
    // The client went away (or the connection was cut): the session ends.
    response.closeHandler(v -> finished());
    response.exceptionHandler(e -> finished());
  }

  /** Runs once when the response is over, however it ended. */
  void onClosed(Runnable action) {
    this.onClosed = action;
  }

  void refuseWith(int status) {
    this.refusal = status;
  }

  /** 200 and the headers, then everything that waited. */
  void establish() {
    if (closed || established) {
      return;
    }
    established = true;
    response.setStatusCode(200).setChunked(true);
    SseHeaders.stream(response);
    Buffer waiting = backlog;
    backlog = null;
    response.write(waiting.length() == 0 ? Buffer.buffer(":\n\n") : waiting);
  }

  boolean established() {
    return established;
  }

  @Override
  public void write(WireFrame frame) {
    if (closed || frame.length() == 0) {
      return;
    }
    if (established) {
      response.write(frame.sharedBuffer());
    } else {
      backlog.appendBuffer(frame.payload());
    }
  }

  @Override
  public boolean writeQueueFull() {
    return established ? response.writeQueueFull() : backlog.length() >= maxPendingBytes;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Ends the stream: before {@link #establish}, with the refusal status and no body; after it, by ending the
   * chunked response, or, when the client is not reading, by closing the connection (never waiting for it).
   */
  @Override
  public void close(short code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    if (!established) {
      backlog = null;
      response.setStatusCode(code == 1011 ? 500 : refusal).putHeader("content-length", "0").end();
    } else if (response.writeQueueFull()) {
      request.connection().close();
    } else {
      response.end();
    }
    finished();
  }

  private void finished() {
    closed = true;
    Runnable action = onClosed;
    onClosed = () -> { };
    action.run();
  }

  @Override
  public void pause() {
    // An SSE client sends nothing after its request.
  }

  @Override
  public void resume() {
  }

  @Override
  public MultiMap headers() {
    return request.headers();
  }

  @Override
  public String query() {
    return request.query();
  }
}
