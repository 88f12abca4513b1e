#!/usr/bin/env bash
# The kiosk-runtime .deb under a real systemd (issue 7): a cached Debian bookworm root booted with systemd-nspawn
# (PID 1 = systemd 252, private network), `apt-get install ./kiosk-runtime_…_amd64.deb` inside, then:
#   1. install: postinst created user kiosk, enabled and started the unit; only deps from the root, no network
#   2. READY gating: `systemctl start` returns only once kioskd sent READY=1; the unit is "activating" until then,
#      and when it turns active the control socket already answers
#   3. sales through the back office (run inside the container as a transient unit), upstream token as a credential
#   4. watchdog: `kioskctl debug stall` (root) stops WATCHDOG=1 → systemd aborts and restarts the service
#   5. kill -9 → restart; journal verifies; every acknowledged sale is still there
#   6. sandbox: runs as kiosk (not root), no capabilities, seccomp, NoNewPrivs; from inside its mount namespace it can
#      write its state directory and its private /tmp only
#   7. `systemctl stop` is graceful: exit 0, Result=success, no SIGKILL
#   8. upgrade keeps /etc/kiosk edits and the journal and restarts; `dpkg -r` keeps /var/lib/kiosk; `--purge` warns, removes it;
#      issue 13: neither a marker nor a symlink planted by the service user in /var/lib/kiosk is believed or followed
#   9. (run before 7) `kioskctl profile flash` of a signed profile through `systemctl restart`; a profile kioskd refuses is rolled
#      back to the last known good; the unit is active at the end and selling
# Measurements (printed, and with --bench written for docs/benchmarks.md): start→active (median of N), RSS after S sales.
#
#   tests/system/systemd-container.sh [--deb PATH] [--sales N] [--starts N] [--bench] [--keep]
#     --deb     package to test (default: build one now with deploy/build-deb.sh --arch amd64 --compress gzip)
#     --sales   sales for the memory measurement (default 20; --bench: 1000)
#     --starts  start→active samples (default 5)
#     --keep    leave the container copy on disk for inspection
#     --tolerate-checkout-errors  count failed checkouts instead of failing (for measuring around a known kioskd bug)
# Needs root. Host packages (installed if missing): systemd-container, debootstrap. Root cache: /var/cache/kiosk-test-root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/lib/common.sh"
source "$here/lib/container.sh"

deb=""; sales=20; starts=5; bench=0; tolerate=0; checkout_errors=0
while (($#)); do
  case "$1" in
    --deb) deb="$2"; shift 2 ;;
    --sales) sales="$2"; shift 2 ;;
    --starts) starts="$2"; shift 2 ;;
    --bench) bench=1; sales=1000; shift ;;
    --keep) export KIOSK_KEEP_COPY=1; shift ;;
    --tolerate-checkout-errors) tolerate=1; shift ;;
    *) kdie "unknown argument '$1'" ;;
  esac
done
[[ $EUID -eq 0 ]] || kdie "run as root"
root="${KIOSK_TEST_ROOT:-/var/cache/kiosk-test-root/bookworm-amd64}"
work="$repo/artifacts/systemd-container"
copy="/var/tmp/kiosk-ct-$$"
unit=kiosk-runtime.service
token="ct-token-$$"
bo_port=5080
gtin="7038010001659"
acked=0
t_all=$(ts_now)
mkdir -p "$work"
trap 'rc=$?; ((rc)) && dump_diagnostics; kiosk_halt; exit $rc' EXIT

dump_diagnostics() {
  [[ -n "${KIOSK_CT_PID:-}" ]] || return 0
  echo "---- diagnostics: systemctl status / journal (last 60 lines) ----" >&2
  kiosk_in systemctl --no-pager status "$unit" >&2 2>&1 || true
  kiosk_in journalctl --no-pager -u "$unit" -n 60 >&2 2>&1 || true
}

show() { kiosk_in systemctl show -P "$1" "$unit"; }
ctl() { kiosk_in kioskctl "$@"; }
main_pid() { show MainPID; }

step "package"
if [[ -z "$deb" ]]; then
  t=$(ts_now)
  "$repo/deploy/build-deb.sh" --arch amd64 --compress gzip --out "$work/deb" >&2 || kdie "deploy/build-deb.sh failed"
  timing "build-deb.sh --arch amd64 --compress gzip" "$(ts_since "$t")"
  deb=$(ls -t "$work"/deb/kiosk-runtime_*_amd64.deb | head -1)
fi
[[ -f "$deb" ]] || kdie "no package at '$deb'"
deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -E 's/\(.*\)//; s/\|.*//; s/ //g' | grep -v '^$' | tr '\n' ' ')
ok "$(basename "$deb") ($(stat -c %s "$deb") bytes); Depends: $deps"

step "back office (self-contained linux-x64, to run inside the container)"
t=$(ts_now)
bo="$work/backoffice"
stamp="$work/backoffice.stamp"
if [[ ! -x "$bo/kiosk-backoffice" || ! -f "$stamp" || -n "$(find "$repo/src" -name '*.cs' -newer "$stamp" -path '*BackOffice*' -print -quit)" ]]; then
  rm -rf "$bo"
  touch "$stamp.new"
  dotnet publish "$repo/src/KioskRuntime.BackOffice" -c Release -r linux-x64 --self-contained true -o "$bo" -v q -nologo \
    >"$work/backoffice.log" 2>&1 || { tail -30 "$work/backoffice.log" >&2; kdie "publishing the back office failed"; }
  mv "$stamp.new" "$stamp"
fi
timing "back office publish (cached when unchanged)" "$(ts_since "$t")"

step "container root"
t=$(ts_now)
kiosk_host_tools
# The package's dependencies go into the cached root through chroot (host network); the booted container has none.
# shellcheck disable=SC2086
kiosk_root_ensure "$root" curl socat $deps
timing "root ready (debootstrap only on first run)" "$(ts_since "$t")"

step "boot"
t=$(ts_now)
kiosk_boot "$root" "$copy" "kiosk-ct-$$"
timing "container boot to running" "$(ts_since "$t")"
install -D -m 0644 "$deb" "$copy/root/$(basename "$deb")"
cp -a "$bo" "$copy/opt/backoffice"

# ---- 1. install -----------------------------------------------------------------------------------------------
step "1. apt-get install ./$(basename "$deb") (no network in the container)"
t=$(ts_now)
kiosk_in env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/root/$(basename "$deb")" \
  >"$work/apt-install.log" 2>&1 || { tail -30 "$work/apt-install.log" >&2; kdie "apt-get install of the package failed"; }
timing "apt-get install ./deb (incl. postinst enable --now)" "$(ts_since "$t")"
[[ "$(kiosk_in systemctl is-enabled "$unit")" == enabled ]] || kdie "postinst did not enable $unit"
[[ "$(show ActiveState)" == active ]] || kdie "postinst did not start $unit (state: $(show ActiveState)/$(show SubState))"
grep -q ':/var/lib/kiosk:/usr/sbin/nologin$' <<<"$(kiosk_in getent passwd kiosk)" || kdie "user kiosk missing or wrong: $(kiosk_in getent passwd kiosk)"
for f in /usr/bin/kioskd /usr/bin/kioskctl /etc/kiosk/kioskd.json /etc/kiosk/profile.json /usr/lib/sysusers.d/kiosk-runtime.conf \
         /lib/udev/rules.d/99-kiosk-runtime.rules /usr/lib/modules-load.d/kiosk-runtime.conf /lib/modprobe.d/kiosk-runtime.conf; do
  kiosk_in test -e "$f" || kdie "package did not install $f"
done
grep -q '/etc/kiosk/profile.json' <<<"$(kiosk_in dpkg-query -W -f='${Conffiles}\n' kiosk-runtime)" || kdie "/etc/kiosk/profile.json is not a conffile"
ok "installed, enabled, active; user $(kiosk_in id kiosk)"

# ---- 3 (setup). back office inside the container, upstream configured via conffile + credential ----------------
step "back office + upstream credential"
# The back office's credentials file: kiosk demo-kiosk-1's token as its SHA-256, handed to the service as a credential.
kiosk_in sh -c "umask 077 && printf 'kiosk:demo-kiosk-1 %s\n' '$(printf %s "$token" | sha256sum | cut -d' ' -f1)' >/etc/backoffice-credentials"
kiosk_in systemd-run --quiet --unit=kiosk-backoffice -p DynamicUser=yes -p StateDirectory=backoffice \
  -p LoadCredential=backoffice-credentials:/etc/backoffice-credentials \
  /bin/sh -c 'exec /opt/backoffice/kiosk-backoffice --credentials "$CREDENTIALS_DIRECTORY/backoffice-credentials" "$@"' kiosk-backoffice \
  --urls "http://127.0.0.1:$bo_port" --data /var/lib/backoffice/backoffice.db \
  || kdie "cannot start the back office in the container"
wait_for 60 "back office /healthz" kiosk_in curl -fsS "http://127.0.0.1:$bo_port/healthz" || kdie "back office did not answer"
kiosk_in sh -c "umask 077 && printf '%s\n' '$token' >/etc/kiosk/upstream-token"
kiosk_in sh -c "cat >/etc/kiosk/kioskd.json" <<JSON
// written by tests/system/systemd-container.sh
{ "Kiosk": { "Upstream": "http://127.0.0.1:$bo_port" } }
JSON
kiosk_in systemctl restart "$unit" || kdie "restart with upstream settings failed"
ok "kioskd restarted with Upstream=http://127.0.0.1:$bo_port and the token as credential 'upstream-token'"

# ---- 2. READY gating -------------------------------------------------------------------------------------------
step "2. READY=1 gates 'active'"
kiosk_in systemctl stop "$unit"
kiosk_in systemctl reset-failed "$unit" 2>/dev/null || true
kiosk_in systemctl start --no-block "$unit"
seen_activating=0; socket_at_active=""
for i in $(seq 1 600); do
  st=$(show ActiveState)
  [[ "$st" == activating ]] && seen_activating=1
  if [[ "$st" == active ]]; then
    ctl status >/dev/null 2>&1 && socket_at_active=yes || socket_at_active=no
    break
  fi
  sleep 0.05
done
[[ "$st" == active ]] || kdie "unit did not become active (state $st)"
((seen_activating)) || kdie "never saw 'activating': the unit turned active without waiting for READY=1"
[[ "$socket_at_active" == yes ]] || kdie "unit was active before kioskd's control socket answered (READY=1 sent too early)"
start_us=$(show ExecMainStartTimestampMonotonic); active_us=$(show ActiveEnterTimestampMonotonic)
gap_ms=$(( (active_us - start_us) / 1000 ))
((gap_ms > 20)) || kdie "active only ${gap_ms} ms after exec: looks like Type=simple, not READY-gated"
status_text=$(show StatusText)
[[ -n "$status_text" ]] || kdie "no STATUS= text from kioskd"
ok "activating → active ${gap_ms} ms after exec, socket answering at that moment; STATUS: $status_text"

# ---- 3. sales -----------------------------------------------------------------------------------------------------
# One sale: scan + checkout. kioskctl checkout exits 0 only once the sale is durably journaled ("acknowledged").
sell() {
  local out
  out=$(ctl scan "$gtin" 2>&1) || kdie "scan refused: $out"
  if out=$(ctl checkout 2>&1); then
    acked=$((acked + 1))
  elif ((tolerate)); then
    checkout_errors=$((checkout_errors + 1))
    printf '  warning: checkout failed (%s): %s\n' "$checkout_errors" "$out" >&2
    ctl cancel >/dev/null 2>&1 || true
  else
    kdie "checkout failed: $out"
  fi
}
# Every acknowledged sale is in the journal; a failed checkout may or may not have journaled its sale.
check_sales() {
  local n; n=$(sale_count)
  ((n >= acked && n <= acked + checkout_errors)) || kdie "$1: journal has $n sale events; $acked checkouts acknowledged, $checkout_errors failed"
  echo "$n"
}
sale_count() { ctl journal export | grep -c '"type": *"sale"' || true; }
step "3. sales reach the back office"
t=$(ts_now)
for i in 1 2 3; do sell; done
delivered() {
  ctl sync now >/dev/null 2>&1 || true
  grep -qE '"lastSeq": *[1-9]' <<<"$(kiosk_in curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$bo_port/v1/kiosks/demo-kiosk-1/cursor")"
}
wait_for 30 "events delivered upstream" delivered || kdie "sales did not reach the back office: $(ctl sync now 2>&1 || true)"
ok "$acked sales acknowledged; back office cursor: $(kiosk_in curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$bo_port/v1/kiosks/demo-kiosk-1/cursor")"
timing "3 sales + delivery" "$(ts_since "$t")"

# ---- 4. watchdog -----------------------------------------------------------------------------------------------
step "4. stalled pipeline → watchdog → restart"
pid_before=$(main_pid); restarts_before=$(show NRestarts)
wd_usec=$(show WatchdogUSec)
t=$(ts_now)
ctl debug stall --seconds 600 >&2 || kdie "kioskctl debug stall was refused for root"
wait_for 60 "a new main PID after the watchdog fired" bash -c "[[ \$(nsenter -t $KIOSK_CT_PID -a systemctl show -P MainPID $unit) != $pid_before && \$(nsenter -t $KIOSK_CT_PID -a systemctl show -P ActiveState $unit) == active ]]" \
  || kdie "service was not restarted after the stall (MainPID $(main_pid), state $(show ActiveState))"
timing "stall → watchdog restart → active again (WatchdogSec=$wd_usec)" "$(ts_since "$t")"
grep -q 'Watchdog timeout' <<<"$(kiosk_in journalctl -u "$unit" --no-pager -o cat)" || kdie "journal has no 'Watchdog timeout' entry: restarted for another reason"
(( $(show NRestarts) > restarts_before )) || kdie "NRestarts did not grow"
ctl journal verify >/dev/null || kdie "journal verify failed after the watchdog restart"
ok "watchdog timeout logged, restarted (NRestarts $(show NRestarts)), journal verifies"

# ---- 5. kill -9 --------------------------------------------------------------------------------------------------
step "5. kill -9 → restart, nothing acknowledged lost"
for i in 1 2 3 4 5; do sell; done
pid_before=$(main_pid)
t=$(ts_now)
kiosk_in kill -9 "$pid_before"
wait_for 30 "restart after SIGKILL" bash -c "[[ \$(nsenter -t $KIOSK_CT_PID -a systemctl show -P MainPID $unit) != $pid_before && \$(nsenter -t $KIOSK_CT_PID -a systemctl show -P ActiveState $unit) == active ]]" \
  || kdie "service was not restarted after kill -9"
timing "kill -9 → active again" "$(ts_since "$t")"
verify_out=$(ctl journal verify 2>&1) || kdie "journal verify failed after kill -9: $verify_out"
n=$(check_sales "after kill -9")
ok "journal verifies; all $acked acknowledged sales present ($n sale events)"

# ---- 6. sandbox --------------------------------------------------------------------------------------------------
step "6. identity and sandbox"
pid=$(main_pid)
user=$(kiosk_in ps -o user= -p "$pid" | tr -d ' ')
[[ "$user" == kiosk ]] || kdie "kioskd runs as '$user', not kiosk"
status=$(kiosk_in cat "/proc/$pid/status")
uid=$(kiosk_in id -u kiosk)
grep -qE "^Uid:\s+$uid\s+$uid\s+$uid\s+$uid$" <<<"$status" || kdie "uids are not all kiosk: $(grep ^Uid <<<"$status")"
grep -qE '^CapEff:\s+0+$' <<<"$status" || kdie "effective capabilities: $(grep ^CapEff <<<"$status")"
grep -qE '^CapBnd:\s+0+$' <<<"$status" || kdie "bounding set not empty: $(grep ^CapBnd <<<"$status")"
grep -qE '^NoNewPrivs:\s+1$' <<<"$status" || kdie "NoNewPrivs not set"
grep -qE '^Seccomp:\s+2$' <<<"$status" || kdie "no seccomp filter"
groups=$(grep ^Groups <<<"$status")
ok "user kiosk (uid $uid), CapEff/CapBnd 0, NoNewPrivs 1, Seccomp 2, $groups"
# Inside kioskd's own mount namespace, as user kiosk with its groups: where can it create a file?
probe() {
  kiosk_in nsenter -t "$pid" -m setpriv --reuid="$uid" --regid="$uid" --init-groups \
    sh -c "f=\"\$1/.kiosk-write-probe-\$\$\"; touch \"\$f\" 2>/dev/null && rm -f \"\$f\" && echo yes || echo no" sh "$1"
}
for d in / /etc /etc/kiosk /usr /usr/lib/kiosk-runtime /var /var/lib /var/log /var/cache /var/spool /run /root /home /opt /srv /dev/shm; do
  kiosk_in test -d "$d" || continue
  [[ "$(probe "$d")" == no ]] || kdie "kioskd's sandbox can write $d"
done
[[ "$(probe /var/lib/kiosk)" == yes ]] || kdie "kioskd's sandbox cannot write its state directory /var/lib/kiosk"
[[ "$(probe /tmp)" == yes ]] || kdie "kioskd's sandbox cannot write its (private) /tmp"
kiosk_in nsenter -t "$pid" -m sh -c 'echo x >/tmp/.kiosk-private-probe'
kiosk_in test ! -e /tmp/.kiosk-private-probe || kdie "kioskd's /tmp is the system's /tmp (PrivateTmp not in effect)"
kiosk_in nsenter -t "$pid" -m rm -f /tmp/.kiosk-private-probe
ok "writes: /var/lib/kiosk and a private /tmp only; read-only or hidden: / /etc /usr /var/* /run /root /home /dev/shm"
sock_mode=$(kiosk_in stat -c '%a %U' /var/lib/kiosk/kioskd.sock)
[[ "$sock_mode" == "600 kiosk" ]] || kdie "control socket is '$sock_mode', expected '600 kiosk'"
ok "control socket 0600 kiosk; state dir $(kiosk_in stat -c '%a %U:%G' /var/lib/kiosk)"

# ---- measurements ----------------------------------------------------------------------------------------------
step "measure: $sales sales, then RSS"
# Bulk sales talk to the control socket directly (one JSON line per connection, as kioskctl does) from one shell inside
# the container: starting kioskctl twice per sale would make this mostly a .NET start-up benchmark.
t=$(ts_now)
bulk=$(kiosk_in sh -s "$sales" "$gtin" "$tolerate" <<'SH'
n="$1"; gtin="$2"; tolerate="$3"; acked=0; failed=0; i=0
req() { printf '%s\n' "$1" | socat -t 60 - UNIX-CONNECT:/var/lib/kiosk/kioskd.sock; }
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  r=$(req "{\"command\":\"scan\",\"args\":{\"code\":\"$gtin\"}}")
  case "$r" in *'"ok":true'*) ;; *) echo "scan $i failed: $r" >&2; echo "acked=$acked failed=$failed"; exit 1 ;; esac
  r=$(req '{"command":"checkout"}')
  case "$r" in
    *'"ok":true'*) acked=$((acked + 1)) ;;
    *) failed=$((failed + 1)); echo "checkout $i failed: $r" >&2
       [ "$tolerate" = 1 ] || { echo "acked=$acked failed=$failed"; exit 1; }
       req '{"command":"cancel"}' >/dev/null; sleep 3 ;;
  esac
done
echo "acked=$acked failed=$failed"
SH
) || kdie "bulk sales stopped: $bulk"
acked=$((acked + $(sed -n 's/.*acked=\([0-9]*\).*/\1/p' <<<"$bulk")))
checkout_errors=$((checkout_errors + $(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$bulk")))
sales_s=$(ts_since "$t")
[[ "$(show ActiveState)" == active && "$(main_pid)" != 0 ]] || kdie "kioskd is not running after the sales (state $(show ActiveState)/$(show SubState), NRestarts $(show NRestarts))"
pid=$(main_pid)
rss_kb=$(kiosk_in awk '/^VmRSS/{print $2}' "/proc/$pid/status")
hwm_kb=$(kiosk_in awk '/^VmHWM/{print $2}' "/proc/$pid/status")
timing "$sales sales (scan + checkout over the control socket)" "$sales_s"
ok "after $sales more sales (process total since last start): VmRSS $((rss_kb / 1024)) MiB, VmHWM $((hwm_kb / 1024)) MiB"
n=$(check_sales "after $sales sales")

step "measure: systemctl start → active, $starts times"
samples=()
for i in $(seq 1 "$starts"); do
  kiosk_in systemctl stop "$unit"
  kiosk_in systemctl reset-failed "$unit" 2>/dev/null || true
  t=$(ts_now)
  kiosk_in systemctl start "$unit" || kdie "start #$i failed"
  samples+=("$(ts_since "$t")")
done
median=$(printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}')
timing "systemctl start → active, median of $starts (${samples[*]})" "$median"

# ---- 9. profile flash (issue 16) -------------------------------------------------------------------------------
step "9. kioskctl profile flash through systemctl restart; a profile kioskd refuses is rolled back; unit active"
kiosk_in systemctl reset-failed "$unit" 2>/dev/null || true
pid_before=$(main_pid)
kiosk_in mkdir -p /etc/kiosk/trusted-keys /root/laptop-keys
ctl profile keygen /root/operator >/dev/null || kdie "kioskctl profile keygen failed"
ctl profile keygen /root/other >/dev/null || kdie "kioskctl profile keygen (second key) failed"
kiosk_in cp /root/operator.pub /etc/kiosk/trusted-keys/operator.pub
kiosk_in cp /root/other.pub /root/laptop-keys/other.pub
kiosk_in sh -c "sed 's/\"duplicateScanWindowMs\": 0,/\"duplicateScanWindowMs\": 300,/' /etc/kiosk/profile.json >/root/next.json"
kiosk_in sh -c "sed 's/\"duplicateScanWindowMs\": 0,/\"duplicateScanWindowMs\": 250,/' /etc/kiosk/profile.json >/root/refused.json"
kiosk_in grep -q '"duplicateScanWindowMs": 300,' /root/next.json || kdie "could not derive next.json from /etc/kiosk/profile.json"
ctl profile sign /root/next.json --key /root/operator.key >/dev/null || kdie "signing next.json failed"
ctl profile sign /root/refused.json --key /root/other.key >/dev/null || kdie "signing refused.json failed"
flash_out=$(ctl profile flash /root/next.json --unattended --json) || { printf '%s\n' "$flash_out" >&2; kdie "flash of a signed profile failed"; }
grep -q '"result": "in-force"' <<<"$flash_out" || { printf '%s\n' "$flash_out" >&2; kdie "flash did not report in-force"; }
grep -q 'systemctl restart kiosk-runtime.service' <<<"$flash_out" || { printf '%s\n' "$flash_out" >&2; kdie "flash did not restart through systemd"; }
[[ "$(show ActiveState)" == active && "$(main_pid)" != "$pid_before" ]] || kdie "after the flash the unit is not active with a new process"
signed_hash=$(sed -n 's/.*"profileHash": "\([0-9a-f]*\)".*/\1/p' <<<"$flash_out" | head -1)
ctl status | grep -q "signed by key" || kdie "status does not show the signed profile: $(ctl status)"
# Signed by a key the flash trusts (--trusted-keys) but kioskd does not: kioskd exits 78, systemctl restart fails, flash rolls back.
if refused_out=$(ctl profile flash /root/refused.json --unattended --json --trusted-keys /root/laptop-keys --ready-timeout 30); then
  printf '%s\n' "$refused_out" >&2; kdie "flash of a profile kioskd refuses reported success"
fi
grep -q '"result": "rolled-back"' <<<"$refused_out" || { printf '%s\n' "$refused_out" >&2; kdie "the refused profile was not rolled back"; }
grep -q '"failedStep": "restart"' <<<"$refused_out" || { printf '%s\n' "$refused_out" >&2; kdie "the rollback does not name the restart as the failed step"; }
[[ "$(show ActiveState)" == active ]] || kdie "unit not active after the rollback ($(show ActiveState)/$(show SubState))"
ctl status --json | grep -q "\"hash\": \"$signed_hash\"" || kdie "after the rollback kioskd does not run the last known good ($signed_hash)"
kiosk_in cmp -s /root/next.json /etc/kiosk/profile.json || kdie "/etc/kiosk/profile.json is not the last known good after the rollback"
events=$(ctl journal export | grep -c '"profile-flash"' || true)
[[ "$events" == 2 ]] || kdie "expected 2 profile-flash events in the journal, found $events"
sell
ok "flash via systemctl restart in force (${signed_hash:0:12}), refused profile rolled back (exit 78 → last known good), unit active, 2 events journaled, selling"

# ---- 7. graceful stop ------------------------------------------------------------------------------------------
step "7. systemctl stop is graceful"
pid=$(main_pid)
t=$(ts_now)
since="@$(kiosk_in date +%s)"
kiosk_in systemctl stop "$unit"
stop_s=$(ts_since "$t")
stop_log=$(kiosk_in journalctl -u "$unit" --no-pager -o cat --since "$since")
[[ "$(show Result)" == success ]] || kdie "stop Result=$(show Result)"
[[ "$(show ExecMainCode)" == 1 && "$(show ExecMainStatus)" == 0 ]] || kdie "kioskd did not exit 0 on SIGTERM (code $(show ExecMainCode), status $(show ExecMainStatus))"
if grep -qiE 'SIGKILL|timed out|Killing' <<<"$stop_log"; then
  printf '%s\n' "$stop_log" >&2; kdie "systemd had to kill kioskd on stop"
fi
grep -q 'stopping' <<<"$stop_log" || { printf '%s\n' "$stop_log" >&2; kdie "kioskd logged no 'stopping' status on SIGTERM"; }
timing "systemctl stop" "$stop_s"
ok "exited 0 after SIGTERM, Result=success"

# ---- 8. remove keeps the journal; purge removes it after a warning ---------------------------------------------
step "8. upgrade keeps settings and journal; dpkg -r keeps the journal, --purge removes it"
kiosk_in systemctl start "$unit"
pid_before=$(main_pid)
# Issue 13: the service user must not be able to force-enable the unit at an upgrade. The admin disabled it; user kiosk
# plants the marker where packages before issue 13 looked for it, and cannot write where prerm keeps it now.
as_kiosk() { kiosk_in setpriv --reuid=kiosk --regid=kiosk --init-groups "$@"; }
kiosk_in systemctl disable "$unit" >/dev/null 2>&1
as_kiosk touch /var/lib/kiosk/.kiosk-runtime-removed || kdie "user kiosk cannot write its own state directory"
if as_kiosk touch /var/lib/kiosk-runtime-pkg/removed 2>/dev/null; then kdie "user kiosk can write the package's marker directory"; fi
kiosk_in env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall -o Dpkg::Options::=--force-confold \
  "/root/$(basename "$deb")" >>"$work/apt-install.log" 2>&1 || kdie "reinstall (upgrade path) failed"
[[ "$(kiosk_in systemctl is-enabled "$unit")" == disabled ]] || kdie "a marker planted by user kiosk force-enabled the unit at the upgrade"
kiosk_in systemctl enable "$unit" >/dev/null 2>&1
ok "upgrade: a marker planted by the service user did not enable the disabled unit"
# tmpfiles.d keeps the token root-only whoever (re)creates it, e.g. with umask 022.
kiosk_in chmod 0644 /etc/kiosk/upstream-token
kiosk_in systemd-tmpfiles --create kiosk-runtime.conf
[[ "$(kiosk_in stat -c '%a %U' /etc/kiosk/upstream-token)" == "600 root" ]] || kdie "tmpfiles did not make /etc/kiosk/upstream-token 0600 root: $(kiosk_in stat -c '%a %U' /etc/kiosk/upstream-token)"
ok "tmpfiles.d: /etc/kiosk/upstream-token back to 0600 root"
grep -q 'written by tests/system/systemd-container.sh' <<<"$(kiosk_in cat /etc/kiosk/kioskd.json)" || kdie "upgrade replaced the edited /etc/kiosk/kioskd.json"
kiosk_in test -f /etc/kiosk/upstream-token || kdie "upgrade removed /etc/kiosk/upstream-token"
[[ "$(show ActiveState)" == active && "$(main_pid)" != "$pid_before" ]] || kdie "upgrade did not restart the running service"
n=$(check_sales "after upgrade")
ok "upgrade (reinstall): edited kioskd.json and token kept, service restarted, $n sales in the journal"
# Issue 13: the prerm symlink attack. User kiosk points the old marker's name at a root-owned file; prerm (root) must
# not write through it.
kiosk_in sh -c 'printf precious >/etc/kiosk-victim && chmod 0644 /etc/kiosk-victim'
as_kiosk rm -f /var/lib/kiosk/.kiosk-runtime-removed
as_kiosk ln -s /etc/kiosk-victim /var/lib/kiosk/.kiosk-runtime-removed || kdie "cannot plant the symlink as user kiosk"
kiosk_in dpkg -r kiosk-runtime >"$work/dpkg-r.log" 2>&1 || { cat "$work/dpkg-r.log" >&2; kdie "dpkg -r failed"; }
[[ "$(kiosk_in cat /etc/kiosk-victim)" == precious ]] || kdie "dpkg -r wrote through a symlink planted by user kiosk (/etc/kiosk-victim: '$(kiosk_in cat /etc/kiosk-victim)')"
[[ "$(kiosk_in stat -c '%a %U' /var/lib/kiosk-runtime-pkg)" == "700 root" ]] || kdie "the marker directory is not 0700 root"
ok "dpkg -r: the symlink planted in /var/lib/kiosk was not followed; the marker lives in /var/lib/kiosk-runtime-pkg (0700 root)"
[[ -n "$(kiosk_in ls -A /var/lib/kiosk 2>/dev/null)" ]] || kdie "dpkg -r removed the journal (/var/lib/kiosk is gone or empty)"
kiosk_in test ! -e /lib/systemd/system/kiosk-runtime.service || kdie "unit file still there after dpkg -r"
kiosk_in apt-get install -y -q --no-install-recommends "/root/$(basename "$deb")" >>"$work/apt-install.log" 2>&1 || kdie "reinstall failed"
[[ "$(kiosk_in systemctl is-enabled "$unit")" == enabled && "$(show ActiveState)" == active ]] || kdie "reinstall after dpkg -r did not enable and start the unit"
n=$(check_sales "after remove + reinstall")
ok "remove + reinstall: service active again with all $n sales"
kiosk_in dpkg --purge kiosk-runtime >"$work/dpkg-purge.log" 2>&1 || { cat "$work/dpkg-purge.log" >&2; kdie "dpkg --purge failed"; }
grep -q 'WARNING: purging deletes the sales journal' "$work/dpkg-purge.log" || kdie "purge gave no warning"
kiosk_in test ! -e /var/lib/kiosk || kdie "purge left /var/lib/kiosk"
ok "purge warned and removed /var/lib/kiosk"

timing "systemd-container.sh total" "$(ts_since "$t_all")"
print_timings
if ((bench)); then
  {
    echo "start_to_active_median_s=$median"
    echo "start_to_active_samples=${samples[*]}"
    echo "sales=$sales rss_mib=$((rss_kb / 1024)) hwm_mib=$((hwm_kb / 1024)) sales_seconds=$sales_s"
    echo "deb=$(basename "$deb") deb_bytes=$(stat -c %s "$deb") checkout_errors=$checkout_errors"
  } | tee "$work/bench.txt"
fi
echo "systemd-container: 9 passed, 0 failed"
