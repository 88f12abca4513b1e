#!/usr/bin/env bash
# The test command (README; .ci/run calls exactly this):
#   deploy/test.sh
# 1. builds the solution (Release, warnings are errors),
# 2. runs the unit, property and integration suites (test projects in parallel),
# 3. runs the end-to-end suite alone (real kioskd, kioskctl and kiosk-backoffice processes; timing-sensitive watchdog checks),
#    then the browser suite (tests/browser/run.sh: the reference screen in Debian's Chromium; its TAP counted like a TRX),
# 4. runs the system tests (systemd unit lint, a real systemd in a container with the .deb, arm64 under qemu) when root;
#    KIOSK_SKIP_SYSTEM_TESTS=1 skips them. Each system script installs what it needs (apt) and prints its timings.
# Every suite runs even when an earlier one failed. The last line of the output, alone, sums them all:
#   N passed, N failed, N skipped
# (each test case of every dotnet test run, counted from its TRX file under artifacts/test-results/, plus one per system script;
# a dotnet test run that fails without a failed test in its TRX, e.g. a crashed or hung test host, counts as one failed, and so does
# a failed build). The exit status is non-zero iff something failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
start=$(date +%s)
phase() { printf '\n== %s (t+%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
passed=0 failed=0 skipped=0

# count NAME EXIT: adds the test cases of $results/NAME.trx to the totals (Passed, NotExecuted = skipped, any other outcome = failed).
count() {
  local name=$1 code=$2 trx="$results/$1.trx" p=0 f=0 s=0
  if [[ -f $trx ]]; then
    read -r p f s < <(grep -o '<UnitTestResult [^>]*>' "$trx" | grep -o ' outcome="[A-Za-z]*"' |
      awk -F'"' '{ if ($2 == "Passed") p++; else if ($2 == "NotExecuted") s++; else f++ } END { print p + 0, f + 0, s + 0 }')
  fi
  if (( code != 0 && f == 0 )); then
    echo "$name: dotnet test exited $code with no failed test in ${trx}: counted as 1 failed" >&2
    f=1
  fi
  passed=$(( passed + p )) failed=$(( failed + f )) skipped=$(( skipped + s ))
}

summary() {
  if (( failed == 0 )); then phase "all tests passed"; else phase "FAILED"; fi
  printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
  exit $(( failed == 0 ? 0 : 1 ))
}

phase "build (Release)"
if ! dotnet build KioskRuntime.sln -c Release -nologo -v q; then
  echo "build failed: no test ran (counted as 1 failed)" >&2
  failed=1
  summary
fi

# dotnet test NAME PROJECT VERBOSITY: one run, its TRX as $results/NAME.trx, its exit status in $results/NAME.exit
run_tests() {
  dotnet test "$2" -c Release --no-build --nologo --blame-hang-timeout 5m --results-directory "$results" \
    --logger "trx;LogFileName=$1.trx" --logger "console;verbosity=$3"
  echo $? > "$results/$1.exit"
}

phase "unit, property and integration tests"
unit_names=()
for p in tests/*/*.Tests.csproj; do
  [[ $p == *EndToEnd* ]] && continue
  name=$(basename "$p" .csproj)
  unit_names+=("$name")
  run_tests "$name" "$p" minimal &
done
wait
for name in "${unit_names[@]}"; do
  count "$name" "$(cat "$results/$name.exit" 2>/dev/null || echo 1)"
done
(( failed == 0 )) || echo "unit tests failed ($failed so far); the end-to-end suite runs all the same" >&2

phase "end-to-end tests (real processes)"
run_tests KioskRuntime.EndToEnd.Tests tests/KioskRuntime.EndToEnd.Tests normal
count KioskRuntime.EndToEnd.Tests "$(cat "$results/KioskRuntime.EndToEnd.Tests.exit" 2>/dev/null || echo 1)"

phase "browser tests (real kioskd through the reference screen in Debian's Chromium; screenshots in $results/browser-screenshots)"
bash tests/browser/run.sh "$results/browser.tap"
browser_exit=$?
if [[ -f $results/browser.tap ]]; then
  read -r bp bf bs < <(awk '/^# pass /{p=$3} /^# fail /{f=$3} /^# cancelled /{c=$3} /^# skipped /{s=$3} /^# todo /{s+=$3} END { print p + 0, f + c + 0, s + 0 }' "$results/browser.tap")
else
  bp=0 bf=0 bs=0
fi
if (( browser_exit != 0 && bf == 0 )); then
  echo "browser tests exited $browser_exit with no failed test in $results/browser.tap: counted as 1 failed" >&2
  bf=1
fi
passed=$(( passed + bp )) failed=$(( failed + bf )) skipped=$(( skipped + bs ))

system_tests=()
for t in tests/system/unit-lint.sh tests/system/systemd-container.sh tests/system/arm64-qemu.sh; do
  [[ -f $t ]] && system_tests+=("$t")
done
if [[ ${KIOSK_SKIP_SYSTEM_TESTS:-0} == 1 ]]; then
  phase "system tests skipped (KIOSK_SKIP_SYSTEM_TESTS=1)"
  skipped=$(( skipped + ${#system_tests[@]} ))
elif [[ $EUID -ne 0 ]]; then
  phase "system tests skipped: they need root (overlay mounts, systemd-nspawn); run as root or in CI"
  skipped=$(( skipped + ${#system_tests[@]} ))
else
  for t in "${system_tests[@]}"; do
    phase "system: $t"
    if bash "$t"; then
      passed=$(( passed + 1 ))
    else
      echo "system test failed: $t" >&2
      failed=$(( failed + 1 ))
    fi
  done
fi

summary
