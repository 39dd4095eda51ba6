package io.cablecluster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports: single ones from the OS, and a block for Hazelcast well away from its 5701. */
public final class FreePorts {
  private static final int HAZELCAST_BASE = 15701;

  private FreePorts() {
  }

  public static int one() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first port of {@code count} consecutive free ports from 15701 upward (random start, fewer clashes). */
  public static int hazelcastBlock(int count) {
    int start = HAZELCAST_BASE + ThreadLocalRandom.current().nextInt(0, 400) * 10;
    for (int base = start; base < 40000; base += count) {
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + count + " free ports above " + start);
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
