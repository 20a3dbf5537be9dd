#!/usr/bin/env bash
# check-bundles.sh — check what make package built, as CI does (issue 6):
#   Linux:   unpack the tar.xz into an empty folder and, from there, with no
#            environment variables, run `yoyak version` and `yoyak summarize` on the tiny
#            synthetic model; the binary asks for no newer glibc than 2.34.
#   Windows: yoyak.exe and yoyak-cli.exe are PE32+ x86-64, import no llama.cpp DLL
#            at link time, have the win-x64 and win-x64-vulkan DLLs beside them, and
#            the installer was built; then packaging/check-windows-wine.sh runs the
#            bundle, its window and its installer under Wine (YOYAK_CI_WINE=0 skips that).
#
# Usage: packaging/check-bundles.sh [linux] [windows]   (default: both)
set -euo pipefail
# shellcheck source=packaging/bundle-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bundle-common.sh"

which=("$@")
[ ${#which[@]} -gt 0 ] || which=(linux windows)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check: FAIL: $*" >&2; exit 1; }
ok() { echo "check: ok: $*"; }

# has_prefix DIR PREFIX: DIR holds a file whose name starts with PREFIX.
has_prefix() { compgen -G "$1/$2*" >/dev/null; }

check_linux() {
	local tarball="$dist/yoyak-$version-linux-x64.tar.xz" dir model
	[ -f "$tarball" ] || fail "$tarball is missing (make package-linux)"
	mkdir -p "$tmp/empty" "$tmp/home"
	tar -xJf "$tarball" -C "$tmp/empty"
	dir="$tmp/empty/yoyak-$version-linux-x64"
	[ -x "$dir/yoyak" ] || fail "no executable yoyak in the bundle"
	for p in linux-x64 linux-x64-vulkan; do
		for lib in libllama. libggml. libggml-base libggml-cpu-; do
			has_prefix "$dir/runtime/$p" "$lib" || fail "runtime/$p has no $lib* library"
		done
	done
	has_prefix "$dir/runtime/linux-x64-vulkan" libggml-vulkan || fail "runtime/linux-x64-vulkan has no libggml-vulkan"
	[ -f "$dir/share/applications/$app_id.desktop" ] || fail "no .desktop file"
	if command -v desktop-file-validate >/dev/null 2>&1; then
		desktop-file-validate "$dir/share/applications/$app_id.desktop" || fail ".desktop file does not validate"
	fi
	ok "Linux bundle layout ($(du -sh "$dir" | awk '{print $1}') unpacked)"

	local newest
	newest=$(objdump -T "$dir/yoyak" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k2,2n -u | tail -n1)
	case "$newest" in
	GLIBC_2.[0-9] | GLIBC_2.[12][0-9] | GLIBC_2.3[0-4] | GLIBC_2.[0-9].* | GLIBC_2.[12][0-9].* | GLIBC_2.3[0-4].* | "") ok "yoyak needs at most ${newest:-no versioned} glibc" ;;
	*) fail "yoyak needs $newest, newer than the 2.34 the bundle promises" ;;
	esac

	model="$tmp/tiny.gguf"
	(cd "$root" && "$GO" run ./models/synth -shape tiny -o "$model") || fail "could not write the tiny synthetic model"
	printf '%s\n' \
		"화자 1: 오늘 회의에서는 다음 분기 일정과 예산을 논의했습니다." \
		"화자 2: 예산은 다음 주 금요일까지 확정하기로 했습니다." \
		"화자 1: 일정표는 제가 정리해서 공유하겠습니다." >"$tmp/meeting.txt"
	# No environment at all beyond a home folder: the runtime must be found beside the executable.
	(cd "$dir" && env -i HOME="$tmp/home" PATH=/usr/bin:/bin ./yoyak version) || fail "yoyak version failed in the unpacked bundle"
	(cd "$dir" && env -i HOME="$tmp/home" PATH=/usr/bin:/bin ./yoyak summarize --model "$model" --max-tokens 32 "$tmp/meeting.txt" >"$tmp/summary.txt") ||
		fail "yoyak summarize failed in the unpacked bundle"
	ok "yoyak summarize ran from an empty folder with no environment ($(wc -c <"$tmp/summary.txt") bytes out)"
}

check_windows() {
	local dir="$dist/yoyak-$version-windows-x64" exe imports
	[ -d "$dir" ] || fail "$dir is missing (make package-windows)"
	for exe in yoyak.exe yoyak-cli.exe; do
		[ -f "$dir/$exe" ] || fail "$exe is missing"
		file "$dir/$exe" | grep -q 'PE32+ executable .* x86-64' || fail "$exe is not PE32+ x86-64: $(file -b "$dir/$exe")"
		imports=$(objdump -p "$dir/$exe" | sed -n 's/.*DLL Name: //p' | tr '\n' ' ')
		case " ${imports,,} " in *llama* | *ggml*) fail "$exe links llama.cpp at load time ($imports)" ;; esac
	done
	file "$dir/yoyak.exe" | grep -q '(GUI)' || fail "yoyak.exe is not a GUI-subsystem executable"
	for p in win-x64 win-x64-vulkan; do
		for lib in llama. ggml. ggml-base ggml-cpu-; do
			has_prefix "$dir/runtime/$p" "$lib" || fail "runtime/$p has no $lib*.dll"
		done
	done
	has_prefix "$dir/runtime/win-x64-vulkan" ggml-vulkan || fail "runtime/win-x64-vulkan has no ggml-vulkan.dll"
	ok "Windows folder: PE32+ x86-64 executables with their DLLs beside them"
	[ -f "$dist/yoyak-$version-windows-x64.zip" ] || fail "the zip is missing"
	# A 64-bit NSIS installer (Target amd64-unicode): file(1) names only 32-bit ones Nullsoft.
	file "$dist/yoyak-$version-windows-x64-setup.exe" | grep -q 'PE32+ executable (GUI) x86-64' &&
		grep -aq NullsoftInst "$dist/yoyak-$version-windows-x64-setup.exe" || fail "the 64-bit NSIS installer is missing"
	ok "Windows zip and installer built"
	"$root/packaging/check-windows-wine.sh" || fail "the Windows bundle failed under Wine (above)"
}

for w in "${which[@]}"; do
	case "$w" in
	linux) check_linux ;;
	windows) check_windows ;;
	*) fail "unknown bundle \"$w\"" ;;
	esac
done
