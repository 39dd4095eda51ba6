#!/usr/bin/env bash
# Summarises `jfr print --events jdk.ExecutionSample` (stdin): where the sampled threads were (top frame,
# "self"), and the first frame of our own code in each stack ("ours", inclusive). Top 15 of each.
awk 'BEGIN { depth = -1 }
  /stackTrace = \[/ { depth = 0; ours = ""; next }
  /^[[:space:]]*\]/ { if (depth > 0) { samples++; if (ours != "") mine[ours]++ } depth = -1; next }
  depth >= 0 && /line:/ {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame)
    if (depth == 0) self[frame]++
    if (ours == "" && frame ~ /^io\.cablecluster\./) ours = frame
    depth++
  }
  END {
    printf "samples: %d\n\n-- top frames (self) --\n", samples
    for (f in self) printf "%6d %5.1f%%  %s\n", self[f], 100 * self[f] / samples, f | "sort -rn | head -15"
    close("sort -rn | head -15")
    printf "\n-- first io.cablecluster frame (inclusive) --\n"
    for (f in mine) printf "%6d %5.1f%%  %s\n", mine[f], 100 * mine[f] / samples, f | "sort -rn | head -15"
  }'
