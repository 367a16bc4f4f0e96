#!/usr/bin/env bash
# Runs every test: unit tests (surefire) and end-to-end tests against a real kube-apiserver and
# the moto AWS emulator (failsafe). The tools they need are built on first use and cached.
#   scripts/test.sh            all tests
#   scripts/test.sh -DskipITs  unit tests only (no tools needed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ " $* " != *" -DskipITs "* ]]; then
  bash scripts/install-tools.sh
fi
exec mvn -B verify "$@"
