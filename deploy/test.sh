#!/usr/bin/env bash
# The test command (README; .ci/run calls exactly this):
#   deploy/test.sh
# 1. builds the solution (Release, warnings are errors),
# 2. runs the unit, property and integration suites (test projects in parallel),
# 3. runs the end-to-end suite alone (real kioskd, kioskctl and kiosk-backoffice processes; timing-sensitive watchdog checks),
# 4. runs the system tests (systemd unit lint, a real systemd in a container with the .deb, arm64 under qemu) when root;
#    KIOSK_SKIP_SYSTEM_TESTS=1 skips them. Each system script installs what it needs (apt) and prints its timings.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$(date +%s)
phase() { printf '\n== %s (t+%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

phase "build (Release)"
dotnet build KioskRuntime.sln -c Release -nologo -v q

phase "unit, property and integration tests"
unit_projects=()
for p in tests/*/*.Tests.csproj; do
  [[ $p == *EndToEnd* ]] || unit_projects+=("$p")
done
status=0
for p in "${unit_projects[@]}"; do
  dotnet test "$p" -c Release --no-build --nologo --blame-hang-timeout 5m --logger "console;verbosity=minimal" &
done
for job in $(jobs -p); do wait "$job" || status=1; done
[[ $status -eq 0 ]] || { echo "unit tests failed" >&2; exit 1; }

phase "end-to-end tests (real processes)"
dotnet test tests/KioskRuntime.EndToEnd.Tests -c Release --no-build --nologo --blame-hang-timeout 5m --logger "console;verbosity=normal"

if [[ ${KIOSK_SKIP_SYSTEM_TESTS:-0} == 1 ]]; then
  phase "system tests skipped (KIOSK_SKIP_SYSTEM_TESTS=1)"
elif [[ $EUID -ne 0 ]]; then
  phase "system tests skipped: they need root (overlay mounts, systemd-nspawn); run as root or in CI"
else
  for t in tests/system/unit-lint.sh tests/system/systemd-container.sh tests/system/arm64-qemu.sh; do
    [[ -x $t || -f $t ]] || continue
    phase "system: $t"
    bash "$t"
  done
fi

phase "all tests passed"
