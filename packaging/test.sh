#!/usr/bin/env bash
# test.sh — run a command (the test suite) with a virtual X server, so the window
# tests open a real window even on a machine with no screen.
#
# Usage: packaging/test.sh COMMAND [ARGS...]
#
# It starts Xvfb on a free display (Xvfb picks it: -displayfd), exports DISPLAY,
# runs the command, and stops Xvfb however the command ends. Set YOYAK_TEST_DISPLAY=host
# to use the current $DISPLAY instead (windows will appear on your screen).
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

if [ "${YOYAK_TEST_DISPLAY:-}" = host ] && [ -n "${DISPLAY:-}" ]; then
	exec "$@"
fi

if ! command -v Xvfb >/dev/null 2>&1; then
	echo "test: Xvfb is needed for the window tests: apt-get install xvfb xauth (or run: make deps)" >&2
	exit 1
fi

tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
	if [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!

for _ in $(seq 1 300); do
	[ -s "$tmp/display" ] && break
	if ! kill -0 "$xvfb_pid" 2>/dev/null; then
		echo "test: Xvfb did not start:" >&2
		cat "$tmp/xvfb.log" >&2
		exit 1
	fi
	sleep 0.1
done
[ -s "$tmp/display" ] || { echo "test: Xvfb gave no display within 30 s" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }

DISPLAY=":$(head -n1 "$tmp/display")"
export DISPLAY
echo "test: virtual X server on DISPLAY=$DISPLAY"
# Run in the foreground (not exec) so the trap stops Xvfb afterwards.
set +e
"$@"
rc=$?
set -e
exit $rc
