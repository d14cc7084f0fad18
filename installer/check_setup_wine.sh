#!/usr/bin/env bash
# Compile installer/thidua.iss with Inno Setup under Wine and exercise the setup program on Linux:
# install, upgrade, reinstall, uninstall, silently, as the (only) Wine user.
#
#   installer/check_setup_wine.sh            # synthetic payload (a few KB), ~1-2 minutes
#   FULL=1 installer/check_setup_wine.sh     # payload = the Linux build dist/ThiDuaBacNinh/_internal
#                                            #   (~240 MB; lzma2/max: ~3 min per compile, 3 compiles)
#
# Not part of .ci/run (too heavy). Needs root for the first run only, to install packages.
#
# What it installs (first run only; later runs reuse them):
# - Debian: wine, wine32 (i386 multiarch; ISCC.exe and the setup program are 32-bit), wine64, xvfb,
#   xauth, gcc-mingw-w64-x86-64 (to build a tiny real Windows console exe as stand-in for thidua.exe).
# - npm: innosetup-compiler@6.3.1 (`npm pack`; it bundles ISCC.exe 6.3.1 and its files), unpacked
#   into $CACHE. Nothing is installed globally.
# Everything else lives in $WORK (default /tmp/thidua-iscc-check; recreated each run): a fresh Wine
# prefix with HOME pointed inside $WORK (so Wine's desktop symlinks and menu entries never touch the
# real home), winemenubuilder disabled, the payloads, the setup programs and the Inno Setup logs.
#
# What it checks (each line prints PASS/FAIL; exit code 1 if any FAIL, 2 if it could not run):
#  1. ISCC compiles the unmodified installer/thidua.iss (with installer/Vietnamese.isl) without
#     errors or warnings.
#  2. Install (per-user): Setup runs in non-administrative install mode with HKCU as root key; the
#     program lands in %LOCALAPPDATA%\Programs\ThiDuaBacNinh (nothing in Program Files); the
#     installed thidua-cli.exe runs; Start-menu shortcuts (app, Công cụ hỗ trợ\Mở thư mục dữ liệu,
#     Công cụ hỗ trợ\Gỡ cài đặt …) and the desktop shortcut exist and point where they should; the
#     uninstaller is registered under HKCU\…\Uninstall\{AppId}_is1 with the version; the data folder
#     %LOCALAPPDATA%\SoNoiVuBacNinh\ThiDuaBacNinh exists ([Dirs]).
#  3. A fake data folder (database, backups, logs, keys) is written where desktop/shared/paths.py puts it on
#     Windows (platformdirs user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)).
#  4. Upgrade with a higher version (0.1.1 payload differs from 0.1.0): registered version is 0.1.1,
#     new exe in place, the old build's stale file in _internal is gone ([InstallDelete]), still one
#     uninstaller, data folder byte-identical. Then the same setup once more (repair/reinstall).
#  5. Uninstall (unins000.exe /VERYSILENT): program folder gone (including a __pycache__ file the
#     app would have written, [UninstallDelete]), shortcuts gone, uninstall key gone, data folder
#     byte-identical.
#
# One deliberate difference from the shipped script, for steps 2-5 only: Wine 8 does not implement
# FOLDERID_UserProgramFiles (SHGetKnownFolderPath returns E_INVALIDARG, so Setup dies at start with
# "System Error. Code: 120. Call not implemented"). The script copy that is *run* therefore has
# DefaultDirName={localappdata}\Programs\ThiDuaBacNinh instead of {autopf}\ThiDuaBacNinh, which is the
# same folder on a default Windows 10/11 per-user install. Step 1 compiles the unmodified script.
# The Wine prefix is also set to report Windows 10 (Wine's default, Windows 7, fails MinVersion=10.0).
#
# What this does NOT show (needs a real Windows PC, see installer/build_windows.md): the real app
# (a Windows PyInstaller build) starting from the shortcuts; the wizard pages as an officer sees them;
# no UAC prompt for a standard (non-admin) account (Wine's user is an administrator, although Setup
# correctly chose non-administrative mode); Restart Manager closing a running app during upgrade;
# "Apps & features" listing; SmartScreen.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/thidua-iscc-check}
CACHE=${CACHE:-/tmp/thidua-iscc-cache}
ISCC_VERSION=6.3.1
T0=$(date +%s)

FAILS=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
die() { echo "ERROR $*" >&2; exit 2; }
step() { echo; echo "== $* ($(( $(date +%s) - T0 )) s)"; }

# ---------------------------------------------------------------------------------------------- tools
step "tools"
if ! command -v wine >/dev/null || ! dpkg -s wine32:i386 >/dev/null 2>&1 \
   || ! command -v xvfb-run >/dev/null || ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
    [ "$(id -u)" = 0 ] || die "wine/wine32/xvfb/mingw missing and not root: install them first"
    dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
    apt-get update -q || echo "apt-get update reported errors; trying the install anyway"
    # libsasl2 i386 named explicitly: with a stale bookworm-security i386 index apt's resolver
    # otherwise gives up on libldap:i386 (seen 2026-11).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        wine wine32 wine64 xvfb xauth gcc-mingw-w64-x86-64 libsasl2-2:i386 libsasl2-modules-db:i386 \
        || die "apt-get install of wine failed (if bookworm-security's i386 index fails its hash check,
        see the Wine section of installer/build_windows.md)"
fi
ISCC_DIR=$CACHE/innosetup-compiler-$ISCC_VERSION/package/bin
if [ ! -f "$ISCC_DIR/ISCC.exe" ]; then
    mkdir -p "$CACHE/innosetup-compiler-$ISCC_VERSION"
    (cd "$CACHE/innosetup-compiler-$ISCC_VERSION" && npm pack -q "innosetup-compiler@$ISCC_VERSION" \
        && tar xzf "innosetup-compiler-$ISCC_VERSION.tgz") || die "npm pack innosetup-compiler failed"
fi
[ -f "$ISCC_DIR/ISCC.exe" ] || die "no ISCC.exe in $ISCC_DIR"

# ------------------------------------------------------------------------------------- wine prefix
rm -rf "$WORK"
mkdir -p "$WORK/home/Desktop" "$WORK/out" "$WORK/logs"
export HOME=$WORK/home WINEPREFIX=$WORK/prefix WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=;mshtml="
W() { wine "$@"; }
winp() { winepath -w "$1" 2>/dev/null; }
step "wine prefix $WINEPREFIX"
wineboot -i >/dev/null 2>&1; wineserver -w
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1; wineserver -w
WUSER=$(ls "$WINEPREFIX/drive_c/users" | grep -vx Public | head -1)
UPROFILE=$WINEPREFIX/drive_c/users/$WUSER
LOCALAPPDATA=$UPROFILE/AppData/Local
[ -d "$LOCALAPPDATA" ] || die "wine prefix has no $LOCALAPPDATA"
# {autopf} in per-user mode is FOLDERID_UserProgramFiles = %LOCALAPPDATA%\Programs (see the header).
mkdir -p "$LOCALAPPDATA/Programs"

APP_NAME=$(sed -n 's/^APP_NAME = "\(.*\)"/\1/p' "$ROOT/desktop/__init__.py")
APP_AUTHOR=$(sed -n 's/^APP_AUTHOR = "\(.*\)"/\1/p' "$ROOT/desktop/__init__.py")
[ -n "$APP_NAME" ] && [ -n "$APP_AUTHOR" ] || die "APP_NAME/APP_AUTHOR not found in desktop/__init__.py"
APPDIR=$LOCALAPPDATA/Programs/ThiDuaBacNinh
DATADIR=$LOCALAPPDATA/$APP_AUTHOR/$APP_NAME
STARTMENU="$UPROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
DESKTOP=$(readlink -f "$UPROFILE/Desktop")
APPID='{5E5C2957-FB1E-477C-BF28-E611FD2A2D0C}_is1'
UNINST_KEY="HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$APPID"

# ---------------------------------------------------------------------------------------- payloads
step "payloads (stand-in thidua.exe / thidua-cli.exe built with mingw)"
make_payload() {  # $1 = folder, $2 = version
    local dir=$1 ver=$2
    mkdir -p "$dir/_internal"
    cat > "$WORK/stub.c" <<EOF
#include <stdio.h>
int main(int argc, char **argv) { printf("thidua stand-in $ver\\n"); return 0; }
EOF
    x86_64-w64-mingw32-gcc -O2 -s -o "$dir/thidua-cli.exe" "$WORK/stub.c" || return 1
    x86_64-w64-mingw32-gcc -O2 -s -mwindows -o "$dir/thidua.exe" "$WORK/stub.c" || return 1
    if [ "${FULL:-0}" = 1 ] && [ -d "$ROOT/dist/ThiDuaBacNinh/_internal" ]; then
        cp -a "$ROOT/dist/ThiDuaBacNinh/_internal/." "$dir/_internal/"
    else
        # The files installer/build.py requires in a build, as placeholders.
        for f in resources/fonts/LiberationSerif-Regular.ttf resources/catalog/titles.json \
                 resources/plan/areas.json resources/icons/thidua-256.png resources/i18n/thidua_en.qm \
                 desktop/store/migrations/env.py desktop/store/migrations/versions/0001_initial_schema.py \
                 vietnam_provinces/data/flat-divisions.json; do
            mkdir -p "$dir/_internal/$(dirname "$f")"; echo "$ver $f" > "$dir/_internal/$f"
        done
    fi
    echo "$ver" > "$dir/_internal/build-$ver.txt"   # differs per version: a stale file after upgrade
}
make_payload "$WORK/payload-0.1.0" 0.1.0 || die "could not build the payload (mingw)"
make_payload "$WORK/payload-0.1.1" 0.1.1 || die "could not build the payload (mingw)"

# ----------------------------------------------------------------------------------------- compile
no_warnings() { ! grep -q '^Warning' "$1"; }
iscc() {  # $1 = script, $2 = version, $3 = payload, $4 = log
    W "$ISCC_DIR/ISCC.exe" "/DAppVersion=$2" "/DSourceDir=$(winp "$3")" "/DOutputDir=$(winp "$WORK/out")" \
        "$(winp "$1")" > "$4" 2>&1
}
step "1. compile the shipped installer/thidua.iss"
iscc "$ROOT/installer/thidua.iss" 0.1.0 "$WORK/payload-0.1.0" "$WORK/logs/iscc-shipped.log"
rc=$?
tail -4 "$WORK/logs/iscc-shipped.log"
check "ISCC compiles installer/thidua.iss (exit $rc)" [ $rc = 0 ]
check "no compiler warnings" no_warnings "$WORK/logs/iscc-shipped.log"
grep '^Warning' "$WORK/logs/iscc-shipped.log"
check "setup program produced" [ -s "$WORK/out/ThiDuaBacNinh-0.1.0-setup.exe" ]
rm -f "$WORK/out/ThiDuaBacNinh-0.1.0-setup.exe"

# The copy that is run under Wine: one line differs (see the header).
mkdir -p "$WORK/src/installer"
ln -s "$ROOT/resources" "$WORK/src/resources"
cp "$ROOT/installer/Vietnamese.isl" "$WORK/src/installer/"
sed 's|^DefaultDirName={autopf}\\|DefaultDirName={localappdata}\\Programs\\|' \
    "$ROOT/installer/thidua.iss" > "$WORK/src/installer/thidua.iss"
ndiff=$(diff "$ROOT/installer/thidua.iss" "$WORK/src/installer/thidua.iss" | grep -c '^>')
[ "$ndiff" = 1 ] || die "expected exactly one changed line (DefaultDirName) in the Wine copy, got $ndiff"
for v in 0.1.0 0.1.1; do
    iscc "$WORK/src/installer/thidua.iss" $v "$WORK/payload-$v" "$WORK/logs/iscc-wine-$v.log" \
        || { cat "$WORK/logs/iscc-wine-$v.log"; die "compile of the Wine copy ($v) failed"; }
done
SETUP1=$WORK/out/ThiDuaBacNinh-0.1.0-setup.exe
SETUP2=$WORK/out/ThiDuaBacNinh-0.1.1-setup.exe
ls -l "$SETUP1" "$SETUP2"

run_setup() {  # $1 = exe, $2 = log name; Setup's own log is written inside the prefix, then copied
    xvfb-run -a wine "$1" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=C:\\$2.log" >/dev/null 2>&1
    local rc=$?
    wineserver -w
    cp "$WINEPREFIX/drive_c/$2.log" "$WORK/logs/" 2>/dev/null
    return $rc
}
reg_value() {  # $1 = value name; prints the data of the uninstall key's value, empty if absent
    wine reg query "$UNINST_KEY" /v "$1" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$1 *REG_[A-Z_]* *//p"
}
lnk_has() {  # $1 = .lnk, $2 = text the link's target should contain (LinkInfo path is ANSI)
    [ -f "$1" ] || return 1
    local s; s=$(strings -a "$1"; strings -el "$1")   # no grep -q: with pipefail its SIGPIPE fails
    [[ ${s,,} == *"${2,,}"* ]]
}
contains() { [[ $1 == *"$2"* ]]; }
no_uninstall_key() { ! wine reg query "$UNINST_KEY" >/dev/null 2>&1; }
data_manifest() { (cd "$DATADIR" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# ----------------------------------------------------------------------------------------- install
step "2. install 0.1.0 (silent, per-user)"
run_setup "$SETUP1" install-0.1.0; rc=$?
check "setup exits 0 (got $rc)" [ $rc = 0 ]
LOG=$WORK/logs/install-0.1.0.log
check "non-administrative install mode" grep -q 'Administrative install mode: No' "$LOG"
check "install mode root key HKCU" grep -q 'Install mode root key: HKEY_CURRENT_USER' "$LOG"
check "program in %LOCALAPPDATA%\\Programs\\ThiDuaBacNinh" \
    test -f "$APPDIR/thidua.exe" -a -f "$APPDIR/thidua-cli.exe" -a -f "$APPDIR/_internal/build-0.1.0.txt"
check "nothing in Program Files" \
    test ! -e "$WINEPREFIX/drive_c/Program Files/ThiDuaBacNinh" -a ! -e "$WINEPREFIX/drive_c/Program Files (x86)/ThiDuaBacNinh"
check "uninstaller in the program folder" test -f "$APPDIR/unins000.exe" -a -f "$APPDIR/unins000.dat"
out=$(wine "$APPDIR/thidua-cli.exe" 2>/dev/null | tr -d '\r')
check "installed thidua-cli.exe runs ('$out')" [ "$out" = "thidua stand-in 0.1.0" ]
LNK_APP="$STARTMENU/Thi đua Bắc Ninh.lnk"
LNK_DATA="$STARTMENU/Công cụ hỗ trợ/Mở thư mục dữ liệu.lnk"
LNK_UNINST="$STARTMENU/Công cụ hỗ trợ/Gỡ cài đặt Thi đua Bắc Ninh.lnk"
LNK_DESK="$DESKTOP/Thi đua Bắc Ninh.lnk"
check "Start menu: Thi đua Bắc Ninh.lnk -> thidua.exe" lnk_has "$LNK_APP" 'Programs\ThiDuaBacNinh\thidua.exe'
check "Start menu: Công cụ hỗ trợ\\Mở thư mục dữ liệu.lnk -> data folder" lnk_has "$LNK_DATA" "$APP_AUTHOR\\$APP_NAME"
check "Start menu: Công cụ hỗ trợ\\Gỡ cài đặt Thi đua Bắc Ninh.lnk -> unins000.exe" lnk_has "$LNK_UNINST" 'unins000.exe'
check "desktop: Thi đua Bắc Ninh.lnk -> thidua.exe" lnk_has "$LNK_DESK" 'Programs\ThiDuaBacNinh\thidua.exe'
echo "      shortcuts: $(cd "$UPROFILE" && find . "$DESKTOP" -name '*.lnk' | tr '\n' ' ')"
check "uninstall key registered in HKCU (DisplayVersion $(reg_value DisplayVersion))" [ "$(reg_value DisplayVersion)" = 0.1.0 ]
check "UninstallString points to unins000.exe" contains "$(reg_value UninstallString)" 'Programs\ThiDuaBacNinh\unins000.exe'
check "data folder created by [Dirs]" test -d "$DATADIR"

# ------------------------------------------------------------------------------------ officer data
step "3. fake officer data in $DATADIR"
mkdir -p "$DATADIR/backups" "$DATADIR/logs" "$DATADIR/keys"
head -c 200000 /dev/urandom > "$DATADIR/thidua.sqlite3"
head -c 50000 /dev/urandom > "$DATADIR/backups/thidua-2026-11-01.zip"
echo "2026-11-26 started" > "$DATADIR/logs/thidua.log"
echo "secret" > "$DATADIR/keys/signing.key.age"
data_manifest > "$WORK/data.before"
# A file the app writes inside its own folder at run time ([UninstallDelete] must take it).
mkdir -p "$APPDIR/_internal/__pycache__" && echo pyc > "$APPDIR/_internal/__pycache__/runtime.pyc"
echo "      $(wc -l < "$WORK/data.before") files"

# ----------------------------------------------------------------------------------------- upgrade
step "4. upgrade to 0.1.1, then the same setup again"
run_setup "$SETUP2" upgrade-0.1.1; rc=$?
check "upgrade setup exits 0 (got $rc)" [ $rc = 0 ]
check "registered version is now 0.1.1" [ "$(reg_value DisplayVersion)" = 0.1.1 ]
out=$(wine "$APPDIR/thidua-cli.exe" 2>/dev/null | tr -d '\r')
check "new thidua-cli.exe in place ('$out')" [ "$out" = "thidua stand-in 0.1.1" ]
check "old build's file removed from _internal ([InstallDelete])" test ! -e "$APPDIR/_internal/build-0.1.0.txt"
check "still one uninstaller (no unins001)" test -f "$APPDIR/unins000.exe" -a ! -e "$APPDIR/unins001.exe"
check "data folder unchanged after upgrade" cmp -s "$WORK/data.before" <(data_manifest)
run_setup "$SETUP2" reinstall-0.1.1; rc=$?
check "same setup again exits 0 (got $rc)" [ $rc = 0 ]
check "data folder unchanged after reinstall" cmp -s "$WORK/data.before" <(data_manifest)
check "shortcuts still there" test -f "$LNK_APP" -a -f "$LNK_DESK"

# --------------------------------------------------------------------------------------- uninstall
step "5. uninstall"
mkdir -p "$APPDIR/_internal/__pycache__" && echo pyc > "$APPDIR/_internal/__pycache__/runtime.pyc"
xvfb-run -a wine "$APPDIR/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=C:\\uninstall.log" >/dev/null 2>&1
rc=$?
wineserver -w
# The uninstaller hands over to a copy of itself in %TEMP% and the folder goes when that finishes.
for _ in $(seq 30); do [ -e "$APPDIR" ] || break; sleep 1; done
cp "$WINEPREFIX/drive_c/uninstall.log" "$WORK/logs/" 2>/dev/null
check "uninstaller exits 0 (got $rc)" [ $rc = 0 ]
check "program folder removed" test ! -e "$APPDIR"
check "Start-menu shortcuts removed" test ! -e "$LNK_APP" -a ! -e "$LNK_DATA" -a ! -e "$LNK_UNINST"
check "desktop shortcut removed" test ! -e "$LNK_DESK"
check "uninstall key removed" no_uninstall_key
check "data folder still there, byte-identical" cmp -s "$WORK/data.before" <(data_manifest)
ls -la "$DATADIR" | sed 's/^/      /'

echo
echo "logs: $WORK/logs   setup programs: $WORK/out   time: $(( $(date +%s) - T0 )) s"
if [ $FAILS -gt 0 ]; then echo "$FAILS check(s) FAILED"; exit 1; fi
echo "all checks passed"
