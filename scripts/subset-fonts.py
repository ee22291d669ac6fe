#!/usr/bin/env python3
"""Make the bundled fonts: one WOFF2 file per face, Latin and Vietnamese together.

One file per face (not Latin and Vietnamese subsets split by ``unicode-range``) is what
keeps the text of the PDFs right in every reader: with split subsets Chromium drew ị, ẹ, ụ
as a base letter from one file and a mark from the other, and viewers that read the
embedded font's ToUnicode map (PDFium, poppler, pypdf) returned "ị" as "i" or U+0000 plus
a combining dot.

Source: the Noto fonts of Debian's ``fonts-noto-core`` package (SIL Open Font License 1.1,
see docs/assets/fonts/OFL.txt). Needs ``pip install fonttools brotli``. Run from the
repository root after changing the character set below:

    apt-get install fonts-noto-core && .venv/bin/python scripts/subset-fonts.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parents[1] / "docs" / "assets" / "fonts"

FACES = {
    "noto-sans-400.woff2": "NotoSans-Regular.ttf",
    "noto-sans-700.woff2": "NotoSans-Bold.ttf",
    "noto-sans-mono-400.woff2": "NotoSansMono-Regular.ttf",
}

#: Latin-1, Latin Extended-A, the Vietnamese letters and marks, punctuation, the currency
#: signs (₫, €) and the arrows and symbols the templates use. Keep in step with fonts.css.
UNICODES = ("U+0000-00FF,U+0100-017F,U+01A0-01A1,U+01AF-01B0,U+02C6,U+02DA,U+02DC,U+0300-0303,U+0306,"
            "U+0309,U+0323,U+1EA0-1EF9,U+2000-206F,U+20AB,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,"
            "U+25B2,U+25BC,U+FEFF,U+FFFD")


def main() -> int:
    missing = [name for name in FACES.values() if not (SOURCE / name).is_file()]
    if missing:
        print(f"Không tìm thấy {', '.join(missing)} trong {SOURCE}: apt-get install fonts-noto-core", file=sys.stderr)
        return 1
    for target, source in FACES.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.hinting = False  # screens and PDFs render Noto well unhinted; half the size
        options.layout_features = ["*"]  # marks positioned by GPOS, as the designers meant
        options.name_IDs = ["*"]  # keep the copyright and licence records
        options.notdef_outline = True
        font = subset.load_font(str(SOURCE / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(TARGET / target), options)
        print(f"{target}: {(TARGET / target).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
