# shellcheck shell=bash
# wine/env.sh — a Wine prefix to run the Windows bundle in (sourced by
# packaging/check-windows-wine.sh, not run).
#
# Sets: wine (the 64-bit loader), wineserver, WINEPREFIX and the variables
# Wine needs to start quietly in a Korean locale; defines winpath and
# wine_stop. Needs: wine64 (Debian 8.0), gcc-mingw-w64-x86-64, locales.
#
# The prefix is booted once into ~/.cache/yoyak/wine-prefix (wineboot takes
# half a minute) and copied for each run, so every run starts clean. The copy
# gets bcryptprimitives.dll built from processprng.c: Go 1.22+ programs call
# its ProcessPrng, which Wine 8 lacks (real Windows has it; test prefix only).

wine_cache=${YOYAK_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/yoyak}
wine=$(command -v wine64 2>/dev/null || true)
[ -n "$wine" ] || wine=/usr/lib/wine/wine64
wineserver=$(command -v wineserver 2>/dev/null || true)
[ -n "$wineserver" ] || wineserver=/usr/lib/wine/wineserver
[ -x "$wine" ] || die "wine64 not found: apt-get install wine64 (or packaging/deps.sh package)"

export WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko download prompts (the bundle needs neither), and no
# winemenubuilder: it would copy the installer's Start-menu entry into this
# machine's own menus (~/.local/share/applications/wine).
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
unset WINELOADER

# Wine takes its Windows locale from the POSIX one: generate ko_KR.UTF-8 into
# the cache when the system lacks it (no root needed; LOCPATH points there).
wine_locale() {
	if ! locale -a 2>/dev/null | grep -qi '^ko_KR\.utf-\{0,1\}8$'; then
		local dir="$wine_cache/locale"
		if [ ! -f "$dir/ko_KR.UTF-8/LC_CTYPE" ]; then
			mkdir -p "$dir"
			localedef -i ko_KR -f UTF-8 "$dir/ko_KR.UTF-8" ||
				die "could not generate the ko_KR.UTF-8 locale (apt-get install locales)"
		fi
		export LOCPATH="$dir"
	fi
	export LANG=ko_KR.UTF-8 LC_ALL= LANGUAGE=
}

# wine_prefix DEST: a fresh prefix at DEST with the ProcessPrng shim.
wine_prefix() {
	local dest=$1 src="$root/packaging/wine" tmpl="$wine_cache/wine-prefix" stamp
	stamp="$("$wine" --version) $(cat "$src/processprng.c" "$src/processprng.def" | sha256sum | cut -c1-16)"
	if [ "$(cat "$tmpl/.yoyak-stamp" 2>/dev/null)" != "$stamp" ]; then
		say "booting a Wine prefix into $tmpl (once per Wine version)"
		rm -rf "$tmpl"
		mkdir -p "$(dirname "$tmpl")"
		WINEPREFIX="$tmpl" "$wine" wineboot --init >/dev/null 2>&1 || true
		WINEPREFIX="$tmpl" "$wineserver" -w
		[ -f "$tmpl/system.reg" ] || die "wineboot did not create $tmpl"
		x86_64-w64-mingw32-gcc -O2 -shared -s -o "$tmpl/drive_c/windows/system32/bcryptprimitives.dll" \
			"$src/processprng.c" "$src/processprng.def" -ladvapi32 ||
			die "could not build the ProcessPrng shim (apt-get install gcc-mingw-w64-x86-64)"
		echo "$stamp" >"$tmpl/.yoyak-stamp"
	fi
	cp -a "$tmpl" "$dest"
	export WINEPREFIX="$dest"
}

# winpath PATH prints PATH as Windows sees it (Z:\...).
winpath() { printf 'Z:%s' "$(readlink -f "$1" | tr / '\\')"; }

# wine_stop ends every Wine process of this prefix (and only of it).
wine_stop() { [ -z "${WINEPREFIX:-}" ] || "$wineserver" -k 2>/dev/null || true; }
