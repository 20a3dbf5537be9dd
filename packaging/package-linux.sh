#!/usr/bin/env bash
# package-linux.sh — build the Linux x86-64 bundle into dist/:
#
#   dist/yoyak-<version>-linux-x64/          the unpacked bundle
#     yoyak                                  the app (window and command line)
#     runtime/linux-x64-vulkan/, runtime/linux-x64/   llama.cpp (found beside the executable)
#     share/applications/<id>.desktop        menu entry with the MIME types it opens
#     share/icons/hicolor/512x512/apps/<id>.png
#     share/mime/packages/<id>.xml           .hwpx/.vtt/.srt types for older systems
#     install.sh                             per-user menu entry, "Open with", ~/.local/bin/yoyak
#   dist/yoyak-<version>-linux-x64.tar.xz
#
# Needs: make runtime (linux-x64 linux-x64-vulkan) and the build deps (make deps).
set -euo pipefail
# shellcheck source=packaging/bundle-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bundle-common.sh"

name="yoyak-$version-linux-x64"
out="$dist/$name"
rm -rf "$out" "$dist/$name.tar.xz"
mkdir -p "$out"

say "building $out/yoyak ($version, $commit)"
(cd "$root" && CGO_ENABLED=1 GOOS=linux GOARCH=amd64 "$GO" build -trimpath -tags "$gotags" -ldflags "$ldflags" -o "$out/yoyak" .)

for p in linux-x64-vulkan linux-x64; do
	copy_runtime "$p" "$out"
done
dedupe_identical "$out/runtime/linux-x64-vulkan" "$out/runtime/linux-x64"

mkdir -p "$out/share/applications" "$out/share/icons/hicolor/512x512/apps" "$out/share/mime/packages"
sed "s|@EXEC@|yoyak|; s|@APP_ID@|$app_id|" "$root/packaging/linux/yoyak.desktop.in" >"$out/share/applications/$app_id.desktop"
cp "$root/packaging/linux/mime.xml" "$out/share/mime/packages/$app_id.xml"
if [ -f "$root/assets/icon.png" ]; then
	cp "$root/assets/icon.png" "$out/share/icons/hicolor/512x512/apps/$app_id.png"
else
	say "warning: assets/icon.png is missing; the bundle has no icon"
fi
sed "s|@APP_ID@|$app_id|" "$root/packaging/linux/install.sh" >"$out/install.sh"
chmod 755 "$out/install.sh" "$out/yoyak"
cat >"$out/README.txt" <<EOF
$app_name $version ($commit) for Linux x86-64

Run ./yoyak to open the window, or ./yoyak help for the command line.
Run ./install.sh to add Yoyak to your applications menu and "Open with" (for you only;
./install.sh --uninstall removes that again).

Needs glibc 2.34 or newer (Ubuntu 22.04+, Debian 12+) and an OpenGL-capable desktop.
The llama.cpp runtime is in runtime/ beside the program; on a GPU it uses Vulkan when
libvulkan.so.1 and the GPU vendor's Vulkan driver are installed, otherwise the CPU.
Nothing you summarize leaves this computer.
EOF

command -v xz >/dev/null 2>&1 || die "xz is needed for the archive: apt-get install xz-utils"
say "archiving $name.tar.xz"
tar -C "$dist" --owner=0 --group=0 --numeric-owner --sort=name -cf - "$name" | xz -T0 -6 >"$dist/$name.tar.xz"

size_dir=$(du -sb "$out" | awk '{print $1}')
size_tar=$(stat -c %s "$dist/$name.tar.xz")
say "done: $out ($(human "$size_dir") unpacked), $dist/$name.tar.xz ($(human "$size_tar"))"
