#!/usr/bin/env bash
# Screenshot of the BUILT Linux bundle (not `uv run`): Xvfb + CJK fonts + the bundled Archivist,
# with a temporary archive holding the bundled samples.  Adapted from shared/tools/screenshot.sh.
# Usage: bash packaging/screenshot_linux.sh OUT.png [seconds] [app args...]
#   QUERY=2023 types a search into the focused box first (ASCII only: xdotool cannot type CJK here)
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=${DIST:-$REPO/build-linux/dist/Archivist}
out=$(realpath -m "${1:-shot-bundle.png}"); wait=${2:-8}; shift 2 2>/dev/null || shift $#
pkgs="xvfb fonts-noto-cjk imagemagick xdotool libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0"
missing=$(for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
[ -z "$missing" ] || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null 2>&1; }
tmp=$(mktemp -d)
"$DIST/archivist-cli" import --data-dir "$tmp/archive" "$DIST/_internal/resources/samples" >/dev/null
disp=:$((90 + RANDOM % 9))
Xvfb $disp -screen 0 1366x768x24 >/dev/null 2>&1 & xpid=$!
sleep 1
DISPLAY=$disp QT_QPA_PLATFORM=xcb "$DIST/Archivist" --data-dir "$tmp/archive" "$@" >"$tmp/app.log" 2>&1 & apid=$!
sleep "$wait"
if [ -n "${QUERY:-}" ]; then
  DISPLAY=$disp xdotool mousemove 200 20 click 1; sleep 0.5   # no window manager: click to focus
  DISPLAY=$disp xdotool type --delay 60 "$QUERY"; DISPLAY=$disp xdotool key Return; sleep 2
fi
DISPLAY=$disp import -window root "$out" && echo "saved $out"
kill $apid 2>/dev/null; sleep 1; kill -9 $apid 2>/dev/null; kill $xpid 2>/dev/null
tail -3 "$tmp/app.log"
rm -rf "$tmp"
