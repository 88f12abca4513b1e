# shellcheck shell=bash
# Small helpers shared by tests/system/*.sh: timing, assertions, a free loopback port, waiting.

ts_now() { date +%s.%N; }
# seconds since $1 with 2 decimals
ts_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }

TIMINGS=()
timing() { TIMINGS+=("$(printf '%-52s %8s s' "$1" "$2")"); printf '  timing: %s %s s\n' "$1" "$2" >&2; }
print_timings() { local t; echo "---- timings ----"; for t in "${TIMINGS[@]}"; do echo "$t"; done; }

step() { printf '\n[%s] == %s\n' "$(date +%T)" "$*" >&2; }
ok() { printf '[%s]    ok: %s\n' "$(date +%T)" "$*" >&2; }

# A loopback TCP port nobody listens on (random in 20000-45000).
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 25000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# wait_for SECONDS DESCRIPTION CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
  local limit="$1" what="$2"; shift 2
  local t0; t0=$(date +%s.%N)
  while ! "$@" >/dev/null 2>&1; do
    if awk -v a="$t0" -v b="$(date +%s.%N)" -v l="$limit" 'BEGIN{exit !(b-a > l)}'; then
      echo "timed out after ${limit}s waiting for: $what" >&2
      return 1
    fi
    sleep 0.1
  done
}
