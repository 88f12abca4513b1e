#!/usr/bin/env bash
# The browser suite: the real kioskd and kiosk-backoffice (built Release binaries), driven through the reference screen in Debian's
# Chromium by playwright-core, each screen checked with axe-core. Installs what it needs, idempotently (quick when present):
#   chromium  from Debian (apt, as root) when /usr/bin/chromium is missing; never a downloaded browser
#   node_modules from npm (package-lock.json) when missing or older than the lock file
# Writes TAP to $1 (default artifacts/test-results/browser.tap) and screenshots to artifacts/test-results/browser-screenshots/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tap=${1:-$here/../../artifacts/test-results/browser.tap}
mkdir -p "$(dirname "$tap")"
tap=$(realpath -m "$tap") # absolute: the runner starts in tests/browser, and deploy/test.sh passes a relative path
if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
  if [[ $EUID -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null || {
      apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null; }
  fi
  [[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || { echo "browser tests: no Chromium (apt install chromium, as root)" >&2; exit 1; }
fi
if [[ ! -d $here/node_modules/playwright-core || $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || { echo "browser tests: npm ci failed" >&2; exit 1; }
fi
cd "$here" && node --test --test-concurrency=1 --test-reporter=tap --test-reporter-destination="$tap" \
  --test-reporter=spec --test-reporter-destination=stdout screen.test.mjs
