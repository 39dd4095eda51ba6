package io.cablecluster.rpc;

import io.cablecluster.core.Secrets;
import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;

/**
 * How the node talks to the AnyCable HTTP RPC backend.
 *
 * <p>RPC is off (standalone mode: JWT and signed/public streams decide alone) when {@code rpc_host} is
 * unset or {@code norpc} is true. We speak only HTTP RPC, so an {@code rpc_host} without an http(s)
 * scheme (AnyCable's gRPC form, e.g. {@code localhost:50051}) is refused rather than silently ignored.
 *
 * @param baseUrl    the backend's RPC mount, without a trailing slash, e.g. {@code http://localhost:3000/_anycable}
 * @param secret     bearer token sent to the backend, or null to send none
 * @param maxWaiting calls allowed to wait for a free slot; beyond that a call fails at once with 503
 */
public record RpcConfig(boolean enabled, String baseUrl, String secret, int requestTimeoutMs,
                        int commandTimeoutMs, int concurrency, int maxWaiting) {

  /** AnyCable's purpose string for deriving the RPC secret from {@code secret}. */
  public static final String SECRET_PURPOSE = "rpc-cable";
  /** Waiting calls allowed per concurrency slot: absorbs bursts (a reconnect storm) without unbounded growth. */
  static final int WAITING_PER_SLOT = 64;

  public static RpcConfig from(Settings s) {
    boolean norpc = s.bool("norpc", false);
    String host = s.string("rpc_host", "");
    String secret = Secrets.derive(s.string("http_rpc_secret", ""), s.string("secret", ""), SECRET_PURPOSE);
    int requestTimeout = s.integer("rpc_request_timeout", 3000, 1, 600_000);
    int commandTimeout = s.integer("rpc_command_timeout", 3000, 1, 600_000);
    int concurrency = s.integer("rpc_concurrency", 28, 1, 10_000);
    if (norpc || host.isEmpty()) {
      return new RpcConfig(false, "", secret, requestTimeout, commandTimeout, concurrency, 0);
    }
    if (!host.startsWith("http://") && !host.startsWith("https://")) {
      throw ConfigException.invalid("rpc_host", host,
          "an http:// or https:// URL of the backend's AnyCable HTTP RPC mount (gRPC is not supported)");
    }
    String base = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
    return new RpcConfig(true, base, secret, requestTimeout, commandTimeout, concurrency,
        concurrency * WAITING_PER_SLOT);
  }

  /** A copy with a different bound on waiting calls (tests use small ones). */
  public RpcConfig withMaxWaiting(int waiting) {
    return new RpcConfig(enabled, baseUrl, secret, requestTimeoutMs, commandTimeoutMs, concurrency, waiting);
  }
}
