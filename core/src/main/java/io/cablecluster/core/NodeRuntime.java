package io.cablecluster.core;

import io.cablecluster.core.health.Readiness;
import io.cablecluster.core.health.ReadinessCheck;
import io.cablecluster.core.http.ConnectionAdmission;
import io.cablecluster.core.metrics.ProcessMeters;
import io.cablecluster.core.http.HttpFrontVerticle;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.status.NodeStatus;
import io.cablecluster.core.status.StatusAggregator;
import io.cablecluster.core.status.StatusContributor;
import io.cablecluster.core.status.StatusPage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Starts roles, then their HTTP servers (one instance per event loop per port); stops them in reverse,
 * draining first. Shared by the launcher and by tests so both run the same start sequence.
 */
public final class NodeRuntime {
  private static final Logger LOG = Logger.getLogger(NodeRuntime.class.getName());
  private final NodeContext context;
  private final List<Role> roles;
  private final ConnectionAdmission admission;
  private final NodeStatus status;
  private final StatusPage statusPage;
  private final Map<Integer, Integer> boundPorts = new LinkedHashMap<>();
  private final List<String> deployments = new ArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Readiness readiness;
  private ProcessMeters processMeters;

  public NodeRuntime(NodeContext context, List<Role> roles) {
    this(context, roles, List.of());
  }

  /** {@code nodeChecks}: readiness conditions from outside the roles (e.g. the cluster's), asked with theirs. */
  public NodeRuntime(NodeContext context, List<Role> roles, List<ReadinessCheck> nodeChecks) {
    this.context = context;
    this.roles = List.copyOf(roles);
    this.admission = new ConnectionAdmission(context.node().admission(), context.metrics());
    this.status = new NodeStatus(context.vertx(), context.node(), context.metrics(), roles.stream()
        .filter(StatusContributor.class::isInstance).map(StatusContributor.class::cast).toList());
    this.statusPage = new StatusPage(new StatusAggregator(context.vertx(), status,
        StatusAggregator.Members.of(context.vertx(), status.nodeId()), 1000,
        context.metrics().counter(MetricNames.STATUS_NO_ANSWER_TOTAL)));
    List<ReadinessCheck> checks = new ArrayList<>(nodeChecks);
    // A draining node still serves its clients' goodbyes but must get no new ones.
    checks.add(ReadinessCheck.of("draining", () -> stopping.get()
        ? new ReadinessCheck.Result(false, "yes") : ReadinessCheck.Result.ok("no")));
    roles.forEach(role -> checks.addAll(role.readinessChecks()));
    this.readiness = new Readiness(checks);
  }

  public Future<NodeRuntime> start() {
    processMeters = ProcessMeters.start(context.vertx(), context.metrics());
    Future<Void> started = context.stores().start(context.vertx());
    for (Role role : roles) {
      started = started.compose(v -> role.start());
    }
    // Every node answers status requests (another node's page may ask) even when it serves no page itself.
    return started.compose(v -> startHttp()).compose(v -> {
      status.listening(context.node().host(), mainPort());
      return status.start();
    }).map(this).onFailure(e -> processMeters.close());
  }

  private Future<Void> startHttp() {
    TreeSet<Integer> ports = new TreeSet<>();
    ports.add(context.node().port());
    roles.forEach(role -> ports.addAll(role.extraPorts()));
    if (context.node().metricsPort() != context.node().port() && !context.node().metricsPath().isEmpty()) {
      ports.add(context.node().metricsPort());
    }
    Future<Void> chain = Future.succeededFuture();
    for (int port : ports) {
      chain = chain.compose(v -> deployFront(port));
    }
    return chain;
  }

  private Future<Void> deployFront(int port) {
    Vertx vertx = context.vertx();
    List<HttpFrontVerticle> instances = new ArrayList<>();
    return vertx.deployVerticle(() -> {
          HttpFrontVerticle front = new HttpFrontVerticle(port, context.node(), roles, context.metrics(), admission,
              readiness, statusPage);
          synchronized (instances) {
            instances.add(front);
          }
          return front;
        }, new DeploymentOptions().setInstances(context.node().httpInstances()))
        .map(id -> {
          deployments.add(id);
          boundPorts.put(port, instances.get(0).actualPort());
          LOG.info("listening on " + context.node().host() + ":" + instances.get(0).actualPort());
          return null;
        });
  }

  /** The port a configured port was bound to (differs only when configured as 0). */
  public int boundPort(int configured) {
    Integer bound = boundPorts.get(configured);
    if (bound == null) {
      throw new IllegalArgumentException("no HTTP server configured on port " + configured);
    }
    return bound;
  }

  public int mainPort() {
    return boundPort(context.node().port());
  }

  public NodeContext context() {
    return context;
  }

  public List<Role> roles() {
    return roles;
  }

  /**
   * Graceful stop: every role drains (in reverse start order) within the shutdown timeout, then the HTTP
   * servers close and Vert.x closes (which leaves the cluster).
   */
  public Future<Void> stop() {
    if (!stopping.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    Vertx vertx = context.vertx();
    List<Role> reversed = new ArrayList<>(roles);
    java.util.Collections.reverse(reversed);
    // Roles drain while the HTTP servers still run: closing a server first would drop every socket
    // before it got its disconnect frame. Roles refuse new work once stopping() is true.
    // shutdown_delay (AnyCable-Go's): everything keeps serving while readiness already answers 503, so load
    // balancers stop sending new clients before the roles drain.
    long delayMs = context.node().shutdownDelaySeconds() * 1000L;
    Future<Void> drained = delayMs <= 0 ? Future.succeededFuture()
        : Future.future(p -> vertx.setTimer(delayMs, id -> p.complete()));
    for (Role role : reversed) {
      drained = drained.compose(v -> role.drain().recover(e -> {
        LOG.warning(role.name() + " did not drain cleanly: " + e.getMessage());
        return Future.succeededFuture();
      }));
    }
    long timeoutMs = Math.max(1, context.node().shutdownTimeoutSeconds()) * 1000L;
    Future<Void> bounded = drained.timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(e -> {
          LOG.warning("shutdown timeout reached: " + e.getMessage());
          return Future.succeededFuture();
        });
    for (String id : deployments) {
      bounded = bounded.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    bounded = bounded.compose(v -> status.stop().recover(e -> Future.succeededFuture()));
    return bounded.compose(v -> context.stores().stop().recover(e -> Future.succeededFuture()))
        .compose(v -> {
          if (processMeters != null) {
            processMeters.close();
          }
          return vertx.close();
        });
  }

  /** What {@code readiness_path} answers from. */
  public Readiness readiness() {
    return readiness;
  }

  public boolean stopping() {
    return stopping.get();
  }
}
