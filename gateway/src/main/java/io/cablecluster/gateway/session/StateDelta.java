package io.cablecluster.gateway.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** AnyCable's state updates (cstate, istate): a key with an empty value is deleted. */
final class StateDelta {
  private StateDelta() {
  }

  /** A read-only copy that keeps the state's iteration order (it becomes JSON for the backend). */
  static Map<String, String> copy(Map<String, String> state) {
    return state.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(state));
  }

  static void merge(Map<String, String> target, Map<String, String> delta) {
    delta.forEach((k, v) -> {
      if (v.isEmpty()) {
        target.remove(k);
      } else {
        target.put(k, v);
      }
    });
  }
}
