#!/usr/bin/env bash
# notarize.sh — after build-app.sh: notarize and staple dist/Yoyak.app, then wrap it
# in dist/Yoyak-<version>-macos.dmg (signed, notarized and stapled too).
#
# Notarization runs when APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (an
# app-specific password) are set, and the app was signed with a Developer ID
# identity (MACOS_SIGN_IDENTITY); otherwise only the .dmg is made.
set -euo pipefail
# shellcheck source=packaging/bundle-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bundle-common.sh"

app="$dist/$app_name.app"
dmg="$dist/$app_name-$version-macos.dmg"
[ -d "$app" ] || die "$app is missing: run packaging/macos/build-app.sh first"

can_notarize=no
if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ] && [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
	can_notarize=yes
fi
notarize() {
	xcrun notarytool submit "$1" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
		--password "$APPLE_APP_PASSWORD" --wait --timeout 30m
}

if [ "$can_notarize" = yes ]; then
	say "notarizing $app"
	zip="$dist/$app_name-notarize.zip"
	ditto -c -k --keepParent "$app" "$zip"
	notarize "$zip"
	rm -f "$zip"
	xcrun stapler staple "$app"
else
	say "notarization skipped (APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD or MACOS_SIGN_IDENTITY not set)"
fi

say "making $dmg"
rm -f "$dmg"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
ditto "$app" "$stage/$app_name.app"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "$app_name" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg" >/dev/null
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
	codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
fi
if [ "$can_notarize" = yes ]; then
	notarize "$dmg"
	xcrun stapler staple "$dmg"
fi
say "done: $dmg ($(du -h "$dmg" | awk '{print $1}'))"
