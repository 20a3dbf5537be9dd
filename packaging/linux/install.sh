#!/bin/sh
# install.sh — add Yoyak from this folder to your desktop's menu, "Open with"
# list and PATH, for you only (nothing outside your home folder is touched).
# Run ./install.sh --uninstall to remove those entries again. Yoyak itself keeps
# running from this folder: move the folder first, then run this script.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
id=@APP_ID@
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
	rm -f "$data/applications/$id.desktop" "$data/icons/hicolor/512x512/apps/$id.png" \
		"$data/mime/packages/$id.xml"
	[ -L "$bin/yoyak" ] && rm -f "$bin/yoyak"
	command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" >/dev/null 2>&1 || true
	command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" >/dev/null 2>&1 || true
	echo "Yoyak's menu entry, file associations and command were removed (this folder was left as it is)."
	exit 0
fi

# The llama.cpp libraries need glibc 2.34 or newer (Ubuntu 22.04+, Debian 12+).
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
case "$glibc" in
"") ;;
2.[0-9] | 2.[12][0-9] | 2.3[0-3])
	echo "Yoyak needs glibc 2.34 or newer (Ubuntu 22.04+, Debian 12+); this system has glibc $glibc." >&2
	exit 1
	;;
esac

mkdir -p "$data/applications" "$data/icons/hicolor/512x512/apps" "$data/mime/packages" "$bin"
sed "s|^Exec=.*|Exec=\"$here/yoyak\" %f|" "$here/share/applications/$id.desktop" >"$data/applications/$id.desktop"
[ -f "$here/share/icons/hicolor/512x512/apps/$id.png" ] &&
	cp "$here/share/icons/hicolor/512x512/apps/$id.png" "$data/icons/hicolor/512x512/apps/$id.png"
cp "$here/share/mime/packages/$id.xml" "$data/mime/packages/$id.xml"
ln -sf "$here/yoyak" "$bin/yoyak"
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" >/dev/null 2>&1 || true

echo "Yoyak is in your applications menu and in \"Open with\" for transcripts."
echo "Command line: $bin/yoyak (add $bin to PATH if it is not there)."
