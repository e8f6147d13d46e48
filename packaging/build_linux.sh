#!/usr/bin/env bash
# Build the Linux one-dir bundle from packaging/archivist.spec and run its --self-test offscreen.
# Usage (repo root or anywhere): bash packaging/build_linux.sh
# Env: OUT (default build-linux/), MEASURE_EXCLUDES=1 also builds once without the excludes
#      and prints both sizes, PORTABLE_ZIP=1 keeps a portable zip.  Exit non-zero on any failure.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$REPO/build-linux}
DIST=$OUT/dist/Archivist
mkdir -p "$OUT"
LOG=$OUT/build-linux.log
exec > >(tee "$LOG") 2>&1

stage() {  # stage NAME CMD...: run one step and print how long it took
  local name=$1 start=$SECONDS; shift
  echo "=== $name"
  "$@"
  echo "[time] $name: $((SECONDS - start))s"
}

bundle_size() {  # "<MB> MB, <N> files" of a folder
  echo "$(du -sm "$1" | cut -f1) MB, $(find "$1" -type f | wc -l) files"
}

sync_env() {
  cd "$REPO" && uv sync --frozen --group build -q
}

freeze() {  # freeze DISTPATH: PyInstaller one-dir into DISTPATH/Archivist
  cd "$REPO" && uv run --frozen --group build pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$1" --workpath "$OUT/work" packaging/archivist.spec
}

measure_untrimmed() {
  ARCHIVIST_NO_EXCLUDES=1 freeze "$OUT/untrimmed"
  echo "bundle without excludes: $(bundle_size "$OUT/untrimmed/Archivist")"
  rm -rf "$OUT/untrimmed"
}

self_test() {  # the bundled CLI builds a temp archive, imports the samples, searches, exports
  local log=$OUT/selftest.log
  rm -f "$log"
  env -u DISPLAY -u WAYLAND_DISPLAY "$DIST/archivist-cli" --self-test --log "$log"
  grep -qx OK "$log" && echo "SELFTEST PASS (linux bundle)"
}

portable() {  # the portable zip keeps its archive in <folder>/data, nothing in the user's profile
  local tmp zip
  tmp=$(mktemp -d)
  zip=$OUT/portable-test.zip
  bash "$REPO/packaging/make_portable.sh" "$DIST" "$zip"
  if command -v unzip >/dev/null; then  # unzip restores the executables' mode bits
    (cd "$tmp" && unzip -q "$zip")
  else
    (cd "$tmp" && python3 -m zipfile -e "$zip" . && chmod +x Archivist/Archivist Archivist/archivist-cli)
  fi
  local cli=$tmp/Archivist/archivist-cli
  HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg env -u ARCHIVIST_HOME "$cli" import "$REPO/resources/samples"
  HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg env -u ARCHIVIST_HOME "$cli" search "${SAMPLE_QUERY:-组织生活会}" | grep -q .
  [ -n "$(ls -A "$tmp/Archivist/data" 2>/dev/null)" ] || { echo "FAILED: no archive in <dir>/data"; return 1; }
  [ ! -e "$tmp/xdg/Archivist" ] && [ ! -e "$tmp/home/.local/share/Archivist" ] ||
    { echo "FAILED: portable mode wrote to the user's profile"; return 1; }
  echo "PORTABLE PASS: archive in <dir>/data: $(ls "$tmp/Archivist/data" | tr '\n' ' ')"
  rm -rf "$tmp" "$zip"
}

stage "uv sync (build group)" sync_env
[ "${MEASURE_EXCLUDES:-0}" = 1 ] && stage "freeze without excludes" measure_untrimmed
stage "freeze" freeze "$OUT/dist"
echo "linux bundle: $(bundle_size "$DIST")"
stage "bundled self-test" self_test
stage "portable mode" portable
[ "${PORTABLE_ZIP:-0}" = 1 ] && stage "portable zip" bash "$REPO/packaging/make_portable.sh" "$DIST"
echo "LINUX BUILD OK: $DIST"
