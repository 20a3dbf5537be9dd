#!/bin/sh
# Regenerates the bundled faces from Debian's fonts-nanum (NanumGothic 3.021,
# SIL OFL 1.1): a subset of Hangul (syllables, jamo, compatibility jamo),
# Latin, punctuation and the symbols transcripts and summaries use, without
# hinting (Fyne's rasterizer does not use it), so each face stays under 2 MB.
#
# A subset is a Modified Version under the OFL, which may not carry the
# Reserved Font Names, so the faces are renamed "Yoyak Gothic"; OFL.txt keeps
# the copyright and licence.
#
# Needs: apt-get install fonts-nanum python3-fonttools
set -eu
cd "$(dirname "$0")"
src=/usr/share/fonts/truetype/nanum
py=/usr/bin/python3 # Debian's python3-fonttools lives in the system interpreter
unicodes="U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02C6-02DC,U+1100-11FF,\
U+2000-206F,U+20A9,U+20AC,U+2100-2122,U+2190-2199,U+21D2,U+21D4,U+2200-22FF,\
U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-266F,U+2713-2714,U+3000-303F,\
U+3130-318F,U+3200-32FF,U+AC00-D7A3,U+FF01-FF5E,U+FFE0-FFE6"
for face in Regular Bold; do
	in=$src/NanumGothic.ttf
	[ "$face" = Bold ] && in=$src/NanumGothicBold.ttf
	out=YoyakGothic-$face.ttf
	$py -m fontTools.subset "$in" --unicodes="$unicodes" --no-hinting \
		--layout-features='*' --name-IDs='*' --name-languages='*' --output-file="$out" 2>/dev/null
	$py - "$out" "$face" <<'PY'
import sys
from fontTools.ttLib import TTFont
path, face = sys.argv[1], sys.argv[2]
f = TTFont(path)
name = f["name"]
family = "Yoyak Gothic"
ps = "YoyakGothic-" + face
keep = []
for n in name.names:
    if n.nameID in (1, 16):
        n.string = family
    elif n.nameID == 4:
        n.string = family + ("" if face == "Regular" else " Bold")
    elif n.nameID == 6:
        n.string = ps
    elif n.nameID == 3:
        n.string = "3.021;" + ps + ";subset of NanumGothic"
    elif n.nameID in (7, 20):
        continue
    keep.append(n)
name.names = keep
f.save(path)
PY
done
ls -l YoyakGothic-*.ttf
