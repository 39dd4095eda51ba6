package io.cablecluster.gateway.testing;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.encoder.Encoder;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.streams.StreamSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * A stream subscriber that keeps the frames delivered to it and notes any delivery made outside its own
 * event loop (the hub promises deliveries on the subscriber's context).
 */
public final class RecordingSubscriber implements StreamSubscriber {
  private final Context context;
  private final String sid;
  private final Encoder encoder;
  private final List<WireFrame> frames = new ArrayList<>();
  private volatile int foreignDeliveries;

  public RecordingSubscriber(Context context, String sid, Encoder encoder) {
    this.context = context;
    this.sid = sid;
    this.encoder = encoder;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String sid() {
    return sid;
  }

  @Override
  public Encoder encoder() {
    return encoder;
  }

  @Override
  public synchronized void deliver(WireFrame frame, String identifier, Broadcast broadcast) {
    if (Vertx.currentContext() != context) {
      foreignDeliveries++;
    }
    frames.add(frame);
    notifyAll();
  }

  public synchronized List<WireFrame> frames() {
    return List.copyOf(frames);
  }

  public synchronized List<String> texts() {
    return frames.stream().map(WireFrame::toString).toList();
  }

  /** Waits until at least {@code count} frames arrived; returns all received so far. */
  public synchronized List<WireFrame> awaitFrames(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.SECONDS);
    try {
      while (frames.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionFailedError(sid + " expected " + count + " frames, got " + texts());
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError("interrupted");
    }
    return List.copyOf(frames);
  }

  public int foreignDeliveries() {
    return foreignDeliveries;
  }

  @Override
  public String toString() {
    return sid;
  }
}
