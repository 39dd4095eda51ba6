package io.cablecluster.core.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.core.Vertx;

/**
 * The node's process-level meters, under Micrometer's standard names so stock JVM dashboards work: memory
 * pools ({@code jvm_memory_used_bytes}), GC pauses ({@code jvm_gc_pause_seconds}), threads, classes, CPU
 * ({@code process_cpu_usage}, {@code system_cpu_count}), uptime and file descriptors
 * ({@code process_files_open_files}); plus {@link EventLoopDelay}. AnyCable-Go's Go runtime gauges
 * ({@code goroutines_num}, {@code mem_sys_bytes}, {@code heap_*}) have no JVM meaning and are replaced by these.
 * The GC binder listens to JMX notifications: {@link #close()} removes its listeners.
 */
public final class ProcessMeters implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final EventLoopDelay eventLoops;

  private ProcessMeters(CableMetrics metrics) {
    this.eventLoops = new EventLoopDelay(metrics);
  }

  /** Binds every meter to {@code metrics} and starts the event-loop timers on {@code vertx}. */
  public static ProcessMeters start(Vertx vertx, CableMetrics metrics) {
    ProcessMeters meters = new ProcessMeters(metrics);
    var registry = metrics.registry();
    new JvmMemoryMetrics().bindTo(registry);
    meters.gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    meters.eventLoops.start(vertx);
    return meters;
  }

  @Override
  public void close() {
    eventLoops.stop();
    gc.close();
  }
}
