#!/usr/bin/env bash
# Lint the shipped systemd unit, sysusers file and udev rules. CI gate for issue 7.
#   1. systemd-analyze security --offline=true: exposure must be <= 2.0 (KIOSK_MAX_EXPOSURE, in tenths: 20)
#   2. systemd-analyze verify: exit 0 and NOTHING on stderr (it exits 0 on unknown keys and bad values)
#   3. systemd-sysusers accepts kiosk-runtime.sysusers and creates user/group kiosk, groups gpio and i2c
#   4. udevadm test parses 99-kiosk-runtime.rules without a warning (groups resolve once sysusers ran)
#   5. modules-load.d / modprobe.d files: only known directive shapes
#   6. issue 13's directives are in the unit: memory and task caps, IP allow-list, file systems, the Pi's UARTs
#   7. udev rules, parsed: vendor-id rules assign GROUP:=/MODE:= (final) and nothing more powerful (OWNER, RUN, PROGRAM,
#      uaccess, world access); a rule with a vendor id but no product id only makes scanner nodes
# 2-4 run inside an overlay of the cached bookworm root (tests/system/lib/container.sh), so the host stays untouched
# and its systemd version matters less. Needs root. Host packages: systemd (systemd-analyze), debootstrap on first run.
# Usage: tests/system/unit-lint.sh     (prints timings; exit 1 with a reason on the first failure)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=lib/container.sh
source "$here/lib/container.sh"

unit="$repo/systemd/kiosk-runtime.service"
sysusers="$repo/systemd/kiosk-runtime.sysusers"
rules="$repo/systemd/99-kiosk-runtime.rules"
# 1.5 since issue 13 (IPAddressDeny=any): the score may only go down.
max_tenths="${KIOSK_MAX_EXPOSURE:-15}"
root="${KIOSK_TEST_ROOT:-/var/cache/kiosk-test-root/bookworm-amd64}"
t0=$(date +%s.%N)
failures=0
fail() { printf 'FAIL: %s\n' "$*" >&2; failures=$((failures + 1)); }
pass() { printf 'ok: %s\n' "$*"; }

[[ $EUID -eq 0 ]] || kdie "run as root (overlay mounts, chroot)"
command -v systemd-analyze >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q systemd >/dev/null
for f in "$unit" "$sysusers" "$rules"; do [[ -f "$f" ]] || kdie "missing $f"; done

# ---- 1. exposure -------------------------------------------------------------------------------------------------
sec_out=$(systemd-analyze security --offline=true --threshold="$max_tenths" "$unit" 2>&1) && sec_rc=0 || sec_rc=$?
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$sec_out")
if [[ -z "$score" ]]; then
  fail "systemd-analyze security printed no exposure level:"; printf '%s\n' "$sec_out" >&2
elif [[ $sec_rc -ne 0 ]]; then
  fail "exposure $score is above $(awk -v t="$max_tenths" 'BEGIN{printf "%.1f", t/10}')"
  grep '✗' <<<"$sec_out" >&2 || true
else
  pass "exposure $score (limit $(awk -v t="$max_tenths" 'BEGIN{printf "%.1f", t/10}'))"
fi

# ---- 2-4 inside an overlay of the cached root ----------------------------------------------------------------
kiosk_host_tools
kiosk_root_ensure "$root" udev
work=$(mktemp -d /tmp/kiosk-lint.XXXXXX)
cleanup() { umount -R "$work/merged" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work"/{upper,work,merged,out}
cp "$unit" "$sysusers" "$rules" "$work/out/"
# One private mount namespace for all steps; results come back through files in $work/out.
unshare -m bash -s "$root" "$work" <<'INNER' || true
set -u
root="$1"; work="$2"; m="$work/merged"; out="$work/out"
mount -t overlay overlay -o "lowerdir=$root,upperdir=$work/upper,workdir=$work/work" "$m" || { echo "overlay mount failed" >"$out/setup.err"; exit 1; }
mount --bind "$out" "$m/mnt"
install -D -m 0644 "$out/kiosk-runtime.service" "$m/lib/systemd/system/kiosk-runtime.service"
install -D -m 0644 "$out/kiosk-runtime.sysusers" "$m/usr/lib/sysusers.d/kiosk-runtime.conf"
install -D -m 0644 "$out/99-kiosk-runtime.rules" "$m/lib/udev/rules.d/99-kiosk-runtime.rules"
# ExecStart must exist for verify: a stub stands in for the packaged binary.
install -d "$m/usr/lib/kiosk-runtime" && printf '#!/bin/sh\nexit 0\n' >"$m/usr/lib/kiosk-runtime/kioskd" && chmod 0755 "$m/usr/lib/kiosk-runtime/kioskd"
ln -sf ../lib/kiosk-runtime/kioskd "$m/usr/bin/kioskd"
systemd-analyze verify --root="$m" /lib/systemd/system/kiosk-runtime.service >"$out/verify.out" 2>"$out/verify.err"; echo $? >"$out/verify.rc"
chroot "$m" systemd-sysusers kiosk-runtime.conf >"$out/sysusers.out" 2>&1; echo $? >"$out/sysusers.rc"
chroot "$m" getent passwd kiosk >"$out/passwd" 2>&1 || true
for g in kiosk gpio i2c dialout lp; do chroot "$m" getent group "$g" >>"$out/groups" 2>&1 || echo "missing:$g" >>"$out/groups"; done
mount -t sysfs sysfs "$m/sys"
chroot "$m" udevadm test --action=add /class/tty/tty0 >"$out/udev.out" 2>&1; echo $? >"$out/udev.rc"
INNER
out="$work/out"
[[ -f "$out/setup.err" ]] && kdie "$(cat "$out/setup.err")"

if [[ "$(cat "$out/verify.rc")" != 0 || -s "$out/verify.err" ]]; then
  fail "systemd-analyze verify (rc $(cat "$out/verify.rc")) printed on stderr:"; cat "$out/verify.err" >&2
else
  pass "systemd-analyze verify: silent"
fi

if [[ "$(cat "$out/sysusers.rc")" != 0 ]] || grep -qiE 'invalid|fail|error' "$out/sysusers.out"; then
  fail "systemd-sysusers rejected kiosk-runtime.sysusers:"; cat "$out/sysusers.out" >&2
elif ! grep -q '^kiosk:.*:/var/lib/kiosk:/usr/sbin/nologin$' "$out/passwd"; then
  fail "sysusers did not create user kiosk with home /var/lib/kiosk and nologin: $(cat "$out/passwd")"
elif grep -q '^missing:' "$out/groups"; then
  fail "groups missing after sysusers: $(grep '^missing:' "$out/groups" | tr '\n' ' ')"
else
  pass "sysusers: $(cut -d: -f1,3,4,6,7 "$out/passwd"); groups kiosk gpio i2c dialout lp present"
fi

if ! grep -qE 'Reading rules file: (/usr)?/lib/udev/rules.d/99-kiosk-runtime.rules' "$out/udev.out"; then
  fail "udevadm test did not read the rules file:"; tail -20 "$out/udev.out" >&2
elif grep -E '99-kiosk-runtime.rules:[0-9]+' "$out/udev.out" >&2; then
  fail "udev warned about 99-kiosk-runtime.rules (lines above)"
else
  pass "udev rules parse cleanly ($(grep -cE '^(SUBSYSTEM|ACTION)' "$rules") rules)"
fi

# ---- 5. modules-load.d / modprobe.d --------------------------------------------------------------------------
bad=$(grep -vE '^(#.*)?$|^[a-z0-9_-]+$' "$repo/systemd/kiosk-runtime.modules-load" || true)
[[ -z "$bad" ]] && pass "modules-load.d: $(grep -cE '^[a-z0-9_-]+$' "$repo/systemd/kiosk-runtime.modules-load") modules" || fail "modules-load.d lines: $bad"
bad=$(grep -vE '^(#.*)?$|^blacklist [a-z0-9_]+$' "$repo/systemd/kiosk-runtime.modprobe" || true)
[[ -z "$bad" ]] && pass "modprobe.d: blacklist $(awk '/^blacklist/{printf "%s ", $2}' "$repo/systemd/kiosk-runtime.modprobe")" || fail "modprobe.d lines: $bad"

# ---- 6. issue 13's directives ---------------------------------------------------------------------------------
missing=()
for d in '^MemoryHigh=[0-9]+[KMG]$' '^MemoryMax=[0-9]+[KMG]$' '^TasksMax=[0-9]+$' '^IPAddressDeny=any$' '^IPAddressAllow=localhost( |$)' \
         '^RestrictFileSystems=[^~]' '^DeviceAllow=/dev/ttyAMA0 rw$' '^DeviceAllow=/dev/ttyS0 rw$' '^DevicePolicy=closed$'; do
  grep -qE "$d" "$unit" || missing+=("$d")
done
if grep -qE '^IPAddressAllow=.*(any|0\.0\.0\.0/0|::/0)' "$unit"; then missing+=("IPAddressAllow must not allow any address"); fi
((${#missing[@]} == 0)) && pass "unit: memory/task caps, IPAddressDeny=any + allow-list, RestrictFileSystems, Pi UARTs" \
  || fail "unit lacks: ${missing[*]}"

# ---- 7. udev rules, parsed -------------------------------------------------------------------------------------
udev_bad=$(awk '
  /^[[:space:]]*(#|$)/ { next }
  {
    line = $0; n = NR
    if (line ~ /OWNER|RUN[+:]?=|PROGRAM|IMPORT\{program\}|uaccess/) print n ": assigns OWNER/RUN/PROGRAM/uaccess: " line
    if (match(line, /MODE:?="[0-7]+"/)) { m = substr(line, RSTART, RLENGTH); gsub(/[^0-7]/, "", m); if (substr(m, length(m), 1) != "0") print n ": others get access (MODE " m ")" }
    if (line !~ /ATTRS\{idVendor\}/) next
    if (line ~ /GROUP="/ || line !~ /GROUP:="/) print n ": a vendor-id rule must assign GROUP:= (final)"
    if (line ~ /MODE="/ || line !~ /MODE:="/) print n ": a vendor-id rule must assign MODE:= (final)"
    if (line !~ /ATTRS\{idProduct\}/) {
      if (line !~ /SUBSYSTEM=="(hidraw|input|tty)"/) print n ": vendor id alone, for a device class other than a scanner node"
      if (line !~ /SYMLINK\+="kiosk\/scanner(-input|-serial)?"/) print n ": vendor id alone, but not named kiosk/scanner*"
      if (line ~ /SUBSYSTEM=="input"/ && line !~ /MODE:="0640"/) print n ": vendor id alone: an input node is read-only (0640)"
      if (line ~ /SUBSYSTEM=="tty"/ && line !~ /KERNEL=="ttyACM/) print n ": vendor id alone: only a CDC-ACM scanner line"
    }
  }' "$rules")
if [[ -n "$udev_bad" ]]; then
  fail "udev rules:"; printf '%s\n' "$udev_bad" | sed 's/^/  99-kiosk-runtime.rules:/' >&2
else
  pass "udev rules: vendor-id rules final (GROUP:=/MODE:=), vendor id alone only for scanner nodes, no OWNER/RUN/uaccess/world access"
fi

printf 'unit-lint took %s s\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')"
printf 'unit-lint: %d passed, %d failed\n' "$((8 - failures))" "$failures"
((failures == 0))
