#!/usr/bin/env bash
# One-command demo on a fresh clone: installs what it needs (node modules, the emulator venv), then runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_EC2_METADATA_DISABLED=true
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "demo: installing node modules (npm ci)"
  npm ci --no-audit --no-fund >/dev/null
fi
bash scripts/setup-emulator.sh
if [ -f scripts/build-web.mjs ]; then node scripts/build-web.mjs >/dev/null; fi
exec node --import tsx scripts/demo/main.ts "$@"
