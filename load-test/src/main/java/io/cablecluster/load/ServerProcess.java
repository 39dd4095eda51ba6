package io.cablecluster.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server's own figures from /proc/&lt;pid&gt;: resident memory and CPU time (user + system). */
final class ServerProcess {
  private static final double TICKS_PER_SECOND = 100.0;
  private final long pid;

  ServerProcess(long pid) {
    this.pid = pid;
  }

  boolean known() {
    return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid)));
  }

  /** VmRSS in KiB, or -1 when unreadable. */
  long rssKib() {
    if (pid <= 0) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * For a JVM server: where its heap goes, by class ({@code jcmd GC.class_histogram}, which runs a full GC,
   * so only after the figures were taken). Best effort: a non-JVM server just gets no file.
   */
  void writeHeapHistogram(Path out, int lines) {
    try {
      Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
          .redirectErrorStream(true).start();
      String text = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (jcmd.waitFor() == 0) {
        Files.writeString(out, String.join("\n", text.lines().limit(lines).toList()) + "\n");
      }
    } catch (IOException e) {
      Progress.line("idle", "no heap histogram: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The machine's 1-minute load average: how much else competed for the cores during a step. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime in seconds, or -1 when unreadable. */
  double cpuSeconds() {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[0] is state (field 3); utime and stime are fields 14 and 15.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
