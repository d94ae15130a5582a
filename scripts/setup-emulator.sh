#!/usr/bin/env bash
# Creates (or refreshes) the Python venv that holds the AWS emulator (moto server).
# Idempotent: when .venv-emulator/bin/moto_server exists and the stamp file matches
# the sha256 of requirements-emulator.txt, it exits at once.
# Works from any cwd: it always operates on the repository root.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

REQ_FILE="requirements-emulator.txt"
VENV_DIR=".venv-emulator"
STAMP="$VENV_DIR/.requirements.sha"

if [[ ! -f "$REQ_FILE" ]]; then
  echo "setup-emulator: $REPO_ROOT/$REQ_FILE not found" >&2
  exit 1
fi

sha_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  else
    python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"
  fi
}

WANT_SHA="$(sha_of "$REQ_FILE")"

if [[ -x "$VENV_DIR/bin/moto_server" && -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$WANT_SHA" ]]; then
  exit 0
fi

if ! command -v python3 >/dev/null 2>&1; then
  echo "setup-emulator: python3 is required to install the AWS emulator (moto)." >&2
  echo "  Install Python 3.9+ with the venv module (e.g. 'apt-get install python3 python3-venv')." >&2
  exit 1
fi

echo "setup-emulator: installing $(tr '\n' ' ' <"$REQ_FILE")into $VENV_DIR ..."
if [[ ! -x "$VENV_DIR/bin/python" ]]; then
  if ! python3 -m venv "$VENV_DIR"; then
    echo "setup-emulator: 'python3 -m venv' failed; install the venv module (e.g. 'apt-get install python3-venv')." >&2
    exit 1
  fi
fi

"$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ_FILE"

if [[ ! -x "$VENV_DIR/bin/moto_server" ]]; then
  echo "setup-emulator: install finished but $VENV_DIR/bin/moto_server is missing." >&2
  exit 1
fi

echo "$WANT_SHA" >"$STAMP"
echo "setup-emulator: ready ($("$VENV_DIR/bin/python" -m pip show moto 2>/dev/null | awk '/^Version:/{print "moto " $2}'))"
