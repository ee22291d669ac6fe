"""An export of the old portal made with ``collective.exportimport``: a JSON list of items.

Each item has ``@type``, ``@id``, ``title``, ``description`` and ``text`` (HTML, as a string
or as ``{"data": ..., "content-type": "text/html"}``). Items with text become one document
each: the title is their heading, then the blocks of the text.
"""

from __future__ import annotations

import json
from pathlib import Path

from .neutral import Block, SourceDoc, Unreadable, clean
from .read_html import html_blocks


def read_plone_json(path: Path, name: str) -> list[SourceDoc]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Unreadable("tệp JSON không phải mã hóa UTF-8") from None
    except json.JSONDecodeError as exc:
        raise Unreadable(f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from None
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        raise Unreadable("không phải bản xuất collective.exportimport (cần một danh sách các mục)")
    docs = []
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            continue
        text = item.get("text")
        if isinstance(text, dict):
            text = text.get("data")
        if not isinstance(text, str) or not text.strip():
            continue
        label = f"mục {index}" + (f" ({item['@id']})" if isinstance(item.get("@id"), str) else "")
        blocks = []
        title = item.get("title")
        if isinstance(title, str) and clean(title):
            blocks.append(Block(f"{label}, tiêu đề", clean(title), heading=True))
        description = item.get("description")
        if isinstance(description, str) and clean(description):
            blocks.append(Block(f"{label}, mô tả", clean(description)))
        blocks += html_blocks(text, where_prefix=f"{label}, ")
        docs.append(SourceDoc(name, blocks))
    return docs
