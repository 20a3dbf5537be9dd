#!/usr/bin/env bash
# build-app.sh — build dist/Yoyak.app on macOS (run by the macOS CI workflow,
# .github/workflows/macos.yml; also works on a Mac with Xcode's command line tools):
#
#   Yoyak.app/Contents/
#     Info.plist                  identity, document types for "Open With"
#     MacOS/yoyak                 universal binary (arm64 + x86_64)
#     MacOS/runtime/mac-arm64-metal/, MacOS/runtime/mac-x64/   llama.cpp, found beside the executable
#     Resources/icon.icns
#
# Then signs it: with $MACOS_SIGN_IDENTITY (a "Developer ID Application" identity
# in the keychain) when set, hardened runtime and timestamp, else ad hoc (runs on
# the machine that built it; Apple Silicon refuses unsigned code). Notarization
# and the .dmg are separate steps of the workflow (see notarize.sh).
#
# Needs: packaging/fetch-runtime.sh mac-arm64-metal mac-x64.
set -euo pipefail
# shellcheck source=packaging/bundle-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../bundle-common.sh"

[ "$(uname -s)" = Darwin ] || die "build-app.sh runs on macOS"
app="$dist/$app_name.app"
rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources" "$dist/macos-build"

min_macos=${MACOSX_DEPLOYMENT_TARGET:-11.0}
export MACOSX_DEPLOYMENT_TARGET=$min_macos
say "building arm64 and x86_64 binaries ($version, $commit)"
(cd "$root" && CGO_ENABLED=1 GOOS=darwin GOARCH=arm64 CC="clang -arch arm64" \
	"$GO" build -trimpath -tags "$gotags" -ldflags "$ldflags" -o "$dist/macos-build/yoyak-arm64" .)
(cd "$root" && CGO_ENABLED=1 GOOS=darwin GOARCH=amd64 CC="clang -arch x86_64" \
	"$GO" build -trimpath -tags "$gotags" -ldflags "$ldflags" -o "$dist/macos-build/yoyak-amd64" .)
lipo -create -output "$app/Contents/MacOS/yoyak" "$dist/macos-build/yoyak-arm64" "$dist/macos-build/yoyak-amd64"

for p in mac-arm64-metal mac-x64; do
	copy_runtime "$p" "$app/Contents/MacOS"
	# Contents/MacOS holds code only: the build-metadata JSON would break the signature seal.
	rm -f "$app/Contents/MacOS/runtime/$p/_nlcBuildMetadata.json"
done

if [ -f "$root/assets/icon.png" ]; then
	iconset="$dist/macos-build/icon.iconset"
	rm -rf "$iconset" && mkdir -p "$iconset"
	for s in 16 32 128 256 512; do
		sips -z $s $s "$root/assets/icon.png" --out "$iconset/icon_${s}x${s}.png" >/dev/null
		sips -z $((s * 2)) $((s * 2)) "$root/assets/icon.png" --out "$iconset/icon_${s}x${s}@2x.png" >/dev/null
	done
	iconutil -c icns -o "$app/Contents/Resources/icon.icns" "$iconset"
else
	say "warning: assets/icon.png is missing; the app has no icon"
fi

doc_type() { # doc_type NAME EXT...
	local n=$1
	shift
	printf '    <dict>\n      <key>CFBundleTypeName</key><string>%s</string>\n      <key>CFBundleTypeRole</key><string>Viewer</string>\n      <key>LSHandlerRank</key><string>Alternate</string>\n      <key>CFBundleTypeExtensions</key><array>' "$n"
	for e in "$@"; do printf '<string>%s</string>' "$e"; done
	printf '</array>\n    </dict>\n'
}
cat >"$app/Contents/Info.plist" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleDevelopmentRegion</key><string>ko</string>
  <key>CFBundleLocalizations</key><array><string>ko</string><string>en</string></array>
  <key>CFBundleExecutable</key><string>yoyak</string>
  <key>CFBundleIdentifier</key><string>$app_id</string>
  <key>CFBundleName</key><string>$app_name</string>
  <key>CFBundleDisplayName</key><string>$app_name</string>
  <key>CFBundleIconFile</key><string>icon.icns</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>CFBundleShortVersionString</key><string>$version</string>
  <key>CFBundleVersion</key><string>${build_no:-1}</string>
  <key>CFBundleInfoDictionaryVersion</key><string>6.0</string>
  <key>LSMinimumSystemVersion</key><string>$min_macos</string>
  <key>LSApplicationCategoryType</key><string>public.app-category.productivity</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>NSSupportsAutomaticGraphicsSwitching</key><true/>
  <key>CFBundleDocumentTypes</key>
  <array>
$(doc_type "Text transcript" txt text md markdown)
$(doc_type "Subtitles" srt vtt)
$(doc_type "Word document" docx)
$(doc_type "Hangul document" hwpx)
  </array>
</dict>
</plist>
EOF
plutil -lint "$app/Contents/Info.plist" >/dev/null

identity=${MACOS_SIGN_IDENTITY:-}
if [ -n "$identity" ]; then
	say "signing with \"$identity\" (hardened runtime)"
	sign=(codesign --force --timestamp --options runtime --sign "$identity")
else
	say "no MACOS_SIGN_IDENTITY: signing ad hoc (not for distribution)"
	sign=(codesign --force --sign -)
fi
# Inside out: every library first, then the app (which seals them).
find "$app/Contents/MacOS/runtime" -type f \( -name '*.dylib' -o -name '*.so' \) -print0 |
	while IFS= read -r -d '' lib; do "${sign[@]}" "$lib"; done
"${sign[@]}" --entitlements "$root/packaging/macos/entitlements.plist" "$app"
codesign --verify --strict --deep --verbose=2 "$app"
rm -rf "$dist/macos-build"
say "done: $app ($(du -sh "$app" | awk '{print $1}'))"
