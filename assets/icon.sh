#!/bin/sh
# Draws icon.png (512x512): a rounded teal square with "요" in the bundled
# bold face and three summary lines under it. Needs ImageMagick.
set -eu
cd "$(dirname "$0")"
convert -size 512x512 xc:none \
	-fill '#0f766e' -draw 'roundrectangle 16,16 496,496 96,96' \
	-fill '#14b8a6' -draw 'roundrectangle 16,16 496,300 96,96' -draw 'rectangle 16,200 496,300' \
	-fill '#0f766e' -draw 'rectangle 16,296 496,300' \
	-font fonts/YoyakGothic-Bold.ttf -pointsize 250 -fill white -gravity north -annotate +0+22 '요' \
	-gravity northwest -fill '#e6fffb' \
	-draw 'roundrectangle 104,340 408,364 12,12' \
	-draw 'roundrectangle 104,388 360,412 12,12' \
	-draw 'roundrectangle 104,436 312,460 12,12' \
	-depth 8 -strip icon.png
