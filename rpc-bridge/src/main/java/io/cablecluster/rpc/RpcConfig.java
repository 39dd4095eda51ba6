package io.cablecluster.rpc;

import io.cablecluster.core.Secrets;
import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * How the node talks to the AnyCable HTTP RPC backend.
 *
 * <p>RPC is off (standalone mode: JWT and signed/public streams decide alone) when {@code rpc_host} is
 * unset or {@code norpc} is true; both are shared with the gateway and parsed once ({@link SharedOptions},
 * which also refuses an {@code rpc_host} without an http(s) scheme).
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

  public static final Option<String> HTTP_RPC_SECRET = Option.string("http_rpc_secret", "",
      "bearer token sent to the RPC backend; none disables").defaultShownAs("HMAC(secret, \"rpc-cable\")");
  public static final Option<Integer> RPC_REQUEST_TIMEOUT = Option.integer("rpc_request_timeout", 3000, 1, 600_000,
      "one HTTP attempt, milliseconds");
  public static final Option<Integer> RPC_COMMAND_TIMEOUT = Option.integer("rpc_command_timeout", 3000, 1, 600_000,
      "one call including retries, milliseconds");
  public static final Option<Integer> RPC_CONCURRENCY = Option.integer("rpc_concurrency", 28, 1, 10_000,
      "calls in flight to the backend");

  /** For tests and tools: parses the shared options ({@code rpc_host}, {@code norpc}, {@code secret}) too. */
  public static RpcConfig from(Settings s) {
    return from(SharedOptions.from(s), s);
  }

  public static RpcConfig from(SharedOptions shared, Settings s) {
    String secret = Secrets.derive(HTTP_RPC_SECRET.read(s), shared.secret(), SECRET_PURPOSE);
    int requestTimeout = RPC_REQUEST_TIMEOUT.read(s);
    int commandTimeout = RPC_COMMAND_TIMEOUT.read(s);
    int concurrency = RPC_CONCURRENCY.read(s);
    if (!shared.rpcEnabled()) {
      return new RpcConfig(false, "", secret, requestTimeout, commandTimeout, concurrency, 0);
    }
    return new RpcConfig(true, shared.rpcUrl(), secret, requestTimeout, commandTimeout, concurrency,
        concurrency * WAITING_PER_SLOT);
  }

  /** A copy with a different bound on waiting calls (tests use small ones). */
  public RpcConfig withMaxWaiting(int waiting) {
    return new RpcConfig(enabled, baseUrl, secret, requestTimeoutMs, commandTimeoutMs, concurrency, waiting);
  }
}
