#!/usr/bin/env bash
# Build kiosk-runtime_<version>_amd64.deb and _arm64.deb from an x64 machine (issue 7).
#
#   deploy/build-deb.sh [--arch amd64|arm64|all] [--version V] [--out DIR] [--no-publish] [--compress xz|gzip]
#
# Each package: kioskd + kioskctl published self-contained with ReadyToRun for linux-x64 / linux-arm64 into
# /usr/lib/kiosk-runtime/, /usr/bin symlinks, the systemd unit, sysusers.d, udev rules, modules-load.d, modprobe.d,
# /etc/kiosk/{kioskd.json,profile.json} as conffiles, maintainer scripts from deploy/debian/. kiosk-backoffice is not
# shipped. Version: --version, else $KIOSK_VERSION, else <Version> in Directory.Build.props.
# Output: DIR (default artifacts/deb/) and one line per package: "deb <path> <bytes>".
# Needs: dotnet SDK (global.json), dpkg-deb, fakeroot-free (ownership set with --root-owner-group).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

arches=(amd64 arm64)
version="${KIOSK_VERSION:-}"
out="$repo/artifacts/deb"
publish=1
compress=xz
while (($#)); do
  case "$1" in
    --arch) case "$2" in all) arches=(amd64 arm64) ;; amd64|arm64) arches=("$2") ;; *) echo "build-deb: --arch must be amd64, arm64 or all, not '$2'" >&2; exit 2 ;; esac; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    --compress) case "$2" in xz|gzip) compress="$2" ;; *) echo "build-deb: --compress must be xz or gzip" >&2; exit 2 ;; esac; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "build-deb: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$version" ]]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)
fi
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "build-deb: '$version' is not a Debian version" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "build-deb: dpkg-deb missing (apt-get install dpkg)" >&2; exit 1; }
command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq >/dev/null || { echo "build-deb: jq missing (apt-get install jq)" >&2; exit 1; }

rid_of() { case "$1" in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; esac; }
elf_machine_of() { case "$1" in amd64) echo 'x86-64' ;; arm64) echo 'aarch64' ;; esac; }

# Publish one project for one RID into its own folder (obj/bin are per RID, so arches don't collide).
publish_app() {
  local project="$1" rid="$2" dest="$3"
  rm -rf "$dest"
  dotnet publish "$repo/src/$project" -c Release -r "$rid" --self-contained true \
    -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateDocumentationFile=false \
    -o "$dest" -v q -nologo >"$dest.log" 2>&1 || { tail -30 "$dest.log" >&2; echo "build-deb: dotnet publish $project -r $rid failed (log: $dest.log)" >&2; exit 1; }
}

# Merge kioskctl's publish output into kioskd's. Both are built from the same sources and central package versions, but
# ReadyToRun images are not byte-reproducible between two publishes, so compare what matters: every library that both
# apps' deps.json list must have the same version (else one folder would break one of the apps). kioskd's copy wins.
merge_into() {
  local from="$1" into="$2" rel
  local mismatch
  mismatch=$(jq -rn --slurpfile a "$into/kioskd.deps.json" --slurpfile b "$from/kioskctl.deps.json" '
      def libs(d): d.libraries | keys | map(split("/") | {(.[0]): .[1]}) | add;
      (libs($a[0])) as $x | (libs($b[0])) as $y
      | [$x | keys[] | select($y[.] != null and $y[.] != $x[.]) | "\(.) \($x[.]) (kioskd) vs \($y[.]) (kioskctl)"] | .[]')
  if [[ -n "$mismatch" ]]; then
    echo "build-deb: kioskd and kioskctl need different versions of:" >&2
    echo "$mismatch" | sed 's/^/  /' >&2
    exit 1
  fi
  while IFS= read -r -d '' rel; do
    rel="${rel#./}"
    [[ -e "$into/$rel" ]] || install -D -m "$(stat -c %a "$from/$rel")" "$from/$rel" "$into/$rel"
  done < <(cd "$from" && find . -type f -print0)
}

build_one() {
  local arch="$1" rid stage pub lib
  rid=$(rid_of "$arch")
  stage="$repo/artifacts/deb-stage/$arch/root"
  pub="$repo/artifacts/deb-stage/$arch/publish"
  lib="$stage/usr/lib/kiosk-runtime"
  mkdir -p "$pub"
  if ((publish)) || [[ ! -x "$pub/kioskd/kioskd" ]]; then
    local t=$SECONDS
    publish_app KioskRuntime.Daemon "$rid" "$pub/kioskd"
    publish_app KioskRuntime.Cli "$rid" "$pub/kioskctl"
    echo "build-deb: published $rid in $((SECONDS - t)) s" >&2
  fi
  [[ -x "$pub/kioskd/kioskd" && -x "$pub/kioskctl/kioskctl" ]] || { echo "build-deb: publish output lacks kioskd or kioskctl" >&2; exit 1; }
  file -b "$pub/kioskd/kioskd" | grep -q "$(elf_machine_of "$arch")" || { echo "build-deb: kioskd is not a $(elf_machine_of "$arch") binary: $(file -b "$pub/kioskd/kioskd")" >&2; exit 1; }

  rm -rf "$stage"
  mkdir -p "$lib"
  cp -a "$pub/kioskd/." "$lib/"
  merge_into "$pub/kioskctl" "$lib"
  [[ -f "$lib/hardware-profiles/simulated.json" ]] || { echo "build-deb: hardware-profiles/simulated.json missing beside kioskd" >&2; exit 1; }
  # No debug/dev leftovers in the package.
  find "$lib" \( -name '*.pdb' -o -name '*.dbg' -o -name '*.xml' \) -delete
  chmod -R u=rwX,go=rX "$lib"

  install -d "$stage/usr/bin"
  ln -s ../lib/kiosk-runtime/kioskd "$stage/usr/bin/kioskd"
  ln -s ../lib/kiosk-runtime/kioskctl "$stage/usr/bin/kioskctl"
  install -D -m 0644 "$repo/systemd/kiosk-runtime.service" "$stage/lib/systemd/system/kiosk-runtime.service"
  install -D -m 0644 "$repo/systemd/kiosk-runtime.sysusers" "$stage/usr/lib/sysusers.d/kiosk-runtime.conf"
  install -D -m 0644 "$repo/systemd/99-kiosk-runtime.rules" "$stage/lib/udev/rules.d/99-kiosk-runtime.rules"
  install -D -m 0644 "$repo/systemd/kiosk-runtime.modules-load" "$stage/usr/lib/modules-load.d/kiosk-runtime.conf"
  install -D -m 0644 "$repo/systemd/kiosk-runtime.modprobe" "$stage/lib/modprobe.d/kiosk-runtime.conf"
  install -D -m 0644 "$repo/systemd/kiosk-runtime.tmpfiles" "$stage/usr/lib/tmpfiles.d/kiosk-runtime.conf"
  install -D -m 0755 "$repo/systemd/kiosk-runtime-allow-upstream" "$stage/usr/sbin/kiosk-runtime-allow-upstream"
  install -D -m 0644 "$here/etc/kioskd.json" "$stage/etc/kiosk/kioskd.json"
  install -D -m 0644 "$repo/hardware-profiles/simulated.json" "$stage/etc/kiosk/profile.json"
  install -d "$stage/usr/share/doc/kiosk-runtime"
  [[ -f "$repo/docs/on-device.md" ]] && install -m 0644 "$repo/docs/on-device.md" "$stage/usr/share/doc/kiosk-runtime/on-device.md"
  printf 'kiosk-runtime %s\nCopyright: KioskRuntime team. Bundles the .NET runtime (MIT, see ThirdPartyNotices in the runtime pack).\n' \
    "$version" >"$stage/usr/share/doc/kiosk-runtime/copyright"

  install -d -m 0755 "$stage/DEBIAN"
  local size
  size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$here/debian/control.in" >"$stage/DEBIAN/control"
  install -m 0644 "$here/debian/conffiles" "$stage/DEBIAN/conffiles"
  local s
  for s in postinst prerm postrm; do install -m 0755 "$here/debian/$s" "$stage/DEBIAN/$s"; done
  (cd "$stage" && find . -path ./DEBIAN -prune -o -type f ! -path './etc/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"

  mkdir -p "$out"
  local deb="$out/kiosk-runtime_${version}_${arch}.deb"
  # xz: smallest download (~45 s CPU per package); gzip: ~4x faster, ~35 % larger (for test builds).
  dpkg-deb --root-owner-group -Z"$compress" --build "$stage" "$deb" >/dev/null
  echo "deb $deb $(stat -c %s "$deb")"
}

t0=$SECONDS
for a in "${arches[@]}"; do build_one "$a"; done
echo "build-deb: done in $((SECONDS - t0)) s" >&2
