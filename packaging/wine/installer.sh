# shellcheck shell=bash
# wine/installer.sh — the NSIS installer under Wine (sourced by
# check-windows-wine.sh): a silent per-user install, its "Open with" and
# uninstaller entries, the installed yoyak-cli.exe summarizing, and a silent
# uninstall that leaves the prefix's files and registry as they were.

check_installer() {
	[ -f "$setup" ] || fail "$setup is missing (makensis)"
	local inst="$appdata/Local/Programs/$app_name" key out
	snapshot "$tmp/before"
	"$wine" "$(winpath "$setup")" /S </dev/null >"$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log" >&2; fail "the installer exited $?"; }
	"$wineserver" -w
	for f in yoyak.exe yoyak-cli.exe uninstall.exe runtime/win-x64 runtime/win-x64-vulkan; do
		[ -e "$inst/$f" ] || fail "the installer put no $f in $inst"
	done
	snapshot "$tmp/installed"
	# Wine rewrites some machine keys itself at each start (display adapters):
	# what matters is that none of them is the installer's.
	if diff "$tmp/before.system" "$tmp/installed.system" | grep -i 'yoyak'; then
		fail "the installer wrote the machine-wide registry (HKLM, above): it must need no administrator"
	fi
	if comm -13 "$tmp/before.files" "$tmp/installed.files" | grep -v "^users/$winuser/"; then
		fail "the installer wrote the files above outside the user's profile"
	fi
	ok "silent install (/S) into $(winpath "$inst" | sed 's/^Z:.*drive_c/C:/'): $(comm -13 "$tmp/before.files" "$tmp/installed.files" | wc -l) new files, all in the user's profile, HKLM untouched"

	reg_has 'HKCU\Software\Classes\Yoyak.Transcript\shell\open\command' 'yoyak\.exe" "%1"'
	reg_has 'HKCU\Software\Classes\.txt\OpenWithProgids' 'Yoyak\.Transcript'
	reg_has 'HKCU\Software\Classes\.hwpx\OpenWithProgids' 'Yoyak\.Transcript'
	reg_has 'HKCU\Software\Classes\Applications\yoyak.exe\SupportedTypes' '\.srt'
	key="HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$app_id"
	reg_has "$key" '^ *UninstallString.*uninstall\.exe'
	reg_has "$key" 'QuietUninstallString.*uninstall\.exe" /S'
	reg_has "$key" "DisplayName.*$app_name"
	ok "\"Open with\" (Yoyak.Transcript for .txt .md .srt .vtt .docx .hwpx) and the uninstaller are registered for the user"

	out="$tmp/installed-summary.txt"
	(cd "$tmp" && "$wine" "$(winpath "$inst/yoyak-cli.exe")" summarize --model "$model" --max-tokens 24 \
		"$(winpath "$docs/주간 회의.txt")" </dev/null >"$out" 2>"$tmp/installed.err") ||
		{ cat "$tmp/installed.err" >&2; fail "the installed yoyak-cli.exe could not summarize"; }
	[ -s "$out" ] || fail "the installed yoyak-cli.exe printed no summary"
	ok "the installed yoyak-cli.exe summarized ($(wc -c <"$out") bytes)"

	"$wine" "$(winpath "$inst/uninstall.exe")" /S </dev/null >"$tmp/uninstall.log" 2>&1 || fail "the uninstaller exited $?"
	"$wineserver" -w # the uninstaller reruns itself from a temporary copy: wait for it
	snapshot "$tmp/after"
	# What running Yoyak wrote (its data folder: model probes, crash reports)
	# is the user's, which uninstallers leave; show any crash report.
	find "$appdata/Local/yoyak/crash" -type f -exec sh -c 'echo "    crash report $1:"; sed "s/^/      /" "$1" | head -n 20' _ {} \; 2>/dev/null || true
	local snap
	for snap in before after; do
		grep -v "^users/$winuser/AppData/Local/yoyak" "$tmp/$snap.files" >"$tmp/$snap.tmp" || true
		mv "$tmp/$snap.tmp" "$tmp/$snap.files"
	done
	# %LOCALAPPDATA%\Programs is the shared parent of per-user programs: made
	# when missing, left (empty) like other per-user installers leave it.
	if ! grep -qx "users/$winuser/AppData/Local/Programs" "$tmp/before.files" &&
		[ -d "$appdata/Local/Programs" ] && [ -z "$(ls -A "$appdata/Local/Programs")" ]; then
		grep -vx "users/$winuser/AppData/Local/Programs" "$tmp/after.files" >"$tmp/after.tmp"
		mv "$tmp/after.tmp" "$tmp/after.files"
	fi
	if ! cmp -s "$tmp/before.files" "$tmp/after.files"; then
		diff "$tmp/before.files" "$tmp/after.files" >&2 || true
		fail "after uninstalling, files differ from before installing (above: < gone, > left)"
	fi
	if ! cmp -s "$tmp/before.user" "$tmp/after.user"; then
		diff "$tmp/before.user" "$tmp/after.user" >&2 || true
		fail "after uninstalling, the user's registry keys the installer writes to differ from before installing (above)"
	fi
	if grep -i yoyak "$WINEPREFIX/user.reg" "$WINEPREFIX/system.reg"; then
		fail "after uninstalling, the registry still names Yoyak (above)"
	fi
	ok "silent uninstall removed all it installed and nothing else (same $(wc -l <"$tmp/after.files") files; same $(grep -c '^\[' "$tmp/after.user") keys under Software\\Classes, ...\\Uninstall and Software\\$app_id; no Yoyak left in the registry)"
}

# reg_has KEY PATTERN: wine reg query KEY prints a line matching PATTERN.
reg_has() {
	local got
	got=$("$wine" reg query "$1" 2>/dev/null | tr -d '\r') || fail "registry key $1 is missing"
	grep -aqE "$2" <<<"$got" || fail "registry key $1 has no value matching $2:
$got"
	echo "    $1: $(grep -aE "$2" <<<"$got" | head -n1 | tr -s ' ')"
}

# snapshot BASE: the prefix's files (BASE.files, without temporary folders,
# where the installer unpacks its plugins) and its registry (BASE.user,
# BASE.system: keys and values, without Wine's per-save timestamps), once the
# wineserver has written the registry out. Keys without values are left out:
# the installer may create empty parents (Classes\Applications, Uninstall)
# that Windows itself keeps.
snapshot() {
	"$wineserver" -w
	(cd "$WINEPREFIX/drive_c" && find . -mindepth 1 \( -path "./users/$winuser/Temp" -o -path './windows/temp' \) -prune -o -print |
		sed 's|^\./||' | LC_ALL=C sort) >"$1.files"
	# Where the installer writes (Wine's own keys elsewhere change at each start).
	reg_dump "$WINEPREFIX/user.reg" | awk '/^\[/ { keep = /^\[Software\\\\(Classes|Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall|'"${app_id//./\\.}"')/; head = $0; next }
		keep && NF { if (head != "") { print head; head = "" } print }' >"$1.user"
	reg_dump "$WINEPREFIX/system.reg" >"$1.system"
}

# reg_dump FILE: a Wine registry file's keys and values, timestamps dropped.
reg_dump() {
	sed -e '/^#time=/d' -e 's/^\(\[.*\]\) [0-9]*$/\1/' -e '/^;;/d' -e '/^#arch=/d' "$1"
}
