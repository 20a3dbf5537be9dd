#!/usr/bin/env bash
# package-windows.sh — cross-compile the Windows x86-64 bundle into dist/ with
# Debian's mingw-w64:
#
#   dist/yoyak-<version>-windows-x64/        the unpacked folder the installer is made from
#     yoyak.exe                              the window (GUI subsystem: no console)
#     yoyak-cli.exe                          the same program as a console app, for the command line
#     runtime/win-x64-vulkan/, runtime/win-x64/   llama.cpp DLLs (found beside the executable)
#   dist/yoyak-<version>-windows-x64.zip
#   dist/yoyak-<version>-windows-x64-setup.exe   NSIS installer (when makensis is installed)
#
# Needs: packaging/deps.sh package (gcc-mingw-w64-x86-64, nsis, zip, imagemagick)
# and packaging/fetch-runtime.sh win-x64 win-x64-vulkan.
set -euo pipefail
# shellcheck source=packaging/bundle-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/bundle-common.sh"

cc=${CC_WINDOWS:-x86_64-w64-mingw32-gcc}
command -v "$cc" >/dev/null 2>&1 || die "$cc not found: apt-get install gcc-mingw-w64-x86-64 (or run packaging/deps.sh package)"
windres=${WINDRES:-x86_64-w64-mingw32-windres}

name="yoyak-$version-windows-x64"
out="$dist/$name"
rm -rf "$out" "$dist/$name.zip" "$dist/$name-setup.exe"
mkdir -p "$out"

# Resources (icon, version info, manifest) go in through a .syso object in the
# main package's folder, there only while this script runs (git-ignored; the
# _windows_amd64 suffix keeps every other build from seeing it).
work=$(mktemp -d)
syso="$root/zz_resources_windows_amd64.syso"
trap 'rm -rf "$work" "$syso"' EXIT
IFS=. read -r vmaj vmin vpat <<<"$version"
cat >"$work/yoyak.manifest" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="$app_id" version="${vmaj:-0}.${vmin:-0}.${vpat:-0}.${build_no:-0}"/>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
      <activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage>
    </windowsSettings>
  </application>
</assembly>
EOF
{
	echo '#include <winver.h>'
	echo '1 24 "yoyak.manifest"'
	if [ -f "$root/assets/icon.png" ] && command -v convert >/dev/null 2>&1; then
		convert "$root/assets/icon.png" -define icon:auto-resize=256,128,64,48,32,16 "$work/yoyak.ico"
		echo 'IDI_ICON1 ICON "yoyak.ico"'
		cp "$work/yoyak.ico" "$out/yoyak.ico"
	else
		say "warning: no icon (assets/icon.png or ImageMagick's convert missing)"
	fi
	cat <<EOF
VS_VERSION_INFO VERSIONINFO
FILEVERSION ${vmaj:-0},${vmin:-0},${vpat:-0},${build_no:-0}
PRODUCTVERSION ${vmaj:-0},${vmin:-0},${vpat:-0},${build_no:-0}
FILEOS VOS_NT_WINDOWS32
FILETYPE VFT_APP
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "ProductName", "$app_name"
      VALUE "FileDescription", "$app_name - Korean transcript summarizer"
      VALUE "ProductVersion", "$version"
      VALUE "FileVersion", "$version"
      VALUE "OriginalFilename", "yoyak.exe"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0409, 0x04B0
  END
END
EOF
} >"$work/yoyak.rc"
(cd "$work" && "$windres" -O coff -o yoyak.syso yoyak.rc) || die "windres failed on the resource script"
cp "$work/yoyak.syso" "$syso"

build() { # build OUTPUT EXTRA_LDFLAGS
	(cd "$root" && CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC="$cc" \
		"$GO" build -trimpath -tags "$gotags" -ldflags "$ldflags $2" -o "$1" .)
}
say "building $out/yoyak.exe and yoyak-cli.exe ($version, $commit)"
build "$out/yoyak.exe" "-H windowsgui"
build "$out/yoyak-cli.exe" ""

for p in win-x64-vulkan win-x64; do
	copy_runtime "$p" "$out"
done

cat >"$out/README.txt" <<EOF
$app_name $version ($commit) for Windows x86-64

yoyak.exe opens the window. yoyak-cli.exe is the same program for a terminal:
  yoyak-cli.exe help
  yoyak-cli.exe summarize meeting.txt

The llama.cpp runtime is in runtime\\ beside the program; it uses a Vulkan GPU when one
is present, otherwise the CPU. Its DLLs need the Microsoft Visual C++ Redistributable
for Visual Studio 2015-2022 (x64); install it from Microsoft if Yoyak reports that
MSVCP140.dll or VCRUNTIME140.dll is missing.
Nothing you summarize leaves this computer.
EOF
sed 's/$/\r/' "$out/README.txt" >"$out/README.tmp" && mv "$out/README.tmp" "$out/README.txt"

if command -v file >/dev/null 2>&1; then
	file "$out/yoyak.exe" | grep -q 'PE32+ executable (GUI) x86-64' || die "yoyak.exe is not a PE32+ x86-64 GUI executable: $(file "$out/yoyak.exe")"
	file "$out/yoyak-cli.exe" | grep -q 'PE32+ executable (console) x86-64' || die "yoyak-cli.exe is not a PE32+ x86-64 console executable"
fi

command -v zip >/dev/null 2>&1 || die "zip is needed: apt-get install zip"
say "archiving $name.zip"
(cd "$dist" && zip -qr -9 "$name.zip" "$name")

if command -v makensis >/dev/null 2>&1; then
	say "building the installer $name-setup.exe"
	makensis -V2 -INPUTCHARSET UTF8 \
		-DAPP_ID="$app_id" -DAPP_NAME="$app_name" -DVERSION="$version" \
		-DVERSION4="${vmaj:-0}.${vmin:-0}.${vpat:-0}.${build_no:-0}" \
		-DSRC="$out" -DOUT="$dist/$name-setup.exe" \
		"$root/packaging/windows/yoyak.nsi"
else
	say "warning: makensis not found (apt-get install nsis): no installer, only the zip"
fi

for f in "$dist/$name.zip" "$dist/$name-setup.exe"; do
	[ -f "$f" ] && say "done: $f ($(human "$(stat -c %s "$f")"))"
done
say "unpacked: $out ($(human "$(du -sb "$out" | awk '{print $1}')"))"
