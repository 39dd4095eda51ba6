# Shell helpers shared by the bench scripts (sourced, not run).

free_port() { # a loopback port nothing listens on
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
