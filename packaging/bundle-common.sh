# shellcheck shell=bash disable=SC2034
# bundle-common.sh — shared by the package-*.sh scripts (sourced, not run).
#
# Sets: root (repo), dist (output folder), version, commit, app_id, app_name,
# and defines copy_runtime and dedupe_identical.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dist=${YOYAK_DIST:-$root/dist}
GO=${GO:-$(command -v go 2>/dev/null || echo /usr/local/go/bin/go)}

toml_value() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$root/FyneApp.toml" | head -n1; }
version=$(toml_value Version)
build_no=$(toml_value Build)
app_id=$(toml_value ID)
app_name=$(toml_value Name)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
: "${version:?FyneApp.toml has no Version}" "${app_id:?FyneApp.toml has no ID}"
ldflags="-s -w -X main.version=$version -X main.commit=$commit"
# What `fyne package` adds for FyneApp.toml's [Migrations] fyneDo = true: the app
# calls widgets only through fyne.Do, so release builds skip Fyne's thread checks.
# The Makefile exports the same GOTAGS to make build and make test.
gotags=${GOTAGS:-migrated_fynedo}

say() { echo "package: $*"; }
die() { echo "package: $*" >&2; exit 1; }

# copy_runtime PLATFORM DEST copies runtime/PLATFORM's libraries (not node's
# addon, not the fetch stamp) into DEST/runtime/PLATFORM.
copy_runtime() {
	local p=$1 dest=$2 src="$root/runtime/$1"
	[ -d "$src" ] || die "runtime/$p is missing: run packaging/fetch-runtime.sh $p"
	mkdir -p "$dest/runtime/$p"
	find "$src" -maxdepth 1 -type f ! -name 'llama-addon.*' ! -name '.yoyak-runtime' \
		-exec cp -p {} "$dest/runtime/$p/" \;
}

# dedupe_identical A B hard-links files of folder B that are byte-identical to
# the same name in folder A, so archives store them once.
dedupe_identical() {
	local a=$1 b=$2 f n
	for f in "$b"/*; do
		n=$(basename "$f")
		if [ -f "$a/$n" ] && cmp -s "$a/$n" "$f"; then
			ln -f "$a/$n" "$f"
		fi
	done
}

# human SIZE_BYTES prints a size in MB with one decimal.
human() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
