#!/usr/bin/env bash
# Zip a one-dir bundle as a portable edition: portable.txt beside the executables makes the app
# keep its archive in <folder>/data instead of the user's profile (main.py checks for it).
# Usage: bash packaging/make_portable.sh [DIST_DIR] [OUT_ZIP]
#   DIST_DIR defaults to build-linux/dist/Archivist; OUT_ZIP to <DIST_DIR>/../Archivist-<ver>-portable-<os>.zip
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=$(cd "${1:-$REPO/build-linux/dist/Archivist}" && pwd)
VER=$(python3 -c "import tomllib;print(tomllib.load(open('$REPO/pyproject.toml','rb'))['project']['version'])")
OS=linux; [ -f "$DIST/Archivist.exe" ] && OS=windows
OUT=${2:-$(dirname "$DIST")/Archivist-$VER-portable-$OS.zip}

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -a "$DIST" "$STAGE/Archivist"
# CRLF so Notepad shows the lines on any Windows
printf '%s\r\n' \
  "档案管家便携版：本文件存在时，档案库保存在本文件夹的 data 子文件夹中，可随U盘携带。" \
  "删除本文件后，程序改用个人目录中的档案库（Windows：%LOCALAPPDATA%\\Archivist）。" \
  "Archivist portable edition: while this file exists the archive is kept in the data folder here." \
  >"$STAGE/Archivist/portable.txt"
rm -f "$OUT"
(cd "$STAGE" && python3 -m zipfile -c "$OUT" Archivist)
echo "portable zip: $OUT ($(du -m "$OUT" | cut -f1) MB)"
