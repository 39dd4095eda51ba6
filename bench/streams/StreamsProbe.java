import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Probe for the cluster-wide streams A/B (bench/streams/run.sh). Runs in its own JVM against nodes that are
 * already running (loopback only), with the node jar on the class path (Vert.x and Hazelcast's client).
 *
 * <pre>
 * latency  --ws P[,P..] --post P --clients C --streams a,b,c --rate R --count N --warmup W [--warmup-rate R]
 *          --pids p,p,p
 *          POST /_broadcast at R/s, round-robin over the streams; per broadcast: time to the 201, and time
 *          to the frame at every subscribed client (nanoTime of this JVM on both ends); frames lost,
 *          duplicated, out of order; CPU of each node over the measured window, above its idle rate.
 * homes    --cluster-name X --hz P[,P..] --prefix s --count N [--owner P]   stream names with their
 *          partition owner in map cable.streams (the stream's home), from a Hazelcast client
 * subconfirm --ws P --count N --protocol ext|plain    sequential subscribe to a fresh stream, confirm,
 *          unsubscribe: subscribe→confirm p50/p99 without load
 * churn    --ws P[,P..] --clients-per-node C --held H --window W --seconds T --protocol ext|plain --pids ..
 *          C clients per node hold H streams each, then keep W subscribes in flight to fresh streams, each
 *          confirmation answered by its unsubscribe and the next subscribe; pairs/s, subscribe→confirm
 *          percentiles under load, CPU per node above idle.
 * </pre>
 * {@code --threads true} (latency, churn) adds each node's CPU by thread group over the measured window
 * (names from jcmd Thread.print).
 * Prints one JSON object on stdout (and to --out).
 */
public final class StreamsProbe {
  static final String PLAIN = "actioncable-v1-json";
  static final String EXT = "actioncable-v1-ext-json";

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    JsonObject result = switch (args[0]) {
      case "homes" -> homes(o);
      case "latency" -> latency(o);
      case "subconfirm" -> subconfirm(o);
      case "churn" -> churn(o);
      default -> throw new IllegalArgumentException(args[0]);
    };
    String text = result.encode();
    System.out.println(text);
    if (o.containsKey("out")) {
      Files.writeString(Path.of(o.get("out")), result.encodePrettily() + "\n");
    }
    System.exit(0);
  }

  // ---------------------------------------------------------------- homes

  static JsonObject homes(Map<String, String> o) {
    System.setProperty("hazelcast.logging.type", "none");
    ClientConfig cc = new ClientConfig();
    cc.setClusterName(o.get("cluster-name"));
    for (String p : o.get("hz").split(",")) {
      cc.getNetworkConfig().addAddress("127.0.0.1:" + p);
    }
    HazelcastInstance client = HazelcastClient.newHazelcastClient(cc);
    try {
      int count = Integer.parseInt(o.get("count"));
      int wantOwner = Integer.parseInt(o.getOrDefault("owner", "-1"));
      String prefix = o.get("prefix");
      JsonArray names = new JsonArray();
      JsonObject owners = new JsonObject();
      for (int i = 0; names.size() < count && i < 100_000; i++) {
        String name = prefix + i;
        Member owner = null;
        for (int t = 0; owner == null && t < 200; t++) {
          owner = client.getPartitionService().getPartition(name).getOwner();
          if (owner == null) {
            sleep(50);
          }
        }
        int port = owner.getAddress().getPort();
        if (wantOwner < 0 || port == wantOwner) {
          names.add(name);
          owners.put(name, port);
        }
      }
      return new JsonObject().put("streams", names).put("owners", owners);
    } finally {
      client.shutdown();
    }
  }

  // ---------------------------------------------------------------- shared

  static final class Client {
    final int index;
    final String protocol;
    volatile WebSocket ws;
    final Promise<Void> welcomed = Promise.promise();
    final Map<String, Long> pending = new ConcurrentHashMap<>();
    final Map<String, Promise<Void>> confirms = new ConcurrentHashMap<>();
    volatile java.util.function.Consumer<String> onData = s -> { };
    volatile java.util.function.BiConsumer<String, Long> onConfirm = (id, ns) -> { };
    final AtomicLong unexpected = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    volatile String closed;

    Client(int index, String protocol) {
      this.index = index;
      this.protocol = protocol;
    }

    void text(String t) {
      if (t.contains("\"seq\":")) {
        onData.accept(t);
        return;
      }
      if (t.contains("\"type\":\"ping\"")) {
        return;
      }
      JsonObject f = new JsonObject(t);
      String type = f.getString("type", "");
      switch (type) {
        case "welcome" -> welcomed.tryComplete();
        case "confirm_subscription", "reject_subscription" -> {
          long now = System.nanoTime();
          String id = f.getString("identifier");
          if (type.equals("reject_subscription")) {
            rejected.incrementAndGet();
          }
          Long sent = pending.remove(id);
          Promise<Void> p = confirms.remove(id);
          if (sent != null) {
            onConfirm.accept(id, now - sent);
          }
          if (p != null) {
            p.tryComplete();
          }
        }
        default -> unexpected.incrementAndGet();
      }
    }

    Future<Void> subscribe(String stream) {
      String id = identifier(stream);
      Promise<Void> p = Promise.promise();
      confirms.put(id, p);
      pending.put(id, System.nanoTime());
      ws.writeTextMessage(new JsonObject().put("command", "subscribe").put("identifier", id).encode());
      return p.future();
    }

    void subscribeNoWait(String stream) {
      String id = identifier(stream);
      pending.put(id, System.nanoTime());
      ws.writeTextMessage(new JsonObject().put("command", "subscribe").put("identifier", id).encode());
    }

    void unsubscribe(String id) {
      ws.writeTextMessage(new JsonObject().put("command", "unsubscribe").put("identifier", id).encode());
    }
  }

  static String identifier(String stream) {
    return new JsonObject().put("channel", "$pubsub").put("stream_name", stream).encode();
  }

  static String streamOf(String identifier) {
    return new JsonObject(identifier).getString("stream_name");
  }

  static List<Client> connect(Vertx vertx, int[] ports, int count, String protocol) throws Exception {
    WebSocketClient wsc = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    List<Client> clients = new ArrayList<>();
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Client c = new Client(i, protocol);
      clients.add(c);
      WebSocketConnectOptions opts = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(ports[i % ports.length])
          .setURI("/cable").setSubProtocols(List.of(protocol)).setTimeout(30_000);
      all.add(wsc.connect(opts).compose(ws -> {
        c.ws = ws;
        ws.textMessageHandler(c::text);
        ws.closeHandler(v -> c.closed = "closed " + ws.closeStatusCode() + " " + ws.closeReason());
        return c.welcomed.future();
      }));
    }
    Future.all(all).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return clients;
  }

  static int[] ports(String s) {
    return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  static long[] pids(Map<String, String> o) {
    String s = o.getOrDefault("pids", "");
    return s.isEmpty() ? new long[0] : Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
  }

  /** utime+stime in ms per pid. */
  static long[] cpuMs(long[] pids) {
    long[] out = new long[pids.length];
    for (int i = 0; i < pids.length; i++) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pids[i]), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        out[i] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
      } catch (Exception e) {
        out[i] = -1;
      }
    }
    return out;
  }

  /** ms of CPU per second of wall time per pid over {@code ms} of idleness. */
  static double[] idleRate(long[] pids, long ms) {
    long[] a = cpuMs(pids);
    sleep(ms);
    long[] b = cpuMs(pids);
    double[] r = new double[pids.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (b[i] - a[i]) * 1000.0 / ms;
    }
    return r;
  }

  static JsonObject cpuFigures(long[] before, long[] after, double[] idlePerSec, double wallSec, long units) {
    JsonArray perNode = new JsonArray();
    double total = 0;
    double totalAbove = 0;
    for (int i = 0; i < before.length; i++) {
      double used = after[i] - before[i];
      double above = used - idlePerSec[i] * wallSec;
      total += used;
      totalAbove += above;
      perNode.add(new JsonObject().put("cpuMs", used).put("idleMsPerSec", r2(idlePerSec[i]))
          .put("aboveIdleMs", r2(above)).put("usPerUnit", r2(above * 1000.0 / units)));
    }
    return new JsonObject().put("perNode", perNode).put("totalMs", total).put("totalAboveIdleMs", r2(totalAbove))
        .put("totalUsPerUnit", r2(totalAbove * 1000.0 / units)).put("units", units).put("wallSec", r2(wallSec));
  }

  static double r2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static JsonObject pct(long[] nanos, int n) {
    long[] s = Arrays.copyOf(nanos, n);
    Arrays.sort(s);
    JsonObject j = new JsonObject().put("n", n);
    if (n == 0) {
      return j;
    }
    for (double p : new double[] {50, 90, 95, 99}) {
      j.put("p" + (int) p, r3(s[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)] / 1e6));
    }
    j.put("max", r3(s[n - 1] / 1e6));
    return j;
  }

  static double r3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static double loadavg() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return -1;
    }
  }


  // ---------------------------------------------------------------- per-thread CPU (--threads true)

  /** utime+stime in ms per thread id, per pid. */
  static List<Map<Long, Long>> threadCpu(long[] pids) {
    List<Map<Long, Long>> out = new ArrayList<>();
    for (long pid : pids) {
      Map<Long, Long> m = new HashMap<>();
      try (var dir = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : (Iterable<Path>) dir::iterator) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            m.put(Long.parseLong(task.getFileName().toString()), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10);
          } catch (Exception e) {
            // thread gone
          }
        }
      } catch (Exception e) {
        // process gone
      }
      out.add(m);
    }
    return out;
  }

  /** Thread names by thread id, from jcmd Thread.print (nid). */
  static Map<Long, String> threadNames(long pid) {
    Map<Long, String> names = new HashMap<>();
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\"([^\"]*)\".*nid=(0x[0-9a-f]+)").matcher(text);
      while (m.find()) {
        names.put(Long.decode(m.group(2)), m.group(1));
      }
    } catch (Exception e) {
      // no names
    }
    return names;
  }

  /** CPU ms per thread group (name with digits folded and Hazelcast's instance name dropped), per pid. */
  static JsonArray threadGroups(long[] pids, List<Map<Long, Long>> before, List<Map<Long, Long>> after) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < pids.length; i++) {
      Map<Long, String> names = threadNames(pids[i]);
      Map<String, Long> groups = new java.util.TreeMap<>();
      for (var e : after.get(i).entrySet()) {
        long used = e.getValue() - before.get(i).getOrDefault(e.getKey(), 0L);
        if (used <= 0) {
          continue;
        }
        String name = names.getOrDefault(e.getKey(), "?");
        name = name.replaceFirst("^hz\\.[^.]+\\.", "hz.").replaceAll("[0-9]+", "#");
        groups.merge(name, used, Long::sum);
      }
      JsonObject g = new JsonObject();
      groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> g.put(e.getKey(), e.getValue()));
      out.add(g);
    }
    return out;
  }

  // ---------------------------------------------------------------- latency

  static JsonObject latency(Map<String, String> o) throws Exception {
    Vertx vertx = Vertx.vertx();
    int[] wsPorts = ports(o.get("ws"));
    int postPort = Integer.parseInt(o.get("post"));
    int nClients = Integer.parseInt(o.getOrDefault("clients", "10"));
    String[] streams = o.get("streams").split(",");
    double rate = Double.parseDouble(o.getOrDefault("rate", "50"));
    int count = Integer.parseInt(o.getOrDefault("count", "1000"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "200"));
    String protocol = o.getOrDefault("protocol", "plain").equals("ext") ? EXT : PLAIN;
    long[] pids = pids(o);
    int total = warmup + count;

    List<Client> clients = connect(vertx, wsPorts, nClients, protocol);
    int[] subsPerStream = new int[streams.length];
    List<Future<Void>> subs = new ArrayList<>();
    for (Client c : clients) {
      for (int s = c.index % streams.length; s < streams.length; s += Math.max(1, Math.min(streams.length, nClients))) {
        subs.add(c.subscribe(streams[s]));
        subsPerStream[s]++;
      }
    }
    Future.all(subs).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    AtomicLongArray sentAt = new AtomicLongArray(total);
    AtomicLongArray http = new AtomicLongArray(total);
    AtomicIntegerArray deliveries = new AtomicIntegerArray(total);
    long expectedPerSeq[] = new long[total];
    long[] frameLat = new long[count * nClients + 16];
    AtomicLong frames = new AtomicLong();
    AtomicLong dup = new AtomicLong();
    AtomicLong outOfOrder = new AtomicLong();
    AtomicLong non201 = new AtomicLong();
    AtomicLong lastErrorCount = new AtomicLong();
    String[] lastError = new String[1];
    AtomicLong offsetRegressions = new AtomicLong();
    JsonArray oooDetails = new JsonArray();
    for (Client c : clients) {
      Map<String, Integer> lastByStream = new ConcurrentHashMap<>();
      Map<String, Long> lastOffsetByStream = new ConcurrentHashMap<>();
      c.onData = t -> {
        long now = System.nanoTime();
        int at = t.indexOf("\"seq\":") + 6;
        int end = at;
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
          end++;
        }
        int seq = Integer.parseInt(t.substring(at, end));
        String stream = streams[seq % streams.length];
        Integer last = lastByStream.put(stream, seq);
        long offset = -1;
        int o1 = t.indexOf("\"offset\":");
        if (o1 >= 0) {
          int e1 = o1 + 9;
          while (e1 < t.length() && Character.isDigit(t.charAt(e1))) {
            e1++;
          }
          offset = Long.parseLong(t.substring(o1 + 9, e1));
          Long lastOffset = lastOffsetByStream.put(stream, offset);
          if (lastOffset != null && offset <= lastOffset) {
            offsetRegressions.incrementAndGet();
          }
        }
        if (last != null && seq < last) {
          outOfOrder.incrementAndGet();
          // Was the later-delivered broadcast (seq) acknowledged before the earlier-delivered one (last) was
          // even posted? Then the two did not overlap and the order is the product's; otherwise they were
          // in flight together and either order is legitimate.
          long ackSeq = http.get(seq) == 0 ? -1 : sentAt.get(seq) + http.get(seq);
          synchronized (oooDetails) {
            if (oooDetails.size() < 50) {
              oooDetails.add(new JsonObject().put("client", c.index).put("stream", stream).put("seq", seq)
                  .put("deliveredAfter", last).put("offset", offset).put("warmup", seq < warmup)
                  .put("postGapMs", r3((sentAt.get(last) - sentAt.get(seq)) / 1e6))
                  .put("seqAckedBeforeLaterPost", ackSeq > 0 && ackSeq < sentAt.get(last))
                  .put("seq201Ms", r3(http.get(seq) / 1e6)));
            }
          }
        }
        if (deliveries.incrementAndGet(seq) > expectedPerSeq[seq]) {
          dup.incrementAndGet();
        }
        if (seq >= warmup) {
          long i = frames.getAndIncrement();
          if (i < frameLat.length) {
            frameLat[(int) i] = now - sentAt.get(seq);
          }
        }
      };
    }
    for (int seq = 0; seq < total; seq++) {
      expectedPerSeq[seq] = subsPerStream[seq % streams.length];
    }
    double[] idle = idleRate(pids, Long.parseLong(o.getOrDefault("idle-ms", "4000")));

    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(16));
    AtomicLong inFlight = new AtomicLong();
    long[] cpuBefore = null;
    boolean threads = Boolean.parseBoolean(o.getOrDefault("threads", "false"));
    List<Map<Long, Long>> threadsBefore = null;
    long windowStart = 0;
    long periodNs = (long) (1e9 / Double.parseDouble(o.getOrDefault("warmup-rate", o.getOrDefault("rate", "50"))));
    long t0 = System.nanoTime();
    for (int seq = 0; seq < total; seq++) {
      if (seq == warmup) {
        // let the warm-up drain, then start the measured window
        long until = System.nanoTime() + 5_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < until) {
          sleep(5);
        }
        sleep(500);
        cpuBefore = cpuMs(pids);
        threadsBefore = threads ? threadCpu(pids) : null;
        windowStart = System.nanoTime();
        periodNs = (long) (1e9 / rate);
        t0 = windowStart - (long) seq * periodNs;
      }
      long due = t0 + seq * periodNs;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      final int s = seq;
      String body = new JsonObject().put("stream", streams[seq % streams.length])
          .put("data", "{\"seq\":" + seq + "}").encode();
      inFlight.incrementAndGet();
      sentAt.set(seq, System.nanoTime());
      client.request(HttpMethod.POST, postPort, "127.0.0.1", "/_broadcast")
          .compose(req -> req.putHeader("content-type", "application/json").send(body))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .onComplete(ar -> {
            long now = System.nanoTime();
            inFlight.decrementAndGet();
            if (ar.succeeded() && ar.result() == 201) {
              http.set(s, now - sentAt.get(s));
            } else {
              non201.incrementAndGet();
              lastErrorCount.incrementAndGet();
              lastError[0] = ar.succeeded() ? "HTTP " + ar.result() : String.valueOf(ar.cause());
            }
          });
    }
    long postsDone = System.nanoTime();
    long expectedMeasured = 0;
    for (int seq = warmup; seq < total; seq++) {
      expectedMeasured += expectedPerSeq[seq];
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((frames.get() < expectedMeasured || inFlight.get() > 0) && System.nanoTime() < deadline) {
      sleep(2);
    }
    long windowEnd = System.nanoTime();
    long[] cpuAfter = cpuMs(pids);
    List<Map<Long, Long>> threadsAfter = threads ? threadCpu(pids) : null;
    double wallSec = (windowEnd - windowStart) / 1e9;

    long[] httpLat = new long[count];
    int httpN = 0;
    for (int seq = warmup; seq < total; seq++) {
      if (http.get(seq) > 0) {
        httpLat[httpN++] = http.get(seq);
      }
    }
    long lost = 0;
    for (int seq = warmup; seq < total; seq++) {
      lost += Math.max(0, expectedPerSeq[seq] - deliveries.get(seq));
    }
    long closedClients = clients.stream().filter(c -> c.closed != null).count();
    JsonObject out = new JsonObject()
        .put("mode", "latency").put("label", o.getOrDefault("label", ""))
        .put("clients", nClients).put("streams", new JsonArray(List.of(streams))).put("rate", rate)
        .put("count", count).put("warmup", warmup).put("protocol", protocol)
        .put("postWindowSec", r2((postsDone - windowStart) / 1e9))
        .put("http201", pct(httpLat, httpN)).put("frame", pct(frameLat, (int) Math.min(frames.get(), frameLat.length)))
        .put("expectedFrames", expectedMeasured).put("frames", frames.get()).put("lost", lost)
        .put("duplicates", dup.get()).put("outOfOrder", outOfOrder.get())
        .put("offsetRegressions", offsetRegressions.get()).put("outOfOrderDetails", oooDetails).put("non201", non201.get())
        .put("closedClients", closedClients)
        .put("unexpectedFrames", clients.stream().mapToLong(c -> c.unexpected.get()).sum())
        .put("cpu", cpuFigures(cpuBefore, cpuAfter, idle, wallSec, count))
        .put("loadavg", loadavg());
    if (threads) {
      out.put("threadCpuMs", threadGroups(pids, threadsBefore, threadsAfter));
    }
    if (lastError[0] != null) {
      out.put("lastError", lastError[0]);
    }
    clients.forEach(c -> c.ws.close());
    client.close();
    return out;
  }

  // ---------------------------------------------------------------- subconfirm

  static JsonObject subconfirm(Map<String, String> o) throws Exception {
    Vertx vertx = Vertx.vertx();
    int[] wsPorts = ports(o.get("ws"));
    int count = Integer.parseInt(o.getOrDefault("count", "300"));
    int warm = Integer.parseInt(o.getOrDefault("warmup", "50"));
    String protocol = o.getOrDefault("protocol", "ext").equals("ext") ? EXT : PLAIN;
    String prefix = o.getOrDefault("prefix", "sc-");
    Client c = connect(vertx, wsPorts, 1, protocol).get(0);
    long[] lat = new long[count];
    for (int i = 0; i < warm + count; i++) {
      String stream = prefix + i;
      long t = System.nanoTime();
      c.subscribe(stream).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      long d = System.nanoTime() - t;
      if (i >= warm) {
        lat[i - warm] = d;
      }
      c.unsubscribe(identifier(stream));
    }
    c.ws.close();
    return new JsonObject().put("mode", "subconfirm").put("label", o.getOrDefault("label", ""))
        .put("protocol", protocol).put("confirm", pct(lat, count)).put("rejected", c.rejected.get())
        .put("loadavg", loadavg());
  }

  // ---------------------------------------------------------------- churn

  static JsonObject churn(Map<String, String> o) throws Exception {
    Vertx vertx = Vertx.vertx();
    int[] wsPorts = ports(o.get("ws"));
    int perNode = Integer.parseInt(o.getOrDefault("clients-per-node", "8"));
    int held = Integer.parseInt(o.getOrDefault("held", "100"));
    int window = Integer.parseInt(o.getOrDefault("window", "16"));
    long seconds = Long.parseLong(o.getOrDefault("seconds", "15"));
    String protocol = o.getOrDefault("protocol", "ext").equals("ext") ? EXT : PLAIN;
    String prefix = o.getOrDefault("prefix", "ch-");
    long[] pids = pids(o);
    int n = perNode * wsPorts.length;
    List<Client> clients = connect(vertx, wsPorts, n, protocol);

    long holdStart = System.nanoTime();
    List<Future<Void>> subs = new ArrayList<>();
    for (Client c : clients) {
      for (int i = 0; i < held; i++) {
        subs.add(c.subscribe(prefix + "held-" + c.index + "-" + i));
        if (subs.size() % 2000 == 0) {
          Future.all(subs).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        }
      }
    }
    Future.all(subs).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    double holdSec = (System.nanoTime() - holdStart) / 1e9;
    long heldRejected = clients.stream().mapToLong(c -> c.rejected.get()).sum();

    double[] idle = idleRate(pids, Long.parseLong(o.getOrDefault("idle-ms", "4000")));

    long[] lat = new long[8_000_000];
    AtomicLong pairs = new AtomicLong();
    AtomicLong latN = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int[] next = new int[n];
    Object[] locks = new Object[n];
    for (Client c : clients) {
      locks[c.index] = new Object();
      c.onConfirm = (id, ns) -> {
        long i = latN.getAndIncrement();
        if (i < lat.length) {
          lat[(int) i] = ns;
        }
        pairs.incrementAndGet();
        synchronized (locks[c.index]) {
          c.unsubscribe(id);
          if (System.nanoTime() < end) {
            c.subscribeNoWait(prefix + "churn-" + c.index + "-" + next[c.index]++);
          }
        }
      };
    }
    boolean threads = Boolean.parseBoolean(o.getOrDefault("threads", "false"));
    long[] cpuBefore = cpuMs(pids);
    List<Map<Long, Long>> threadsBefore = threads ? threadCpu(pids) : null;
    long start = System.nanoTime();
    for (Client c : clients) {
      synchronized (locks[c.index]) {
        for (int w = 0; w < window; w++) {
          c.subscribeNoWait(prefix + "churn-" + c.index + "-" + next[c.index]++);
        }
      }
    }
    sleep(seconds * 1000);
    long pairsAtEnd = pairs.get();
    long stop = System.nanoTime();
    long[] cpuAfter = cpuMs(pids);
    List<Map<Long, Long>> threadsAfter = threads ? threadCpu(pids) : null;
    // drain what is in flight (not counted)
    long drainUntil = System.nanoTime() + 30_000_000_000L;
    while (clients.stream().anyMatch(c -> !c.pending.isEmpty()) && System.nanoTime() < drainUntil) {
      sleep(10);
    }
    long stuck = clients.stream().mapToLong(c -> c.pending.size()).sum();
    double sec = (stop - start) / 1e9;
    long closedClients = clients.stream().filter(c -> c.closed != null).count();
    JsonObject out = new JsonObject().put("mode", "churn").put("label", o.getOrDefault("label", ""))
        .put("protocol", protocol).put("clients", n).put("heldStreams", (long) n * held)
        .put("heldSetupSec", r2(holdSec)).put("heldRejected", heldRejected).put("window", window)
        .put("seconds", r2(sec)).put("pairs", pairsAtEnd).put("pairsPerSec", Math.round(pairsAtEnd / sec))
        .put("confirm", pct(lat, (int) Math.min(latN.get(), lat.length)))
        .put("rejected", clients.stream().mapToLong(c -> c.rejected.get()).sum() - heldRejected)
        .put("unconfirmedAfter30s", stuck).put("closedClients", closedClients)
        .put("unexpectedFrames", clients.stream().mapToLong(c -> c.unexpected.get()).sum())
        .put("cpu", cpuFigures(cpuBefore, cpuAfter, idle, sec, Math.max(1, pairsAtEnd)))
        .put("loadavg", loadavg());
    if (threads) {
      out.put("threadCpuMs", threadGroups(pids, threadsBefore, threadsAfter));
    }
    clients.forEach(c -> c.ws.close());
    return out;
  }
}
