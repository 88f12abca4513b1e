# shellcheck shell=bash
# Helpers to run a throw-away Debian bookworm whose PID 1 is a real systemd, on a host whose PID 1 is not
# (field notes §8). Sourced by tests/system/*.sh; every function prints what it does on stderr and fails loudly.
#
#   kiosk_root_ensure ROOT [EXTRA_PACKAGES...]  debootstrap a cached minbase root (once), then chroot-install extras
#   kiosk_boot ROOT COPY NAME                   copy ROOT to COPY, boot it with systemd-nspawn (private network)
#   kiosk_in CMD...                             run CMD inside the booted container (all namespaces of its PID 1)
#   kiosk_halt                                  stop the container, remove its cgroups and the copy
#
# Required host packages: systemd-container debootstrap (installed on demand by kiosk_host_tools).

KIOSK_MIRROR="${KIOSK_MIRROR:-}"
KIOSK_NSPAWN_PID=""
KIOSK_CT_PID=""
KIOSK_CT_COPY=""
KIOSK_CGROUP_NAME=""

ksay() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
kdie() { printf '[%s] FAIL: %s\n' "$(date +%T)" "$*" >&2; exit 1; }

kiosk_host_tools() {
  local missing=()
  command -v systemd-nspawn >/dev/null || missing+=(systemd-container)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v nsenter >/dev/null || missing+=(util-linux)
  if ((${#missing[@]})); then
    ksay "installing host tools: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } \
      || kdie "cannot install ${missing[*]}"
  fi
}

# The mirror the host itself uses (deb822 or one-line sources), so the container's packages match the host's policy.
kiosk_mirror() {
  if [[ -n "$KIOSK_MIRROR" ]]; then echo "$KIOSK_MIRROR"; return; fi
  local m
  m=$(grep -hE '^URIs:.*debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  [[ -z "$m" ]] && m=$(grep -hE '^deb .*debian/? bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 | awk '{print $2}')
  echo "${m:-http://deb.debian.org/debian}"
}

kiosk_root_ensure() {
  local root="$1"; shift
  local base_pkgs="systemd,systemd-sysv,dbus,libnss-systemd,procps,util-linux,ca-certificates"
  if [[ ! -x "$root/usr/lib/systemd/systemd" || ! -f "$root/.kiosk-root-ok" ]]; then
    ksay "debootstrap bookworm minbase into $root (one-off, ~1-2 min)"
    rm -rf "$root"; mkdir -p "$(dirname "$root")"
    debootstrap --variant=minbase --include="$base_pkgs" bookworm "$root" "$(kiosk_mirror)" >"$root.debootstrap.log" 2>&1 \
      || { tail -20 "$root.debootstrap.log" >&2; kdie "debootstrap failed (log: $root.debootstrap.log)"; }
    # Keep the root small and quiet when it boots.
    echo kiosk-test >"$root/etc/hostname"
    : >"$root/etc/machine-id"
    chroot "$root" systemctl mask getty@tty1.service console-getty.service systemd-networkd-wait-online.service \
      apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1 || true
    touch "$root/.kiosk-root-ok"
  fi
  if (($#)); then
    local need=()
    local p
    for p in "$@"; do
      [[ "$(chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == 'install ok installed' ]] || need+=("$p")
    done
    if ((${#need[@]})); then
      ksay "chroot apt-get install ${need[*]} (host network; the booted container gets none)"
      cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
      chroot "$root" sh -c 'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null' sh "${need[@]}" \
        || kdie "could not install ${need[*]} into $root"
      chroot "$root" apt-get clean
    fi
  fi
}

# Own cgroups in both hierarchies of a v1/hybrid host, so nspawn puts its payload cgroups under ours (field notes §8).
kiosk_cgroup_enter() {
  KIOSK_CGROUP_NAME="kiosk-test-$$"
  local h
  for h in /sys/fs/cgroup/unified /sys/fs/cgroup/systemd; do
    [[ -d "$h" ]] || continue
    mkdir -p "$h/$KIOSK_CGROUP_NAME"
    echo $$ >"$h/$KIOSK_CGROUP_NAME/cgroup.procs"
  done
}

kiosk_cgroup_leave() {
  local h p
  for h in /sys/fs/cgroup/unified /sys/fs/cgroup/systemd; do
    [[ -d "$h/$KIOSK_CGROUP_NAME" ]] || continue
    echo $$ >"$h/cgroup.procs" 2>/dev/null || true
    # Anything still in our cgroup is a container payload that outlived nspawn (e.g. nspawn killed during boot).
    for p in $(find "$h/$KIOSK_CGROUP_NAME" -name cgroup.procs -exec cat {} + 2>/dev/null); do
      [[ "$p" == "$$" ]] || kill -KILL "$p" 2>/dev/null || true
    done
    sleep 0.2
    # remove leaf-first
    find "$h/$KIOSK_CGROUP_NAME" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

kiosk_boot() {
  local root="$1" copy="$2" name="$3"
  KIOSK_CT_COPY="$copy"
  rm -rf "$copy"
  cp -a --reflink=auto "$root" "$copy"
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then :; else kiosk_cgroup_enter; fi
  ksay "booting $name with systemd-nspawn"
  systemd-nspawn -D "$copy" -M "$name" --register=no --keep-unit --private-network -b --console=passive \
    >"$copy.console.log" 2>&1 &
  KIOSK_NSPAWN_PID=$!
  local i
  for i in $(seq 1 300); do
    # nspawn forks helpers before the payload: take the child whose command is systemd.
    KIOSK_CT_PID=$(ps -o pid=,comm= --ppid "$KIOSK_NSPAWN_PID" 2>/dev/null | awk '$2 == "systemd" {print $1; exit}' || true)
    [[ -n "$KIOSK_CT_PID" ]] && break
    kill -0 "$KIOSK_NSPAWN_PID" 2>/dev/null || { cat "$copy.console.log" >&2; kdie "systemd-nspawn exited"; }
    sleep 0.1
  done
  [[ -n "$KIOSK_CT_PID" ]] || kdie "container PID 1 did not appear"
  local state=""
  for i in $(seq 1 300); do
    kill -0 "$KIOSK_CT_PID" 2>/dev/null || { tail -30 "$copy.console.log" >&2; kdie "container PID 1 ($KIOSK_CT_PID) is gone"; }
    state=$(nsenter -t "$KIOSK_CT_PID" -a systemctl is-system-running 2>/dev/null || true)
    [[ "$state" == running || "$state" == degraded ]] && break
    sleep 0.2
  done
  [[ "$state" == running || "$state" == degraded ]] || { tail -30 "$copy.console.log" >&2; kdie "container did not reach running (state: $state)"; }
  ksay "container up: PID 1 on host is $KIOSK_CT_PID (system state: $state)"
}

kiosk_in() { nsenter -t "$KIOSK_CT_PID" -a "$@"; }

kiosk_halt() {
  if [[ -n "$KIOSK_NSPAWN_PID" ]] && kill -0 "$KIOSK_NSPAWN_PID" 2>/dev/null; then
    kill -TERM "$KIOSK_NSPAWN_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$KIOSK_NSPAWN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$KIOSK_NSPAWN_PID" 2>/dev/null || true
    wait "$KIOSK_NSPAWN_PID" 2>/dev/null || true
  fi
  KIOSK_NSPAWN_PID=""
  [[ -n "$KIOSK_CGROUP_NAME" ]] && kiosk_cgroup_leave
  if [[ -n "$KIOSK_CT_COPY" && -z "${KIOSK_KEEP_COPY:-}" ]]; then rm -rf "$KIOSK_CT_COPY" "$KIOSK_CT_COPY.console.log"; fi
}
