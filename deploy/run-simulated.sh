#!/usr/bin/env bash
# Runs the kiosk on the simulated hardware profile against the reference back office, on this machine.
#   deploy/run-simulated.sh            build (Release), start kiosk-backoffice on 127.0.0.1:5080 and kioskd; Ctrl+C stops both
# State lives in ./run/ (journal, printed receipts, back office database); delete it to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
port=${KIOSK_BACKOFFICE_PORT:-5080}
mkdir -p run/backoffice

echo "== building (Release)…"
dotnet build KioskRuntime.sln -c Release -v q -nologo | grep -E "error|Warn|Elapsed" || true

bo="$root/src/KioskRuntime.BackOffice/bin/Release/net10.0/kiosk-backoffice.dll"
kd="$root/src/KioskRuntime.Daemon/bin/Release/net10.0/kioskd.dll"
[ -f "$bo" ] && [ -f "$kd" ] || { echo "build failed: $bo or $kd missing" >&2; exit 1; }

# The simulated kiosk gets a token of its own (bound to demo-kiosk-1), you get an admin one; the file keeps only their SHA-256.
# Fresh ones on every start (--replace drops the previous ones); KIOSK_UPSTREAM_TOKEN chooses the kiosk's token instead.
creds="$root/run/backoffice/credentials"
if [ -n "${KIOSK_UPSTREAM_TOKEN:-}" ]; then
  token=$KIOSK_UPSTREAM_TOKEN
  (umask 077; grep -v '^kiosk:demo-kiosk-1 ' "$creds" 2>/dev/null > "$creds.new" || true
   printf 'kiosk:demo-kiosk-1 %s\n' "$(printf %s "$token" | sha256sum | cut -d' ' -f1)" >> "$creds.new"; mv "$creds.new" "$creds")
else
  token=$(dotnet "$bo" credentials issue --file "$creds" --kiosk demo-kiosk-1 --replace)
fi
admin_token=$(dotnet "$bo" credentials issue --file "$creds" --admin --replace)
dotnet "$bo" --urls "http://127.0.0.1:$port" --credentials "$creds" --data "$root/run/backoffice/backoffice.sqlite" > run/backoffice.log 2>&1 &
bo_pid=$!
trap 'kill $bo_pid 2>/dev/null || true; wait $bo_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo "== back office on http://127.0.0.1:$port (kiosk demo-kiosk-1's token $token, admin token $admin_token; log run/backoffice.log)"
cat <<TXT
== kioskd starting on the simulated profile (data dir run/kiosk-data). In another terminal:
   alias kioskctl="dotnet $root/src/KioskRuntime.Cli/bin/Release/net10.0/kioskctl.dll --data-dir $root/run/kiosk-data"
   kioskctl status
   kioskctl scan 7038010001659        # Blåbærsyltetøy 400 g
   echo 7040030001106 > run/kiosk-data/devices/scanner.fifo   # or "scan" through the simulated scanner
   kioskctl checkout
   cat run/kiosk-data/printer/*.txt   # the receipt
   cat run/kiosk-data/devices/door-lock.txt                   # unlocked after the sale, relocks on its timer
   echo "case 1" > run/kiosk-data/devices/sensors.fifo        # tamper: selling stops (kioskctl status says why)
   echo "case 0" > run/kiosk-data/devices/sensors.fifo; echo 04B7E2C1D9A380 > run/kiosk-data/devices/nfc.fifo   # technician clears it
   curl -s -H "Authorization: Bearer $token" http://127.0.0.1:$port/v1/kiosks/demo-kiosk-1/cursor
   curl -s -H "Authorization: Bearer $admin_token" http://127.0.0.1:$port/admin/kiosks
   # the customer screen in a browser on this machine (technician page: /tech/ instead of /screen/; docs/local-api.md):
   chromium "\$(cat run/kiosk-data/screen-url)#token=\$(cat run/kiosk-data/screen-token)"
TXT
dotnet "$kd" --profile "$root/hardware-profiles/simulated.json" --data-dir "$root/run/kiosk-data" \
  --upstream "http://127.0.0.1:$port" --upstream-token "$token"
