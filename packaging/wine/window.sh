# shellcheck shell=bash
# wine/window.sh — yoyak.exe's window under Xvfb + Wine, read back by OCR
# (sourced by check-windows-wine.sh). Like ui/xvfb_test.go, for the Windows
# build: the transcript given on the command line ("Open with") is shown in
# Hangul with the bundled font, the UI speaks Korean in a Korean locale, and
# Ctrl+Enter summarizes with the tiny model until the status line reads 완료.
# Screenshots: $shots/wine-window.png and wine-summary.png.

# UI words of the main window in Korean (assets/translations/ko.json): the
# menus and the summary pane's placeholder, which OCR reads reliably.
ui_words=(파일 도움말 요약이 작성되는 나타납니다)

check_window() {
	local tool
	for tool in Xvfb import convert tesseract xdotool; do
		command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (packaging/deps.sh test)"
	done
	tesseract --list-langs 2>/dev/null | grep -qx kor || fail "tesseract has no Korean data (apt-get install tesseract-ocr-kor)"
	start_xvfb
	mkdir -p "$shots"
	# Wine's desktop process (explorer.exe) started by the console checks had
	# no display, and a window would fail on it ("Failed to create helper
	# window"): end this prefix's processes so the next start has $display.
	wine_stop
	"$wineserver" -w

	# A fresh profile: the tiny model, a short answer, CPU, two threads; no
	# language set, so the locale decides.
	local prefs="$appdata/Roaming/fyne/$app_id"
	mkdir -p "$prefs"
	printf '{"model":"%s","max_tokens":24,"gpu":false,"threads":2}\n' "${model//\\/\\\\}" >"$prefs/preferences.json"

	(cd "$tmp" && exec env DISPLAY="$display" "$wine" "$bundle/yoyak.exe" "$(winpath "$docs/주간 회의.txt")" \
		</dev/null >"$tmp/gui.log" 2>&1) &
	gui_pid=$!

	local words found=0 ui=0 text n
	mapfile -t words < <(grep -oE '[가-힣]{2,}' "$docs/주간 회의.txt" | awk '!seen[$0]++')
	find_window
	for n in $(seq 120); do
		gui_alive
		shoot wine-window.png
		# The window alone: tesseract reads little of a mostly black screen.
		convert "$tmp/wine-window.png" -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$tmp/window-only.png"
		text=$(ocr "$tmp/window-only.png")
		found=$(count_words "$text" "${words[@]}")
		ui=$(count_words "$text" "${ui_words[@]}")
		[ "$found" -ge 8 ] && [ "$ui" -ge 4 ] && break
		sleep 1
	done
	[ "$found" -ge 8 ] || fail "OCR found $found of the transcript's ${#words[@]} words in the window ($shots/wine-window.png)"
	[ "$ui" -ge 4 ] || fail "OCR found $ui of the Korean UI words ${ui_words[*]} ($shots/wine-window.png)"
	ok "yoyak.exe TRANSCRIPT opened the window: OCR found $found of ${#words[@]} transcript words, $ui of ${#ui_words[@]} Korean UI words ($shots/wine-window.png)"

	summarize_by_keyboard
	kill "$gui_pid" 2>/dev/null || true
	wait "$gui_pid" 2>/dev/null || true
	if grep -aE 'panic:|Error in Fyne call thread|ggml_vulkan' "$tmp/gui.log"; then
		fail "yoyak.exe logged the lines above"
	fi
}

# summarize_by_keyboard presses Ctrl+Enter in the window titled 요약 and reads
# the status bar (the window's bottom strip) until it says 완료.
summarize_by_keyboard() {
	local n last=""
	for n in $(seq 120); do
		gui_alive
		if [ $((n % 10)) = 1 ]; then # again every few seconds: a loaded machine may drop a key
			DISPLAY="$display" xdotool windowactivate --sync "$id" 2>/dev/null || DISPLAY="$display" xdotool windowfocus --sync "$id"
			DISPLAY="$display" xdotool key --clearmodifiers ctrl+Return
		fi
		sleep 1
		shoot wine-summary.png
		convert "$tmp/wine-summary.png" -crop "${WIDTH}x56+${X}+$((Y + HEIGHT - 56))" +repage \
			-colorspace Gray -negate "$tmp/status.png"
		# Korean alone as well: beside English, Tesseract has read "완료 · 24 토큰" as "He - 2453".
		last="$(ocr "$tmp/status.png")
$(ocr "$tmp/status.png" kor)"
		if tr -d ' \n' <<<"$last" | grep -q '완료'; then
			ok "Ctrl+Enter summarized; the status line reads: $(tr '\n' ' ' <<<"$last" | tr -s ' ') ($shots/wine-summary.png)"
			return
		fi
	done
	fail "the status line never read 완료; OCR read: $last ($shots/wine-summary.png)"
}

# find_window waits for the window titled 요약 and sets id, X, Y, WIDTH, HEIGHT.
find_window() {
	local n geo
	id=
	for n in $(seq 120); do
		gui_alive
		id=$(DISPLAY="$display" xdotool search --name '^요약$' 2>/dev/null | tail -n1) || true
		[ -z "$id" ] || break
		sleep 1
	done
	[ -n "$id" ] || fail "no window titled 요약 after 2 minutes"
	geo=$(DISPLAY="$display" xdotool getwindowgeometry --shell "$id")
	eval "$(grep -E '^(X|Y|WIDTH|HEIGHT)=[0-9]+$' <<<"$geo")"
}

start_xvfb() {
	local n
	for n in $(seq 140 160); do
		[ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
	done
	display=":$n"
	Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
	xvfb_pid=$!
	# Ready once it answers, not when its socket appears: Wine started too
	# early finds no display and yoyak.exe's GLFW fails to create a window.
	for n in $(seq 100); do
		DISPLAY="$display" xdotool getdisplaygeometry >/dev/null 2>&1 && return
		sleep 0.2
	done
	fail "Xvfb $display did not start"
}

gui_alive() {
	kill -0 "$gui_pid" 2>/dev/null || { cat "$tmp/gui.log" >&2; fail "yoyak.exe exited"; }
}

# shoot NAME: a screenshot of the whole screen into $tmp/NAME and $shots/NAME.
shoot() {
	import -display "$display" -window root "$tmp/$1" || fail "screenshot failed"
	cp "$tmp/$1" "$shots/$1"
}

# ocr PNG [LANGS]: tesseract's reading of PNG (Korean and English unless LANGS), scaled up three times.
ocr() {
	convert "$1" -resize 300% "${1%.png}-3x.png"
	tesseract "${1%.png}-3x.png" - -l "${2:-kor+eng}" 2>/dev/null || true
}

# count_words TEXT WORD...: how many WORDs occur in TEXT (spaces ignored).
count_words() {
	local flat w c=0
	flat=$(tr -d ' \n' <<<"$1")
	shift
	for w in "$@"; do
		case "$flat" in *"$w"*) c=$((c + 1)) ;; esac
	done
	echo "$c"
}
