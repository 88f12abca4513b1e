#!/usr/bin/env bash
# Runs the kiosk on the simulated hardware profile against the simulated Rackbeat account, on this machine.
#   deploy/run-rackbeat-simulated.sh            build (Release), start rackbeat-sim on 127.0.0.1:5090 and kioskd; Ctrl+C stops both
#   RACKBEAT_STOCK_MODE=invoice deploy/...      the account moves stock when invoices are booked instead of at shipment
# State lives in ./run/rackbeat/ (journal, receipts, the simulated account's JSON); delete it to start over.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
port=${RACKBEAT_SIM_PORT:-5090}
token=${RACKBEAT_TOKEN:-sim-token}
mode=${RACKBEAT_STOCK_MODE:-shipment}
mkdir -p run/rackbeat

if [ -z "${KIOSK_SKIP_BUILD:-}" ]; then
  echo "== building (Release)…"
  dotnet build KioskRuntime.sln -c Release -v q -nologo | grep -E "error|Warn|Elapsed" || true
fi

sim="$root/src/KioskRuntime.RackbeatSimulator/bin/Release/net10.0/rackbeat-sim.dll"
kd="$root/src/KioskRuntime.Daemon/bin/Release/net10.0/kioskd.dll"
[ -f "$sim" ] && [ -f "$kd" ] || { echo "build failed: $sim or $kd missing" >&2; exit 1; }

dotnet "$sim" --urls "http://127.0.0.1:$port" --token "$token" --stock-mode "$mode" --data "$root/run/rackbeat/account.json" > run/rackbeat/sim.log 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; wait $sim_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo "== simulated Rackbeat on http://127.0.0.1:$port/api/ (token $token, stock on $mode, log run/rackbeat/sim.log)"
cat <<TXT
== kioskd starting on the simulated profile against it (data dir run/rackbeat/kiosk-data). In another terminal:
   alias kioskctl="dotnet $root/src/KioskRuntime.Cli/bin/Release/net10.0/kioskctl.dll --data-dir $root/run/rackbeat/kiosk-data"
   kioskctl scan 7042260000126 && kioskctl checkout     # Lettmelk 1 l (MLK-1L in Rackbeat)
   kioskctl stock 07042260000126                        # live from Rackbeat's location 1
   kioskctl sync dead-letters                           # Rackbeat's 422 field errors, one per field
   curl -s http://127.0.0.1:$port/_sim/state | head -c 600  # the account: orders, shipments, invoices, adjustments
TXT
dotnet "$kd" --profile "$root/hardware-profiles/simulated.json" --data-dir "$root/run/rackbeat/kiosk-data" \
  --rackbeat "http://127.0.0.1:$port/api/" --rackbeat-token "$token" --rackbeat-customer 900 --rackbeat-location 1 \
  --rackbeat-stock-mode "$mode" --rackbeat-consumer-name "KioskRuntime demo" --rackbeat-consumer-contact "demo@example.org"
