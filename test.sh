#!/usr/bin/env bash
# Runs every CrmSuite test on a fresh Debian machine with the .NET SDK: installs what is missing, then dotnet test.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
need() { # need <command-or-path> <debian-package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then
    [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
    echo "Installing $2 ..."
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$2" >/dev/null || { echo "could not install $2"; exit 1; }
  fi
}

need /usr/bin/chromium chromium   # browser tests (Playwright drives Debian's chromium; never a downloaded browser)
need npm npm                      # the Vue client is built by the web project's build
need sqlite3 sqlite3              # handy for looking into test databases
need /usr/lib/postgresql postgresql  # the suite runs on PostgreSQL too: the tests start a throwaway server of their own
need /usr/lib/python3/dist-packages/aiosmtpd python3-aiosmtpd  # the real SMTP server the transcript e-mail tests send to

# Vite 7 needs Node 20.19 or newer; say so plainly instead of failing deep inside the build.
node_major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')
if [ -z "$node_major" ] || [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed to build the web client (found: $(node --version 2>/dev/null || echo none))."
  echo "0 passed, 1 failed"
  exit 1
fi

log=$(mktemp)
# Once on SQLite (with the tests that need both databases: schema parity, the three-node cluster), then again on PostgreSQL.
dotnet test CrmSuite.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] || grep -qE 'Failed: +[0-9]+, Passed' "$log"; then
  echo "=== The integration suite again, on PostgreSQL ==="
  CRM_TEST_DB=postgres dotnet test Crm.Tests --no-build --nologo --filter "Db!=sqlite&Db!=both" "$@" 2>&1 | tee -a "$log"
  pg_status=${PIPESTATUS[0]}
  if [ "$pg_status" -ne 0 ]; then status=$pg_status; fi
fi

passed=0; failed=0
while read -r f p; do failed=$((failed + f)); passed=$((passed + p)); done \
  < <(grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')
# A build error runs no test at all: count it as a failure, never as a silent pass.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

# The browser client's unit tests (vitest: stores and formatting); the build above installed its packages.
client_report=$(mktemp)
(cd Crm.Web/ClientApp && npx vitest run --reporter=default --reporter=json --outputFile="$client_report") 2>&1 | tee "$log"
client_status=${PIPESTATUS[0]}
read -r cp cf < <(node -e 'try { const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.numPassedTests, r.numFailedTests) } catch { console.log(0, 0) }' "$client_report")
passed=$((passed + cp)); failed=$((failed + cf))
if [ "$client_status" -ne 0 ] && [ "$cf" -eq 0 ]; then failed=$((failed + 1)); fi
if [ "$client_status" -ne 0 ]; then status=$client_status; fi
rm -f "$log" "$client_report"
echo "$passed passed, $failed failed"
exit "$status"
