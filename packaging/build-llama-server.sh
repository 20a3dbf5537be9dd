#!/usr/bin/env bash
# build-llama-server.sh — build llama.cpp's llama-server from the exact source
# release the pinned runtime comes from, for the shared-server tests and bench.
#
# Usage: packaging/build-llama-server.sh        (prints the binary's path)
#
# The npm package node-llama-cpp@<version> (same version as packaging/runtime.lock)
# carries llama/gitRelease.bundle, a git bundle of the llama.cpp release its
# prebuilt libraries come from. We clone it and build the llama-server target with
# CMake, CPU only, web UI off (nothing can be downloaded during the build). The
# result is cached outside the repository in
#   ${YOYAK_LLAMA_SERVER_CACHE:-~/.cache/yoyak}/llama-server-<version>/bin/llama-server
# and a second run does nothing. About 5 minutes on 2 cores.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lock="$here/runtime.lock"
version=$(awk '!/^[[:space:]]*(#|$)/ && $1 == "linux-x64" { print $2 }' "$lock")
[ -n "$version" ] || { echo "build-llama-server: no linux-x64 version in $lock" >&2; exit 1; }
cache=${YOYAK_LLAMA_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yoyak}
dest="$cache/llama-server-$version"
bin="$dest/bin/llama-server"

say() { echo "build-llama-server: $*" >&2; }

if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
	echo "$bin"
	exit 0
fi
for tool in npm git cmake c++ make; do
	command -v "$tool" >/dev/null 2>&1 || { say "$tool is missing (make deps installs it)"; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/yoyak-llama-server.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "fetching node-llama-cpp@$version (for its llama.cpp source bundle)"
(cd "$work" && npm pack --silent "node-llama-cpp@$version" >/dev/null)
tar -xzf "$work"/node-llama-cpp-*.tgz -C "$work" package/llama/gitRelease.bundle
git -c advice.detachedHead=false clone --quiet "$work/package/llama/gitRelease.bundle" "$work/src"
say "building llama-server (CPU, no web UI) with $(nproc) jobs; about 5 min on 2 cores"
start=$(date +%s)
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
	-DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF \
	-DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
	-DBUILD_SHARED_LIBS=OFF >"$work/cmake.log" 2>&1 ||
	{ tail -30 "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" --target llama-server -j"$(nproc)" >"$work/build.log" 2>&1 ||
	{ tail -30 "$work/build.log" >&2; exit 1; }
say "built in $(($(date +%s) - start)) s"

# Install atomically. BUILD_SHARED_LIBS=OFF links llama/ggml statically, so the
# binary stands alone (built for this CPU: the cache is per machine).
tmp="$dest.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp/bin"
cp -a "$work/build/bin/." "$tmp/bin/"
"$tmp/bin/llama-server" --version >/dev/null 2>&1 || { say "built binary does not run"; rm -rf "$tmp"; exit 1; }
rm -rf "$dest"
mv "$tmp" "$dest"
echo "$bin"
