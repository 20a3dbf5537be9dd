# shellcheck shell=bash
# wine/gotests.sh — the Windows-only code's tests, cross-compiled for
# windows/amd64 and run under Wine (sourced by check-windows-wine.sh).
#
# Each package's test binary runs in the package's folder, as go test runs it:
#   inference/llama   crtstderr_windows.go (C runtime stderr into the log), dl_windows.go
#                     through the inference tests
#   inference         real llama.cpp DLLs (LoadLibraryEx, purego callbacks, progress
#                     callback), runtime discovery beside the .exe
#   models            fs_windows.go: LockFileEx locking, free space
#   app/atomicfile    the rename over an existing file
# ui is left out: it needs cgo (GLFW) and its tests drive Linux tools; the
# window itself is checked by check_window.
#
# Wine 8 answers Go 1.26's os.RemoveAll with "Invalid function" (it rejects
# FileDispositionInformationEx with a status Go does not treat as "not
# supported"), so t.TempDir's cleanup fails under Wine though Windows 10+
# deletes fine; a test whose only failure is that cleanup counts as passed,
# and how many did is printed.
#
# Left out by the filters: TestStoreAddRemove and atomicfile's TestWrite assert
# POSIX permission bits (0700, 0600), which Windows does not have, as do the
# download tests other than DiskFull and ParseContentRange;
# TestRuntimeDiscoveryOrder uses Linux folder names; TestLoadProgressAndClose
# and TestLoadCancelled need the load fraction, which the Windows progress
# callback cannot read (progress_windows.go; TestLoadProgressCallbackAbortsOnWindows
# checks what it does instead).
gotest_pkgs=(
	"inference/llama|"
	"inference|Windows|BadModel|MissingRuntime|AnotherRelease|Tokenize|Generate|TwoRuns|CancelWhile|Stop|PromptTooLong|VocabOnly|HugeMaxTokens|RuntimeInfo|SameFolder|UTF8"
	"models|Lock|Pull|Concurrent|Index|AddCopy|DiskFull|ContentRange|Catalog|DefaultDir"
	"app/atomicfile|WriteFailure|OnWindows"
)

check_gotests() {
	local entry pkg run exe st listed
	for entry in "${gotest_pkgs[@]}"; do
		pkg=${entry%%|*}
		run=${entry#*|}
		exe="$tmp/$(echo "$pkg" | tr / -).test.exe"
		(cd "$root" && CGO_ENABLED=0 GOOS=windows GOARCH=amd64 "$GO" test -c -o "$exe" "./$pkg") ||
			fail "could not cross-compile ./$pkg's tests for windows/amd64"
		listed=$(cd "$root/$pkg" && "$wine" "$exe" -test.list "${run:-.}" </dev/null 2>/dev/null | grep -c '^Test' || true)
		st=0
		# Not -test.v: only failing tests print, so their every line can be judged.
		(cd "$root/$pkg" && "$wine" "$exe" -test.count=1 -test.timeout=15m ${run:+-test.run "$run"} \
			</dev/null >"$tmp/gotest.out" 2>&1) || st=$?
		tr -d '\r' <"$tmp/gotest.out" >"$tmp/gotest.txt"
		gotest_verdict "$pkg" "$st" "$listed"
	done
}

# gotest_verdict PKG STATUS LISTED: pass when the binary passed, or when every
# line the failing tests printed is the Wine cleanup failure described above.
gotest_verdict() {
	local pkg=$1 st=$2 listed=$3 failed other
	failed=$(grep -c '^--- FAIL' "$tmp/gotest.txt" || true)
	other=$(grep -E '^ ' "$tmp/gotest.txt" | grep -vE '^ +--- FAIL|^ +testing\.go:[0-9]+: TempDir RemoveAll cleanup: .*Invalid function' || true)
	if [ "$st" -ne 0 ] && { [ "$failed" = 0 ] || [ -n "$other" ] || grep -q '^panic: \|^fatal error: ' "$tmp/gotest.txt"; }; then
		cat "$tmp/gotest.txt" >&2
		fail "./$pkg's tests failed under Wine (exit $st)"
	fi
	if grep -aE '^ggml_vulkan|^load_backend|Vulkan 1\.2' "$tmp/gotest.txt"; then
		fail "./$pkg: llama.cpp printed to the console past the log (above)"
	fi
	ok "./$pkg under Wine: $listed tests$([ "$failed" = 0 ] || echo ", of which $failed fail only Wine's TempDir cleanup")"
}
