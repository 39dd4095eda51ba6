package io.cablecluster.core.metrics;

/**
 * Every metric name of the node, in one place, as AnyCable-Go spells them ({@link CableMetrics} adds the
 * {@code anycable_go_} prefix). Dashboards depend on these: renaming one is a breaking change.
 * Names ending in {@code _total} are counters, {@link #EVENT_LOOP_DELAY} and {@link #RPC_CALL_DURATION} summaries,
 * the others gauges. Each one is explained in docs/METRICS.md (node's {@code MetricsDocTest} checks it).
 */
public final class MetricNames {
  private MetricNames() {
  }

  // HTTP front: admission of connections on every port (ours: AnyCable-Go blocks in accept and counts nothing)
  /** TCP connections closed at once because their port already held max_conn. */
  public static final String CONN_LIMIT_REFUSED_TOTAL = "conn_limit_refused_total";
  /** Connections closed because a request's headers did not arrive within read_header_timeout. */
  public static final String READ_HEADER_TIMEOUT_TOTAL = "read_header_timeout_total";
  /** Keep-alive HTTP connections closed after http_idle_timeout without a request. */
  public static final String HTTP_IDLE_TIMEOUT_TOTAL = "http_idle_timeout_total";
  /** Ours: WebSocket handshakes refused (503) because the heap was over max_heap_usage after a collection. */
  public static final String HEAP_REFUSED_TOTAL = "heap_refused_total";
  /** WebSocket handshakes (any path) refused with 403 because their Origin is not in allowed_origins. */
  public static final String ORIGIN_REFUSED_TOTAL = "origin_refused_total";
  /** Accepted TCP connections open now, all ports together (clients_num counts Action Cable sessions). */
  public static final String HTTP_CONNECTIONS_NUM = "http_connections_num";

  // the node: operator endpoints, event loops, cluster (ours)
  /** Ours: requests to the metrics endpoint refused with 401 (metrics_key set, no or a wrong key). */
  public static final String METRICS_UNAUTHORIZED_TOTAL = "metrics_unauthorized_total";
  /** Ours: a summary (seconds) of how late each event loop ran a periodic timer ({@code _max}, {@code _sum}, {@code _count}). */
  public static final String EVENT_LOOP_DELAY = "event_loop_delay";
  /** Ours: members of the Hazelcast cluster this node sees (1 when not clustered). */
  public static final String CLUSTER_MEMBERS_NUM = "cluster_members_num";

  // gateway: client sessions and their traffic
  /** Every message read from a client (a command, valid or not, is counted once it is decoded). */
  public static final String CLIENT_MSG_TOTAL = "client_msg_total";
  public static final String FAILED_CLIENT_MSG_TOTAL = "failed_client_msg_total";
  /** Every message written to a client (data, welcome, confirmations, pings, disconnects). */
  public static final String SERVER_MSG_TOTAL = "server_msg_total";
  /** Payload bytes of the messages written to clients (before compression). */
  public static final String DATA_SENT_TOTAL = "data_sent_total";
  /** Payload bytes of the messages read from clients (after inflation). */
  public static final String DATA_RCVD_TOTAL = "data_rcvd_total";
  /** Open connections with distinct identifiers (several tabs of one user count once). */
  public static final String CLIENTS_UNIQ_NUM = "clients_uniq_num";
  /** Ours: channel subscriptions held by this node's open connections. */
  public static final String SUBSCRIPTIONS_NUM = "subscriptions_num";
  public static final String FAILED_SERVER_MSG_TOTAL = "failed_server_msg_total";
  public static final String FAILED_AUTHS_TOTAL = "failed_auths_total";
  /** Ours (AnyCable-Go has no JWKS): fetches of jwt_jwks_url that failed (down, slow, garbage, oversized). */
  public static final String JWKS_FETCH_ERRORS_TOTAL = "jwks_fetch_errors_total";
  public static final String DISCONNECTED_SLOW_CLIENTS_TOTAL = "disconnected_slow_clients_total";
  public static final String CLIENTS_NUM = "clients_num";
  public static final String BROADCAST_STREAMS_NUM = "broadcast_streams_num";
  /** Presence joins refused by the store: info over presence_max_info_bytes, records over presence_max_records. */
  public static final String PRESENCE_JOINS_REFUSED_TOTAL = "presence_joins_refused_total";
  /** Streams a node keeps following without subscribers, for the linger after the last one left. */
  public static final String STREAMS_LINGERING_NUM = "streams_lingering_num";
  public static final String DISCONNECT_QUEUE_SIZE = "disconnect_queue_size";
  /** Ours (AnyCable-Go blocks instead): Disconnect calls refused because disconnect_backlog_size was reached. */
  public static final String DISCONNECT_QUEUE_DROPPED_TOTAL = "disconnect_queue_dropped_total";
  /** Ours (AnyCable-Go has no caps): subscribes rejected by max_subscriptions or max_identifier_size. */
  public static final String SUBSCRIPTIONS_OVER_LIMIT_TOTAL = "subscriptions_over_limit_total";
  /** Ours: client messages over max_message_size (one frame, fragments or inflated), each closed with 1009. */
  public static final String CLIENT_MSG_TOO_BIG_TOTAL = "client_msg_too_big_total";
  /** Ours: WebSocket protocol violations (bad framing, opcode, RSV bits, corrupt compression), closed with 1002. */
  public static final String WS_PROTOCOL_ERRORS_TOTAL = "ws_protocol_errors_total";
  /** Ours: client pings left unanswered (a later one came while a pong was unsent: only the latest is answered). */
  public static final String WS_PONGS_DROPPED_TOTAL = "ws_pongs_dropped_total";
  public static final String HISTORY_STREAMS_NUM = "history_streams_num";
  /** Ours: what this node's memory broker holds of history, in characters (bounded by history_max_node_bytes). */
  public static final String HISTORY_BYTES = "history_bytes";
  /** Ours: numbered broadcasts this node received twice (a retried ingress, a moved home) and dropped. */
  public static final String STREAM_DUPLICATES_DROPPED_TOTAL = "stream_duplicates_dropped_total";
  /** Ours: numbered broadcasts this node never got, not even from the log (history lost): skipped over. */
  public static final String STREAM_GAP_SKIPPED_TOTAL = "stream_gap_skipped_total";
  /** Ours: broadcasts delivered without a position because the log could not store them (too big, full). */
  public static final String STREAM_UNNUMBERED_TOTAL = "stream_unnumbered_total";

  // rpc-bridge: calls to the backend's HTTP RPC
  public static final String RPC_CALL_TOTAL = "rpc_call_total";
  public static final String RPC_ERROR_TOTAL = "rpc_error_total";
  public static final String RPC_RETRIES_TOTAL = "rpc_retries_total";
  public static final String RPC_TIMEOUT_TOTAL = "rpc_timeout_total";
  /** Calls waiting for a slot (rpc_concurrency): AnyCable-Go's meaning of pending. */
  public static final String RPC_PENDING_NUM = "rpc_pending_num";
  /** Ours: a summary (seconds) of how long each RPC call took, slot wait and retries included. */
  public static final String RPC_CALL_DURATION = "rpc_call_duration";
  public static final String RPC_CAPACITY_NUM = "rpc_capacity_num";

  // broadcaster: everything ingested, whatever the source
  /** Broadcasts and remote commands taken in from the application (HTTP, Redis), counted where they enter. */
  public static final String PUBLICATIONS_TOTAL = "publications_total";
  /** Broadcasts this node received for its own clients (each gateway node counts each broadcast once). */
  public static final String BROADCAST_MSG_TOTAL = "broadcast_msg_total";
  public static final String REMOTE_COMMANDS_TOTAL = "remote_commands_total";
  public static final String FAILED_BROADCAST_MSG_TOTAL = "failed_broadcast_msg_total";

  // broadcaster: Redis pub/sub and the connection
  public static final String REDIS_PUBSUB_MESSAGES_TOTAL = "redis_pubsub_messages_total";
  public static final String REDIS_PUBSUB_LEADER = "redis_pubsub_leader";
  public static final String REDIS_RECONNECTS_TOTAL = "redis_reconnects_total";
  public static final String REDIS_CONNECTED = "redis_connected";

  // broadcaster: backend Redis Streams (design:jobs…) consumed in a group
  public static final String REDIS_STREAMS_ENTRIES_TOTAL = "redis_streams_entries_total";
  public static final String REDIS_STREAMS_MALFORMED_TOTAL = "redis_streams_malformed_total";
  public static final String REDIS_STREAMS_KEYS = "redis_streams_keys";
  public static final String REDIS_STREAMS_KEYS_OVER_LIMIT_TOTAL = "redis_streams_keys_over_limit_total";
  public static final String REDIS_STREAMS_REDELIVERED_TOTAL = "redis_streams_redelivered_total";
  public static final String REDIS_STREAMS_CLAIMED_TOTAL = "redis_streams_claimed_total";

  /** Ours: entries delivered to the backend-streams group and not acknowledged yet, over its streams. */
  public static final String REDIS_STREAMS_PENDING_NUM = "redis_streams_pending_num";
  /** Ours: entries of the backend streams not delivered to the group yet (Redis 7+; 0 when Redis cannot tell). */
  public static final String REDIS_STREAMS_LAG_NUM = "redis_streams_lag_num";

  // broadcaster: AnyCable's RedisX stream, consumed the same way
  public static final String REDISX_ENTRIES_TOTAL = "redisx_entries_total";
  public static final String REDISX_MALFORMED_TOTAL = "redisx_malformed_total";
  public static final String REDISX_KEYS = "redisx_keys";
  public static final String REDISX_KEYS_OVER_LIMIT_TOTAL = "redisx_keys_over_limit_total";
  public static final String REDISX_REDELIVERED_TOTAL = "redisx_redelivered_total";
  public static final String REDISX_CLAIMED_TOTAL = "redisx_claimed_total";
  public static final String REDISX_PENDING_NUM = "redisx_pending_num";
  public static final String REDISX_LAG_NUM = "redisx_lag_num";

  // broadcaster: the plain-WebSocket event service
  public static final String WS_EVENTS_TOTAL = "ws_events_total";
  public static final String WS_EVENTS_DELIVERED_TOTAL = "ws_events_delivered_total";
  public static final String WS_EVENTS_DROPPED_TOTAL = "ws_events_dropped_total";
  public static final String WS_EVENTS_FAILED_TOTAL = "ws_events_failed_total";
  public static final String WS_EVENTS_CLIENTS = "ws_events_clients";
  /** Ours: /ws handshakes and POST /events refused with 401 for a missing or wrong key. */
  public static final String WS_EVENTS_UNAUTHORIZED_TOTAL = "ws_events_unauthorized_total";

  // the /_status page
  /** Ours: cluster members that gave the status page no snapshot (no answer within 1 s, no consumer, unreadable). */
  public static final String STATUS_NO_ANSWER_TOTAL = "status_no_answer_total";
  public static final String SSE_CLIENTS_NUM = "sse_clients_num";
  /** Event-bus connections that failed the cluster TLS handshake. */
  public static final String CLUSTER_TLS_REFUSED_TOTAL = "cluster_tls_refused_total";
  public static final String SSE_BAD_REQUESTS_TOTAL = "sse_bad_requests_total";

  /** The names one stream-group consumer reports under ({@code prefix} also labels its log lines). */
  public record StreamGroup(String prefix, String entries, String malformed, String keys, String keysOverLimit,
                            String redelivered, String claimed, String pending, String lag) {
  }

  public static final StreamGroup REDIS_STREAMS = new StreamGroup("redis_streams", REDIS_STREAMS_ENTRIES_TOTAL,
      REDIS_STREAMS_MALFORMED_TOTAL, REDIS_STREAMS_KEYS, REDIS_STREAMS_KEYS_OVER_LIMIT_TOTAL,
      REDIS_STREAMS_REDELIVERED_TOTAL, REDIS_STREAMS_CLAIMED_TOTAL, REDIS_STREAMS_PENDING_NUM, REDIS_STREAMS_LAG_NUM);
  public static final StreamGroup REDISX = new StreamGroup("redisx", REDISX_ENTRIES_TOTAL,
      REDISX_MALFORMED_TOTAL, REDISX_KEYS, REDISX_KEYS_OVER_LIMIT_TOTAL, REDISX_REDELIVERED_TOTAL, REDISX_CLAIMED_TOTAL,
      REDISX_PENDING_NUM, REDISX_LAG_NUM);
}
