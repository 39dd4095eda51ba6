package io.cablecluster.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's own figures from /proc/&lt;pid&gt;: resident memory and CPU time (user + system), summed over
 * the processes of a cluster when several pids are given.
 */
final class ServerProcess {
  private static final double TICKS_PER_SECOND = 100.0;
  private final java.util.List<ServerProcess> members;
  private final long pid;

  ServerProcess(long pid) {
    this.pid = pid;
    this.members = java.util.List.of();
  }

  private ServerProcess(java.util.List<ServerProcess> members) {
    this.pid = members.get(0).pid;
    this.members = members;
  }

  /** From {@code --server-pid}: one pid, or a comma list (the nodes of a cluster). */
  static ServerProcess of(String pids) {
    String[] parts = pids.split(",");
    if (parts.length == 1) {
      return new ServerProcess(Long.parseLong(parts[0].trim()));
    }
    java.util.List<ServerProcess> list = new java.util.ArrayList<>();
    for (String p : parts) {
      list.add(new ServerProcess(Long.parseLong(p.trim())));
    }
    return new ServerProcess(list);
  }

  /** A cluster's figure is the sum of its members'; -1 when any member's is unreadable. */
  private double sumOverMembers(java.util.function.ToDoubleFunction<ServerProcess> figure) {
    double total = 0;
    for (ServerProcess member : members) {
      double one = figure.applyAsDouble(member);
      if (one < 0) {
        return -1;
      }
      total += one;
    }
    return total;
  }

  /** VmRSS in KiB, or -1 when unreadable. */
  long rssKib() {
    if (!members.isEmpty()) {
      return (long) sumOverMembers(ServerProcess::rssKib);
    }
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
    if (!members.isEmpty()) {
      return sumOverMembers(ServerProcess::cpuSeconds);
    }
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
