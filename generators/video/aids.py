"""What is drawn on top of the portal while recording: the overlay script (cursor, ripple,
highlight, caption, masks) with the bundled Noto Sans, and the title card."""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

from .. import model

OVERLAY_JS = Path(__file__).with_name("overlay.js")
#: The family name the overlay and the title card use, so a portal's own fonts never interfere.
FONT_FAMILY = "Thutuc Noto Sans"


def font_files(fonts_dir: Path) -> list[Path]:
    """The bundled Noto Sans faces (regular and bold, Latin and Vietnamese in one file) that exist."""
    names = [f"noto-sans-{weight}.woff2" for weight in (400, 700)]
    return [fonts_dir / name for name in names if (fonts_dir / name).is_file()]


def font_css(fonts_dir: Path) -> str:
    """@font-face rules with the fonts inlined (data URLs): no request leaves the page."""
    rules = []
    for path in font_files(fonts_dir):
        weight = 700 if "-700" in path.name else 400
        data = base64.b64encode(path.read_bytes()).decode()
        rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: normal; '
                     f'src: url(data:font/woff2;base64,{data}) format("woff2"); }}')
    return "\n".join(rules)


def overlay_script(fonts: str, *, captions: bool) -> str:
    """The init script added to every page: configuration, then the overlay itself."""
    config = json.dumps({"fontCss": fonts, "captions": captions}, ensure_ascii=False)
    return f"window.__thutucOverlayConfig = {config};\n{OVERLAY_JS.read_text(encoding='utf-8')}"


def state_script(state: dict) -> str:
    """Replays overlay state (caption, cursor, masks) on the current and every later page."""
    data = json.dumps(state, ensure_ascii=False)
    return (f"(s => window.__thutucOverlay ? window.__thutucOverlay.set(s) "
            f": (window.__thutucState = Object.assign(window.__thutucState || {{}}, s)))({data})")


def edition(procedure: model.Procedure) -> str:
    """The edition date shown on the title card: the procedure's latest change, as dd/mm/yyyy."""
    change = procedure.last_change
    if not change:
        return ""
    year, month, day = change.date.split("-")
    return f"{day}/{month}/{year}"


def title_card(procedure: model.Procedure, fonts: str, *, width: int, height: int, portal: str) -> str:
    """The opening card: procedure name and code, edition date, where it was recorded."""
    e = html.escape
    date = edition(procedure)
    edition_line = f"<p class=meta>Cập nhật ngày {e(date)}</p>" if date else ""
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
{fonts}
html, body {{ margin: 0; width: {width}px; height: {height}px; overflow: hidden; }}
body {{ font-family: "{FONT_FAMILY}", "Noto Sans", sans-serif; color: #fff; display: flex;
       flex-direction: column; justify-content: center; padding: 0 96px; box-sizing: border-box;
       background: linear-gradient(135deg, #0f2a5c 0%, #173f86 60%, #1d4ed8 100%); }}
.kicker {{ font-size: 24px; letter-spacing: .04em; text-transform: uppercase; color: #fcd34d;
          font-weight: 700; margin: 0 0 18px; }}
h1 {{ font-size: 54px; line-height: 1.2; margin: 0 0 28px; font-weight: 700; max-width: 1000px; }}
.code {{ display: inline-block; font-size: 26px; padding: 6px 16px; border-radius: 8px;
        background: rgba(255, 255, 255, .14); margin: 0 0 18px; }}
.meta {{ font-size: 24px; margin: 0 0 8px; color: #dbeafe; }}
.foot {{ position: absolute; left: 96px; bottom: 48px; font-size: 20px; color: #bfdbfe; }}
</style></head><body>
<p class=kicker>Video hướng dẫn thực hiện thủ tục</p>
<h1>{e(procedure.name)}</h1>
<p><span class=code>Mã thủ tục {e(procedure.code)}</span></p>
{edition_line}
<p class=foot>{e(portal)} · dữ liệu trong video là dữ liệu mẫu</p>
</body></html>"""
