#!/usr/bin/env bash
# deps.sh — install what building, testing or packaging Yoyak needs, and only what is missing.
#
# Usage: packaging/deps.sh [GROUP...]   (default: build test)
#   build    C compiler and the X11/OpenGL headers Fyne's cgo build needs, Node.js + npm (for make runtime)
#   test     Xvfb and xdotool for the window tests, Tesseract with Korean data and ImageMagick for screenshot checks
#            (and of the .docx LibreOffice renders to PDF, poppler-utils to text and PNG),
#            strace for the no-socket privacy test, CMake and g++ to build llama-server for the server tests
#   package  mingw-w64 (Windows cross-compile), NSIS (Windows installer), xz, zip, and Wine (64-bit)
#            with the locale data to run the Windows bundle in a Korean locale (check-windows-wine.sh)
#
# On Debian/Ubuntu it calls apt-get (through sudo when not root) only when a package is
# missing; elsewhere, or without root or sudo, it prints exactly what to install and fails.
# It also checks that Go is new enough (go.mod asks for Go 1.26; Go 1.21 or newer
# fetches that toolchain by itself).
set -euo pipefail

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(build test)

say() { echo "deps: $*"; }
die() { echo "deps: $*" >&2; exit 1; }

apt_pkgs=()
for g in "${groups[@]}"; do
	case "$g" in
	build) apt_pkgs+=(gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev git ca-certificates xz-utils) ;;
	test) apt_pkgs+=(xvfb xauth xfonts-base xdotool tesseract-ocr tesseract-ocr-kor imagemagick x11-apps libreoffice-writer-nogui poppler-utils strace cmake g++ make) ;;
	package) apt_pkgs+=(gcc-mingw-w64-x86-64 nsis xz-utils zip file desktop-file-utils binutils wine64 locales) ;;
	*) die "unknown group \"$g\" (want build, test or package)" ;;
	esac
done

# Node.js and npm: only the commands matter (they may come from outside Debian,
# and Debian's npm package conflicts with other Node.js builds).
want_node=no
for g in "${groups[@]}"; do [ "$g" = build ] && want_node=yes; done
if [ "$want_node" = yes ]; then
	command -v node >/dev/null 2>&1 || apt_pkgs+=(nodejs)
	command -v npm >/dev/null 2>&1 || apt_pkgs+=(npm)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
	for p in "${apt_pkgs[@]}"; do
		case " ${missing[*]-} " in *" $p "*) continue ;; esac
		if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
			missing+=("$p")
		fi
	done
fi

if ! command -v apt-get >/dev/null 2>&1; then
	say "this is not a Debian/Ubuntu system; install the equivalents of:"
	say "  ${apt_pkgs[*]}"
	say "(a C compiler, pkg-config, OpenGL and X11 development headers, Node.js with npm; for tests Xvfb, Tesseract with Korean data, ImageMagick, LibreOffice Writer, poppler-utils)"
elif [ ${#missing[@]} -gt 0 ]; then
	say "installing missing packages: ${missing[*]}"
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo=(sudo)
		else
			die "not root and no sudo; as root run:
  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
		fi
	fi
	export DEBIAN_FRONTEND=noninteractive
	# .ci/run updates the package lists once and says so; otherwise refresh them here.
	if [ "${YOYAK_APT_UPDATED:-}" != 1 ]; then
		"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 update -q ||
			die "apt-get update failed; install by hand: apt-get install -y ${missing[*]}"
	fi
	"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}" ||
		die "apt-get install failed; install by hand: apt-get install -y ${missing[*]}"
else
	say "apt packages present (${groups[*]})"
fi

if [ "$want_node" = yes ]; then
	command -v npm >/dev/null 2>&1 || die "npm is still missing: install Node.js 18+ with npm (Debian/Ubuntu: apt-get install nodejs npm)"
fi

# Go: go.mod says 1.26; Go >= 1.21 switches to that toolchain itself (GOTOOLCHAIN=auto).
gobin=$(command -v go || true)
if [ -z "$gobin" ] && [ -x /usr/local/go/bin/go ]; then
	gobin=/usr/local/go/bin/go
	say "go is not on PATH; using $gobin (add /usr/local/go/bin to PATH)"
fi
if [ -z "$gobin" ]; then
	die "Go is not installed: install Go 1.26 or newer from the Go project's downloads into /usr/local/go
  and put /usr/local/go/bin on PATH (Debian's golang-go is too old)."
fi
gov=$("$gobin" env GOVERSION 2>/dev/null || "$gobin" version | awk '{print $3}')
minor=$(echo "$gov" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ -z "$minor" ] || [ "$minor" -lt 21 ]; then
	die "Go $gov is too old: install Go 1.26 or newer (from 1.21 on, go fetches the toolchain go.mod asks for)"
elif [ "$minor" -lt 26 ]; then
	say "Go $gov found; go.mod asks for 1.26, which go will fetch by itself (GOTOOLCHAIN=auto)"
else
	say "Go $gov found"
fi
