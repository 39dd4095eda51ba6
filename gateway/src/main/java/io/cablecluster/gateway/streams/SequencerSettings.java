package io.cablecluster.gateway.streams;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.broker.Broker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * How long a broadcast after a gap waits for the missing ones before they are read from the log, how many are
 * held at most per stream, and the counters of what the sequencers dropped or skipped.
 */
public record SequencerSettings(long gapWaitMs, int maxHeld, Runnable duplicateDropped,
                                java.util.function.LongConsumer gapSkipped) {

  public static final SequencerSettings DEFAULT = new SequencerSettings(100, 1000, () -> { }, n -> { });

  StreamSequencer.Surroundings surroundings(Vertx vertx, Broker broker, String stream) {
    return new StreamSequencer.Surroundings() {
      @Override
      public Future<List<Broadcast>> after(String epoch, long offset) {
        return broker.historyFrom(stream, epoch, offset);
      }

      @Override
      public long schedule(long delayMs, Runnable action) {
        return vertx.setTimer(delayMs, id -> action.run());
      }

      @Override
      public void cancel(long timer) {
        vertx.cancelTimer(timer);
      }

      @Override
      public void duplicateDropped() {
        duplicateDropped.run();
      }

      @Override
      public void gapSkipped(long missing) {
        gapSkipped.accept(missing);
      }

      @Override
      public void epochChanged() {
        broker.subscribe(stream);
      }
    };
  }
}
