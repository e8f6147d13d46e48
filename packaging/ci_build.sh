#!/usr/bin/env bash
# Packaging checks for the project's CI (.ci/run calls this after the test suite).
# Usage: bash packaging/ci_build.sh [linux|windows|all]     (default: $ARCHIVIST_CI_PACKAGING or all)
#   linux    Linux one-dir bundle + offscreen --self-test + portable-mode test   (~1-2 min)
#   windows  the full wine cycle: Windows bundle with the OCR component, installer, then
#            install with OCR (self-test recognises a scan) / upgrade / upgrade /NOOCR (self-test
#            without OCR) / uninstall / reinstall / uninstall /DELETEDATA
#            (~10 min with build-win/ cached, ~13 min cold; measured on 2 shared cores)
#   all      both; the wine cycle is capped so a hung wine cannot eat CI's 90-minute budget
# CI runs as root in a fresh clone with PyPI and Debian reachable: everything missing is installed
# with apt-get/pip, and caches start empty (set R=/some/dir to keep build-win/ between runs).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WHAT=${1:-${ARCHIVIST_CI_PACKAGING:-all}}
WINDOWS_TIMEOUT=${WINDOWS_TIMEOUT:-2400}   # seconds (the cycle took 10-19 min here, load 2-6)
T0=$SECONDS

linux() {
  bash "$REPO/packaging/build_linux.sh"
}

windows() {
  local rc=0
  timeout --kill-after=30 "$WINDOWS_TIMEOUT" bash "$REPO/packaging/build_windows.sh" || rc=$?
  # never leave wine processes behind (CI ends everything anyway; a developer's machine would not)
  WINEPREFIX=${R:-$REPO/build-win}/prefix wineserver -k 2>/dev/null || true
  [ "$rc" = 124 ] && echo "FAILED: the Windows cycle took longer than ${WINDOWS_TIMEOUT}s"
  return "$rc"
}

case $WHAT in
  linux) linux ;;
  windows) windows ;;
  all) linux; windows ;;
  *) echo "usage: $0 [linux|windows|all]"; exit 2 ;;
esac
echo "PACKAGING OK ($WHAT) in $((SECONDS - T0))s"
