package io.cablecluster.broadcaster;

import io.cablecluster.broadcaster.events.EventService;
import io.cablecluster.broadcaster.events.EventsConfig;
import io.cablecluster.broadcaster.http.BroadcastEndpoint;
import io.cablecluster.broadcaster.redis.RedisConfig;
import io.cablecluster.broadcaster.redis.RedisIngestion;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.status.StatusContributor;
import io.cablecluster.core.status.StatusSnapshot;
import io.cablecluster.core.streams.StreamPublisher;
import io.cablecluster.core.Role;
import io.cablecluster.core.http.HttpEndpoints;
import io.vertx.core.Future;
import io.cablecluster.core.health.ReadinessCheck;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Takes broadcasts from backends (HTTP, Redis pub/sub, RedisX and backend streams) and publishes them
 * cluster-wide on the event bus; also serves the plain-WebSocket event service ({@code /ws} + {@code /events}).
 */
public final class BroadcasterRole implements Role, StatusContributor {
  private static final Logger LOG = Logger.getLogger(BroadcasterRole.class.getName());
  private final NodeContext context;
  private final BroadcastHttpConfig http;
  private final RedisConfig redis;
  private final EventsConfig events;
  private RedisIngestion ingestion;
  private String ingestionDeployment;
  private EventService eventService;

  public BroadcasterRole(NodeContext context) {
    this.context = context;
    this.http = BroadcastHttpConfig.from(context.shared(), context.settings(), context.node().port());
    this.redis = RedisConfig.from(context.settings(), context.node().port());
    this.events = EventsConfig.from(context.shared(), context.settings());
  }

  @Override
  public String name() {
    return "broadcaster";
  }

  @Override
  public Future<Void> start() {
    if (redis.requestedWithoutUrl()) {
      LOG.warning("broadcast_adapter names redis/redisx but no redis_url (or REDIS_URL) is set: Redis stays off");
    }
    Future<Void> started = Future.succeededFuture();
    if (events.offReason() != null) {
      LOG.info("event service (" + events.wsPath() + ", " + events.eventsPath() + ") off: " + events.offReason());
    } else if (events.enabled() && events.key() == null && !context.shared().publicMode()) {
      LOG.warning("event service open (events_key=none): anyone may POST " + events.eventsPath()
          + " and listen on " + events.wsPath());
    }
    if (events.enabled()) {
      eventService = new EventService(context.vertx(), events, context.metrics());
      started = started.compose(v -> eventService.start());
    }
    if (redis.enabled()) {
      // Pub/sub reaches every node: with a cluster-wide log each would store it again, so then one lease
      // holder forwards it (as on broadcaster-only nodes); otherwise each node keeps it to its own gateway.
      boolean clusterLog = context.streams().numbers() && context.vertx().isClustered();
      ingestion = new RedisIngestion(redis, context.metrics(), publisher(),
          context.node().runs("gateway") && !clusterLog);
      started = started.compose(v -> context.vertx().deployVerticle(ingestion))
          .map(id -> {
            ingestionDeployment = id;
            return null;
          });
    }
    return started;
  }

  @Override
  public Set<Integer> extraPorts() {
    return !redis.http() || http.port() == context.node().port() ? Set.of() : Set.of(http.port());
  }

  @Override
  public void mount(HttpEndpoints endpoints) {
    if (redis.http() && endpoints.port() == http.port()) {
      BroadcastEndpoint endpoint = new BroadcastEndpoint(http, context.metrics(), publisher());
      endpoint.mount(endpoints.router());
      BroadcastEndpoint.mountErrorBodies(endpoints.router());
    }
    if (eventService != null && endpoints.port() == context.node().port()) {
      eventService.mount(endpoints);
    }
  }

  private StreamPublisher publisher() {
    return new StreamPublisher(context.vertx().eventBus(), context.streams(),
        context.metrics().counter(MetricNames.STREAM_UNNUMBERED_TOTAL)::increment);
  }

  /** Stops reading Redis first so no entry is read that could not be published and acknowledged. */
  @Override
  public Future<Void> drain() {
    String deployment = ingestionDeployment;
    ingestionDeployment = null;
    Future<Void> stopped = deployment == null ? Future.succeededFuture() : context.vertx().undeploy(deployment);
    EventService events = eventService;
    return events == null ? stopped : stopped.compose(v -> events.stop());
  }

  /**
   * On a node that only ingests from Redis (no gateway), Redis is what it is there for: not ready while it is
   * down. A node with a gateway stays ready through a Redis blip (its clients are still served).
   */
  @Override
  public List<ReadinessCheck> readinessChecks() {
    if (!redis.enabled() || context.node().runs("gateway")) {
      return List.of();
    }
    return List.of(ReadinessCheck.of("redis", () -> ingestion != null && redisConnected()
        ? ReadinessCheck.Result.ok("ok") : ReadinessCheck.Result.down("not connected to Redis, reconnecting")));
  }

  /**
   * Whether the configured Redis is connected (true without one): what an ingest-only node's readiness reports.
   * Not liveness: a Redis outage must not get nodes restarted.
   */
  public boolean redisConnected() {
    return ingestion == null || ingestion.healthy();
  }

  /** Redis ingest for the node's {@code /_status} snapshot (nothing when this node reads no Redis). */
  @Override
  public void contribute(StatusSnapshot snapshot) {
    RedisIngestion redis = ingestion;
    if (redis != null) {
      snapshot.redisIngest(redis.healthy(), redis.readsStreams(), redis.lag().lagMillis(), redis.lag().readAtMillis());
    }
  }

  public BroadcastHttpConfig httpConfig() {
    return http;
  }

  public EventsConfig eventsConfig() {
    return events;
  }

  public RedisConfig redisConfig() {
    return redis;
  }
}
