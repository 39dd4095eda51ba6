package io.cablecluster.core.status;

import io.cablecluster.core.metrics.MetricsAccess;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * The live status page: {@code GET /_status} (one self-contained HTML document, its script and style inlined
 * from this package's resources so it works offline, with no build step) and {@code GET /_status/data} (the
 * cluster's snapshots as JSON, {@link StatusAggregator}). Mounted next to {@code /metrics}, on the same port,
 * only when metrics are on. Every route goes through {@link #route}, the one place access is checked.
 */
public final class StatusPage {
  public static final String PATH = "/_status";
  private static final String RESOURCES = "/io/cablecluster/core/status/";
  private static final Page PAGE = Page.load();
  private final StatusAggregator aggregator;

  /** The assembled document and its Content-Security-Policy (inline script and style allowed by hash only). */
  private record Page(Buffer html, String policy) {
    static Page load() {
      String script = resource("status.js");
      String style = resource("status.css");
      String html = resource("status.html").replace("/*STYLE*/", style).replace("/*SCRIPT*/", script);
      String policy = "default-src 'none'; script-src '" + hash(script) + "'; style-src '" + hash(style)
          + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
      return new Page(Buffer.buffer(html), policy);
    }
  }

  public StatusPage(StatusAggregator aggregator) {
    this.aggregator = aggregator;
  }

  /** Mounts the page and its data behind {@code allowed} (the {@code /metrics} access rule). */
  public void mount(Router router, Predicate<HttpServerRequest> allowed, Runnable refused) {
    route(router, PATH, allowed, refused, this::page);
    route(router, PATH + "/data", allowed, refused, this::data);
  }

  /**
   * The one gate of every status route, called before its handler: the metrics endpoint's access check
   * ({@code metrics_key}), so that the page and its data are exactly as protected as {@code /metrics}. The
   * page passes the {@code ?key=} of its own URL on to its data requests.
   */
  private static void route(Router router, String path, Predicate<HttpServerRequest> allowed, Runnable refused,
                            Handler<RoutingContext> handler) {
    router.get(path).handler(ctx -> {
      if (!allowed.test(ctx.request())) {
        refused.run();
        MetricsAccess.refuse(ctx.request());
        return;
      }
      ctx.response().putHeader("cache-control", "no-store")
          .putHeader("x-content-type-options", "nosniff")
          .putHeader("referrer-policy", "no-referrer");
      handler.handle(ctx);
    });
  }

  private void page(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("content-security-policy", PAGE.policy())
        .end(PAGE.html());
  }

  /** Never waits on the event loop: the round completes within the member timeout, then the answer is sent. */
  private void data(RoutingContext ctx) {
    Context here = Vertx.currentContext();
    aggregator.cluster().onComplete(ar -> here.runOnContext(v -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("content-type", "application/json").end(ar.result().encode());
      } else {
        ctx.response().setStatusCode(500).putHeader("content-type", "application/json")
            .end("{\"error\":\"status unavailable\"}");
      }
    }));
  }

  private static String resource(String name) {
    try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCES + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(String inline) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
