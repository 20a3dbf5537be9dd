# shellcheck shell=bash
# wine/cli.sh — yoyak-cli.exe under Wine (sourced by check-windows-wine.sh).

check_cli() {
	cli_run version version || { cat "$tmp/version.err" >&2; fail "yoyak-cli.exe version exited $?"; }
	tr -d '\r' <"$tmp/version.out" | sed 's/^/    /'
	grep -aq '^runtime: .*\\runtime\\win-x64' "$tmp/version.out" || fail "version names no runtime\\win-x64* folder beside the .exe"
	grep -aqE '^  CPU ' "$tmp/version.out" || fail "version lists no CPU device"
	quiet_console version
	ok "yoyak-cli.exe version: runtime beside the .exe, CPU device, nothing from llama.cpp on the console"

	local name f
	for name in "주간 회의" "주간 회의 cp949" "주간 회의 utf16"; do
		f=$(winpath "$docs/$name.txt")
		cli_run sum summarize --model "$model" --max-tokens 24 "$f" ||
			{ cat "$tmp/sum.err" >&2; fail "summarize \"$f\" failed"; }
		[ -s "$tmp/sum.out" ] || fail "summarize \"$f\" printed no summary"
		quiet_console sum
		ok "summarize $f ($(wc -c <"$tmp/sum.out") bytes)"
	done

	(cd "$bundle" && "$wine" ./yoyak-cli.exe summarize --model "$model" --max-tokens 24 - \
		<"$docs/주간 회의 cp949.txt" >"$tmp/stdin.out" 2>"$tmp/stdin.err") ||
		{ cat "$tmp/stdin.err" >&2; fail "summarize - (stdin) failed"; }
	[ -s "$tmp/stdin.out" ] || fail "summarize - printed no summary"
	ok "summarize - (CP949 on stdin, $(wc -c <"$tmp/stdin.out") bytes)"

	f=$(winpath "$docs")'\요약 결과.md'
	cli_run out summarize --model "$model" --max-tokens 24 --out "$f" "$(winpath "$docs/주간 회의 utf16.txt")" ||
		{ cat "$tmp/out.err" >&2; fail "summarize --out failed"; }
	[ -s "$docs/요약 결과.md" ] || fail "--out \"$f\" wrote nothing"
	ok "summarize --out $f ($(wc -c <"$docs/요약 결과.md") bytes)"

	mkdir -p "$tmp/folder"
	cp "$docs"/주간*.txt "$tmp/folder/"
	cli_run folder summarize --model "$model" --max-tokens 24 "$(winpath "$tmp/folder")" ||
		{ cat "$tmp/folder.err" >&2; fail "folder mode failed"; }
	for name in "주간 회의" "주간 회의 cp949" "주간 회의 utf16"; do
		[ -s "$tmp/folder/$name.summary.md" ] || fail "folder mode wrote no \"$name.summary.md\""
	done
	ok "folder mode: $(tr -d '\r' <"$tmp/folder.err" | grep '[0-9]' | tail -n1)"

	cli_refusals
	cli_interrupt
}

# cli_refusals: bad input gets the same message and exit status as on Linux
# (the Linux bundle's binary, same relative paths and locale).
cli_refusals() {
	local bad="$tmp/bad" tarball="$dist/yoyak-$version-linux-x64.tar.xz"
	mkdir -p "$bad"
	: >"$bad/빈 파일.txt"
	head -c 4096 /dev/urandom >"$bad/noise.txt"
	{ printf '\x89PNG\r\n\x1a\n'; head -c 65536 /dev/zero; } >"$bad/그림.txt"
	cp "$tmp/tiny.gguf" "$bad/tiny.gguf"
	printf 'not a model\n' >"$bad/broken.gguf"
	cp "$docs/주간 회의.txt" "$bad/회의.txt"
	linux=${YOYAK_LINUX_YOYAK:-} # a Linux yoyak to compare with, else the Linux bundle's
	if [ -z "$linux" ] && [ -f "$tarball" ]; then
		tar -xJf "$tarball" -C "$tmp"
		linux="$tmp/yoyak-$version-linux-x64/yoyak"
	fi
	refused=0
	refuse summarize --model tiny.gguf "없는 파일.txt"
	refuse summarize --model tiny.gguf "빈 파일.txt"
	refuse summarize --model tiny.gguf noise.txt
	refuse summarize --model tiny.gguf 그림.txt
	refuse summarize --model broken.gguf 회의.txt
	refuse summarize --model tiny.gguf --max-tokens -3 noise.txt
	refuse summarize --no-such-flag noise.txt
	if [ -n "$linux" ]; then
		ok "bad input: $refused refusals, each the same sentence and exit status as the Linux build's"
	else
		ok "bad input: $refused clean refusals (no Linux bundle to compare with)"
	fi
}

# refuse ARGS...: yoyak-cli.exe ARGS fails with a message, no crash, and (when
# the Linux bundle is there) exactly as the Linux build does, in $tmp/bad.
refuse() {
	local i=$((++refused)) wst=0 lst=0
	(cd "$tmp/bad" && "$wine" "$bundle/yoyak-cli.exe" "$@" </dev/null >"$tmp/bad$i.out" 2>"$tmp/bad$i.err") || wst=$?
	tr -d '\r' <"$tmp/bad$i.err" >"$tmp/bad$i.wtxt"
	[ "$wst" -ne 0 ] || fail "\"$*\" succeeded under Wine"
	[ -s "$tmp/bad$i.wtxt" ] || fail "\"$*\" exited $wst with no message"
	! grep -aq 'panic\|goroutine ' "$tmp/bad$i.wtxt" || fail "\"$*\" crashed: $(cat "$tmp/bad$i.wtxt")"
	quiet_console "bad$i"
	if [ -n "$linux" ]; then
		(cd "$tmp/bad" && env -i HOME="$tmp" PATH=/usr/bin:/bin LANG="$LANG" LOCPATH="${LOCPATH:-}" \
			"$linux" "$@" </dev/null >"$tmp/bad$i.lout" 2>"$tmp/bad$i.ltxt") || lst=$?
		[ "$wst" = "$lst" ] || fail "\"$*\" exits $wst under Wine, $lst on Linux"
		# The sentences must match; the cause in parentheses is the OS's own
		# error text (GetFileAttributesEx …: File not found. / stat …: no such file).
		cmp -s <(sed 's/ (.*)$//' "$tmp/bad$i.wtxt") <(sed 's/ (.*)$//' "$tmp/bad$i.ltxt") ||
			fail "\"$*\" says something else under Wine than on Linux:
$(diff "$tmp/bad$i.ltxt" "$tmp/bad$i.wtxt" || true)"
	fi
	echo "    [$*] exit $wst: $(head -n1 "$tmp/bad$i.wtxt")"
}

# cli_interrupt: SIGINT to the Wine process is Windows' CTRL_C_EVENT (Wine
# delivers it to the console control handlers, where Go's os/signal gets it).
cli_interrupt() {
	local long="$tmp/long.txt" pid st=0 n
	for n in $(seq 40); do cat "$root/ui/testdata/회의록.txt"; done >"$long"
	(cd "$bundle" && exec "$wine" ./yoyak-cli.exe summarize --model "$model" --max-tokens 4096 \
		--out "$(winpath "$tmp")"'\중단.md' "$(winpath "$long")" </dev/null >"$tmp/int.out" 2>"$tmp/int.err") &
	pid=$!
	for n in $(seq 240); do
		grep -aq . "$tmp/int.err" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	sleep 1
	kill -INT "$pid" 2>/dev/null || true
	for n in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
		fail "Ctrl+C (SIGINT → CTRL_C_EVENT) did not stop summarize within 30s"
	fi
	wait "$pid" || st=$?
	[ "$st" = 130 ] || { cat "$tmp/int.err" >&2; fail "Ctrl+C: exit status $st, want 130"; }
	[ ! -e "$tmp/중단.md" ] || fail "Ctrl+C left a summary file behind"
	ok "Ctrl+C stops summarize: exit 130, no half-written --out file ($(tr -d '\r' <"$tmp/int.err" | tail -n1))"
}
