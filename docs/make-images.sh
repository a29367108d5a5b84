#!/usr/bin/env bash
# docs/make-images.sh — redraw README's page images from a fresh build of manuscript/:
#   docs/pdf-pages.png      the first six pages of the screen PDF, three by two;
#   docs/print-spreads.png  the print edition as spreads (verso | recto), trimmed, two by two.
# Needs poppler's pdftoppm and Python with Pillow.
set -euo pipefail
ROOT=$(git -C "$(dirname "$(realpath "$0")")" rev-parse --show-toplevel)
cd "$ROOT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cargo build --release --quiet
./target/release/terbit build manuscript -o "$TMP/out" --format pdf,print >/dev/null
screen=$(ls "$TMP"/out/*.pdf | grep -v -- '-print.pdf$')
print=$(ls "$TMP"/out/*-print.pdf)
pdftoppm -png -r 60 -f 1 -l 6 "$screen" "$TMP/s"
# The print pages cropped to their TrimBox: what the reader holds.
pdftoppm -png -r 50 -cropbox "$print" "$TMP/p"

python3 - "$TMP" <<'EOF'
import glob, sys
from PIL import Image, ImageOps

tmp = sys.argv[1]
GREY = (208, 208, 208)

def grid(images, cols, gap):
    w, h = images[0].size
    rows = (len(images) + cols - 1) // cols
    out = Image.new("RGB", (cols * w + (cols + 1) * gap, rows * h + (rows + 1) * gap), GREY)
    for i, im in enumerate(images):
        r, c = divmod(i, cols)
        out.paste(im, (gap + c * (w + gap), gap + r * (h + gap)))
    return out

screen = [Image.open(f).convert("RGB") for f in sorted(glob.glob(f"{tmp}/s-*.png"))]
screen = [ImageOps.expand(im, border=1, fill=(150, 150, 150)) for im in screen]
grid(screen, 3, 12).save("docs/pdf-pages.png", optimize=True)

pages = [Image.open(f).convert("RGB") for f in sorted(glob.glob(f"{tmp}/p-*.png"))]
w, h = pages[0].size
# Trim the bleed (3 mm at 50 dpi is about 6 px) so that the spreads show the trimmed book.
bleed = round(3 / 25.4 * 50)
pages = [im.crop((bleed, bleed, w - bleed, h - bleed)) for im in pages]
w, h = pages[0].size
blank = Image.new("RGB", (w, h), GREY)
# Page 1 is a recto standing alone; then (2 | 3), (4 | 5), …
spreads, left = [], [blank] + pages
for i in range(0, min(len(left), 8), 2):
    verso = left[i]
    recto = left[i + 1] if i + 1 < len(left) else blank
    s = Image.new("RGB", (2 * w + 1, h), (120, 120, 120))
    s.paste(verso, (0, 0))
    s.paste(recto, (w + 1, 0))
    spreads.append(s)
grid(spreads, 2, 14).save("docs/print-spreads.png", optimize=True)
EOF
echo "wrote docs/pdf-pages.png and docs/print-spreads.png"
