#!/usr/bin/env bash
# Runs every test: lint, types, unit, browser (Chromium, demo and Supabase mode) and database (PostgreSQL + PostGIS).
# Each suite writes a JSON report; the last line sums them so CI sees one verdict.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/ensure-system-deps.sh || exit 1
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

mkdir -p test-results
rm -f test-results/*.json
status=0
step() {
  local name=$1; shift
  echo
  echo "=== $name ==="
  if ! "$@"; then
    echo "=== $name FAILED ==="
    status=1
  fi
}

step lint npx eslint .
step typecheck npx vue-tsc --noEmit
step unit npx vitest run --reporter=default --reporter=json --outputFile=test-results/unit.json
step build npx vite build --logLevel warn
step browser npx vitest run --config tests/browser/vitest.config.ts --reporter=default --reporter=json --outputFile=test-results/browser.json
# The Supabase mode in Chromium against the seeded database through the PostgREST/Auth shim (builds dist-supabase/ itself).
step supabase-browser npx vitest run --config tests/browser-supabase/vitest.config.ts --reporter=default --reporter=json --outputFile=test-results/supabase-browser.json
if [ -f supabase/tests/vitest.config.ts ]; then
  step database npx vitest run --config supabase/tests/vitest.config.ts --reporter=default --reporter=json --outputFile=test-results/database.json
fi

node tests/summarize.mjs test-results/*.json || status=1
exit $status
