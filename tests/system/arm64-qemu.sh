#!/usr/bin/env bash
# The linux-arm64 build under qemu-aarch64 user emulation completes a scripted sale that reaches the back office (issue 7).
#
#   tests/system/arm64-qemu.sh [--publish-dir DIR]
#
# 1. publishes kioskd + kioskctl for linux-arm64 (self-contained, ReadyToRun), unless --publish-dir names an existing
#    publish output (e.g. artifacts/deb-stage/arm64/publish/kioskd from deploy/build-deb.sh, which has both apps' dirs);
# 2. builds an arm64 sysroot once (debootstrap --foreign, packages unpacked, no emulation needed) under
#    /var/cache/kiosk-test-root/bookworm-arm64-sysroot: libc6, libstdc++6, libgcc-s1, libicu72, libssl3, libgpiod2;
# 3. starts the back office (x64, loopback, random port) and kioskd (arm64, qemu-aarch64 -L sysroot, simulated profile)
#    with NOTIFY_SOCKET pointing at a small receiver, so READY=1 and STOPPING=1 are checked on arm64 too;
# 4. scans a product, checks out, syncs (all with the arm64 kioskctl), and asserts the sale arrived at the back office
#    (its cursor and its stored event), and that the journal verifies.
# Host packages (installed if missing): qemu-user, debootstrap, curl, jq. Exit 1 with the reason on failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/lib/common.sh"
source "$here/lib/container.sh"

publish_dir=""
while (($#)); do
  case "$1" in
    --publish-dir) publish_dir="$2"; shift 2 ;;
    *) kdie "unknown argument '$1'" ;;
  esac
done

sysroot="${KIOSK_ARM64_SYSROOT:-/var/cache/kiosk-test-root/bookworm-arm64-sysroot}"
work="$repo/artifacts/arm64-qemu"
token="arm64-test-token-$$"
kiosk_id="demo-kiosk-1"
gtin13="7038010001659"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
t_all=$(ts_now)

step "host tools"
need=()
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v curl >/dev/null || need+=(curl)
command -v jq >/dev/null || need+=(jq)
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; } \
    || kdie "cannot install ${need[*]}"
fi
ok "qemu-aarch64: $(qemu-aarch64 --version | head -1)"

step "arm64 sysroot"
t=$(ts_now)
libs=(libc6 libgcc-s1 libstdc++6 libicu72 libssl3 libgpiod2 zlib1g)
if [[ ! -f "$sysroot/.kiosk-sysroot-ok" ]]; then
  rm -rf "$sysroot"; mkdir -p "$(dirname "$sysroot")"
  debootstrap --arch=arm64 --foreign --variant=minbase --include="$(IFS=,; echo "${libs[*]}")" bookworm "$sysroot" "$(kiosk_mirror)" \
    >"$sysroot.log" 2>&1 || { tail -20 "$sysroot.log" >&2; kdie "debootstrap --foreign arm64 failed"; }
  for l in "${libs[@]}"; do
    deb=$(ls "$sysroot"/var/cache/apt/archives/"${l}"_*_arm64.deb 2>/dev/null | head -1)
    [[ -n "$deb" ]] || kdie "arm64 package $l was not downloaded into the sysroot"
    dpkg-deb -x "$deb" "$sysroot"
  done
  touch "$sysroot/.kiosk-sysroot-ok"
fi
[[ -e "$sysroot/lib/ld-linux-aarch64.so.1" ]] || kdie "sysroot has no aarch64 dynamic loader"
ok "sysroot ready in $(ts_since "$t") s"

step "publish linux-arm64"
t=$(ts_now)
if [[ -n "$publish_dir" ]]; then
  kioskd_dir="$publish_dir/kioskd"; kioskctl_dir="$publish_dir/kioskctl"
else
  kioskd_dir="$work/publish/kioskd"; kioskctl_dir="$work/publish/kioskctl"
  for app in Daemon:kioskd Cli:kioskctl; do
    proj="KioskRuntime.${app%%:*}"; dest="$work/publish/${app##*:}"
    rm -rf "$dest"; mkdir -p "$work/publish"
    dotnet publish "$repo/src/$proj" -c Release -r linux-arm64 --self-contained true -p:PublishReadyToRun=true \
      -o "$dest" -v q -nologo >"$dest.log" 2>&1 || { tail -30 "$dest.log" >&2; kdie "publish $proj for linux-arm64 failed"; }
  done
fi
for b in "$kioskd_dir/kioskd" "$kioskctl_dir/kioskctl"; do
  [[ -x "$b" ]] || kdie "missing $b"
  file -b "$b" | grep -q aarch64 || kdie "$b is not an aarch64 binary: $(file -b "$b")"
done
timing "publish linux-arm64 (kioskd + kioskctl)" "$(ts_since "$t")"

step "back office (x64, loopback)"
t=$(ts_now)
bo_dir="$work/backoffice"
dotnet build "$repo/src/KioskRuntime.BackOffice" -c Release -o "$bo_dir" -v q -nologo >"$work/backoffice.log" 2>&1 \
  || { tail -30 "$work/backoffice.log" >&2; kdie "building the back office failed"; }
port=$(free_port) || kdie "no free loopback port"
upstream="http://127.0.0.1:$port"
rm -rf "$work/bo-data" "$work/kiosk-data"; mkdir -p "$work/bo-data" "$work/kiosk-data"
(umask 077; printf 'kiosk:%s %s\n' "$kiosk_id" "$(printf %s "$token" | sha256sum | cut -d' ' -f1)" >"$work/bo-credentials")
"$bo_dir/kiosk-backoffice" --urls "$upstream" --credentials "$work/bo-credentials" --data "$work/bo-data/backoffice.db" >"$work/bo.out" 2>&1 &
pids+=($!)
wait_for 30 "back office /healthz" curl -fsS "$upstream/healthz" || { cat "$work/bo.out" >&2; kdie "back office did not start"; }
ok "back office on $upstream"

step "kioskd (arm64 under qemu-aarch64)"
# sd_notify(3) receiver standing in for systemd: kioskd's READY=1 / STATUS= / STOPPING=1 datagrams land in notify.log.
notify_sock="$work/notify.sock"; notify_log="$work/notify.log"
rm -f "$notify_sock" "$notify_log"
/usr/bin/python3 - "$notify_sock" "$notify_log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        log.write(s.recv(4096).decode("utf-8", "replace").replace("\n", " ") + "\n")
PY
pids+=($!)
wait_for 10 "notify socket" test -S "$notify_sock" || kdie "sd_notify receiver did not start"
t=$(ts_now)
data="$work/kiosk-data"
ctl() { qemu-aarch64 -L "$sysroot" "$kioskctl_dir/kioskctl" --data-dir "$data" "$@"; }
NOTIFY_SOCKET="$notify_sock" qemu-aarch64 -L "$sysroot" "$kioskd_dir/kioskd" --data-dir "$data" --upstream "$upstream" \
  --upstream-token "$token" >"$work/kioskd.out" 2>&1 &
kpid=$!; pids+=("$kpid")
wait_for 180 "READY=1 from kioskd" grep -q 'READY=1' "$notify_log" || { tail -40 "$work/kioskd.out" >&2; kdie "kioskd (arm64) sent no READY=1"; }
timing "arm64 kioskd exec to READY=1" "$(ts_since "$t")"
test -S "$data/kioskd.sock" || kdie "READY=1 came before the control socket existed"
wait_for 60 "kioskctl status" ctl status || { tail -40 "$work/kioskd.out" >&2; kdie "kioskctl status failed against the arm64 kioskd"; }
kill -0 "$kpid" || kdie "kioskd exited"
timing "arm64 kioskd exec to control socket answering" "$(ts_since "$t")"
ctl status >&2

step "scripted sale (arm64 kioskctl)"
t=$(ts_now)
ctl scan "$gtin13" >&2 || kdie "scan $gtin13 refused"
ctl checkout >&2 || { tail -40 "$work/kioskd.out" >&2; kdie "checkout failed"; }
timing "scan + checkout (two emulated kioskctl runs)" "$(ts_since "$t")"

step "sale reached the back office"
t=$(ts_now)
delivered() {
  ctl sync now >/dev/null 2>&1 || true
  curl -fsS -H "Authorization: Bearer $token" "$upstream/v1/kiosks/$kiosk_id/cursor" | jq -e '.lastSeq >= 1' >/dev/null
}
wait_for 60 "back office cursor >= 1" delivered || { ctl sync now >&2 || true; tail -40 "$work/kioskd.out" >&2; kdie "the sale did not reach the back office"; }
events=$(curl -fsS -H "Authorization: Bearer $token" "$upstream/v1/kiosks/$kiosk_id/events?fromSeq=1") || kdie "cannot read events back"
jq -e --arg g "0$gtin13" '[.. | objects | select(.type? == "sale") | .payload.lines[]? | select(.gtin == $g)] | length >= 1' <<<"$events" >/dev/null \
  || { echo "$events" | head -c 2000 >&2; kdie "no sale with GTIN 0$gtin13 among the back office's events"; }
ok "back office holds the sale of 0$gtin13 (cursor $(curl -fsS -H "Authorization: Bearer $token" "$upstream/v1/kiosks/$kiosk_id/cursor" | jq -c .))"
timing "checkout to delivered upstream" "$(ts_since "$t")"

step "journal verify (arm64 kioskctl)"
ctl journal verify >&2 || kdie "journal verify failed"

kill -TERM "$kpid"; wait "$kpid" && rc=0 || rc=$?
[[ $rc -eq 0 ]] || { tail -20 "$work/kioskd.out" >&2; kdie "kioskd exited $rc on SIGTERM (expected 0)"; }
grep -q 'STOPPING=1' "$notify_log" || kdie "kioskd sent no STOPPING=1 on SIGTERM"
ok "kioskd stopped cleanly on SIGTERM (exit 0, STOPPING=1 sent); notify messages: $(wc -l <"$notify_log")"
timing "arm64-qemu.sh total" "$(ts_since "$t_all")"
print_timings
echo "arm64-qemu: 1 passed, 0 failed"
