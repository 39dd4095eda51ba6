package io.cablecluster.gateway.testing;

import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.session.Connection;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.opentest4j.AssertionFailedError;

/**
 * A transport that records what the session does to it: frames written (as text), close code and reason,
 * pause/resume. Like a WebSocket, closing it later reports the close back ({@link #onClose}); the write
 * queue can be declared full to play a slow client.
 */
public final class FakeConnection implements Connection {
  private final MultiMap headers;
  private final String query;
  private final List<String> frames = new ArrayList<>();
  private final CompletableFuture<Short> closeCode = new CompletableFuture<>();
  private volatile boolean writeQueueFull;
  private volatile boolean closed;
  private volatile String closeReason;
  private volatile boolean paused;
  private volatile int pauses;
  private volatile int resumes;
  private volatile Runnable onClose = () -> { };

  public FakeConnection() {
    this(MultiMap.caseInsensitiveMultiMap(), null);
  }

  public FakeConnection(MultiMap headers, String query) {
    this.headers = headers;
    this.query = query;
  }

  /** What the transport does after a close; the harness feeds it back to the session, as the socket does. */
  public void onClose(Runnable action) {
    onClose = action;
  }

  public void writeQueueFull(boolean full) {
    writeQueueFull = full;
  }

  @Override
  public synchronized void write(WireFrame frame) {
    if (closed) {
      throw new AssertionFailedError("frame written after close: " + frame);
    }
    frames.add(frame.toString());
    notifyAll();
  }

  @Override
  public boolean writeQueueFull() {
    return writeQueueFull;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close(short code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    closeReason = reason;
    closeCode.complete(code);
    onClose.run();
  }

  @Override
  public void pause() {
    paused = true;
    pauses++;
  }

  @Override
  public void resume() {
    paused = false;
    resumes++;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String query() {
    return query;
  }

  public synchronized List<String> frames() {
    return List.copyOf(frames);
  }

  /** Waits until at least {@code count} frames were written; returns all written so far. */
  public List<String> awaitFrames(int count) {
    return awaitFrames(frames -> frames.size() >= count, count + " frames");
  }

  /** Waits until the frames written so far satisfy the condition; returns them. */
  public synchronized List<String> awaitFrames(Predicate<List<String>> condition, String expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.SECONDS);
    try {
      while (!condition.test(frames)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionFailedError("expected " + expected + ", got " + frames);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError("interrupted");
    }
    return List.copyOf(frames);
  }

  /** Waits for the close and returns its code. */
  public short awaitClose() {
    try {
      return closeCode.get(Await.SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionFailedError("connection not closed; frames: " + frames(), e);
    }
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean paused() {
    return paused;
  }

  public int pauses() {
    return pauses;
  }

  public int resumes() {
    return resumes;
  }
}
