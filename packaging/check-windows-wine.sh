#!/usr/bin/env bash
# check-windows-wine.sh — run the Windows bundle under Wine (issue 12), as CI does
# after check-bundles.sh has checked its layout:
#   cli        yoyak-cli.exe version and summarize (UTF-8, CP949, UTF-16, Windows
#              paths, Hangul and spaces, stdin, --out, folder mode), bad input
#              refused as on Linux, Ctrl+C, no llama.cpp line on the console
#   gotests    the Windows-only code (*_windows.go) in test binaries cross-compiled
#              for windows/amd64
#   window     yoyak.exe TRANSCRIPT under Xvfb: OCR finds the transcript and the
#              Korean UI; Ctrl+Enter summarizes and the status line reads 완료
#   installer  the NSIS installer, silent, per user; "Open with", the uninstaller,
#              and an uninstall that leaves the prefix as it found it
#
# Usage: packaging/check-windows-wine.sh [cli] [gotests] [window] [installer]  (default: all)
# YOYAK_CI_WINE=0 skips it. Screenshots go to $YOYAK_SCREENSHOT_DIR (default dist/screenshots).
set -euo pipefail
# shellcheck source=packaging/bundle-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bundle-common.sh"

if [ "${YOYAK_CI_WINE:-1}" = 0 ]; then
	say "YOYAK_CI_WINE=0: not running the Windows bundle under Wine"
	exit 0
fi
fail() { echo "wine: FAIL: $*" >&2; exit 1; }
ok() { echo "wine: ok: $*"; }
die() { fail "$@"; }

which=("$@")
[ ${#which[@]} -gt 0 ] || which=(cli gotests window installer)
bundle="$dist/yoyak-$version-windows-x64"
setup="$dist/yoyak-$version-windows-x64-setup.exe"
[ -f "$bundle/yoyak-cli.exe" ] || fail "$bundle is missing (make package-windows)"
shots=${YOYAK_SCREENSHOT_DIR:-$dist/screenshots}

tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
	wine_stop
	[ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=packaging/wine/env.sh
. "$root/packaging/wine/env.sh"
wine_locale
started=$(date +%s)
wine_prefix "$tmp/prefix"
ok "Wine prefix ready in $(($(date +%s) - started))s ($("$wine" --version), LANG=$LANG)"
winuser=$(basename "$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)")
appdata="$WINEPREFIX/drive_c/users/$winuser/AppData"

# The tiny synthetic model and a Korean transcript in a folder whose name has
# Hangul and a space, in the three encodings the reader accepts.
docs="$tmp/회의 자료"
mkdir -p "$docs"
(cd "$root" && "$GO" run ./models/synth -shape tiny -o "$tmp/tiny.gguf") || fail "could not write the tiny synthetic model"
cp "$root/ui/testdata/회의록.txt" "$docs/주간 회의.txt"
iconv -f UTF-8 -t CP949 "$docs/주간 회의.txt" >"$docs/주간 회의 cp949.txt"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$docs/주간 회의.txt"; } >"$docs/주간 회의 utf16.txt"
model=$(winpath "$tmp/tiny.gguf")

# cli_run NAME ARGS...: yoyak-cli.exe from the bundle, stdout to $tmp/NAME.out,
# stderr to $tmp/NAME.err; returns its exit status.
cli_run() {
	local name=$1
	shift
	(cd "$bundle" && "$wine" ./yoyak-cli.exe "$@" </dev/null >"$tmp/$name.out" 2>"$tmp/$name.err")
}

# quiet_console NAME: nothing of llama.cpp's own output reached the console.
quiet_console() {
	if grep -aE 'ggml_|llama_|load_backend|Vulkan' "$tmp/$1.err" "$tmp/$1.out"; then
		fail "$1: llama.cpp printed to the console past Yoyak's log handling (above)"
	fi
}

# shellcheck source=packaging/wine/cli.sh
. "$root/packaging/wine/cli.sh"
# shellcheck source=packaging/wine/gotests.sh
. "$root/packaging/wine/gotests.sh"
# shellcheck source=packaging/wine/window.sh
. "$root/packaging/wine/window.sh"
# shellcheck source=packaging/wine/installer.sh
. "$root/packaging/wine/installer.sh"

for w in "${which[@]}"; do
	t0=$(date +%s)
	case "$w" in
	cli) check_cli ;;
	gotests) check_gotests ;;
	window) check_window ;;
	installer) check_installer ;;
	*) fail "unknown check \"$w\"" ;;
	esac
	ok "$w checks passed in $(($(date +%s) - t0))s"
done
ok "the Windows bundle ran under Wine ($(($(date +%s) - started))s in all)"
