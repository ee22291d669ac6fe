"""Channels: a table (kind, time, fee, description) or lines naming the channel; time and fee
parts fill what the table leaves out, one line per channel or one for all."""

from __future__ import annotations

from .catalogue import key
from .layout import EXEMPTIONS_LABEL, LABELS, Part
from .mapped import UNKNOWN_TEXT, Mapped, cells, column, item_text
from .neutral import Block

_KINDS = (("truc-tuyen", ("truc tuyen", "dien tu", "cong dich vu cong")), ("buu-chinh", ("buu chinh",)),
          ("truc-tiep", ("truc tiep",)))


def _kind_of(text: str) -> str | None:
    folded = key(text)
    for kind, words in _KINDS:
        if any(w in folded for w in words):
            return kind
    return None

def _kinds_in(text: str) -> list[str]:
    folded = key(text)
    return [kind for kind, words in _KINDS if any(w in folded for w in words)]

def map_channels(m: Mapped, parts: dict[str, Part]) -> None:
    part = parts.get("channels")
    channels: dict[str, dict] = {}
    if part is not None:
        blocks = ([Block(part.label.where, part.inline)] if part.inline else []) + part.blocks
        pending: str | None = None  # "Trực tiếp:" just before that channel's own table
        for n, block in enumerate(blocks):
            if block.is_table:
                _channel_table(m, block, channels, pending)
                pending = None
                continue
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            kinds = _kinds_in(block.text)
            if (len(kinds) == 1 and following is not None and following.is_table
                    and _kind_column(following) is None and len(key(item_text(block.text))) <= 30):
                pending = kinds[0]
                continue
            _channel_line(m, block, channels)
    time_by_kind, time_all = _per_kind(m, parts.get("time"))
    fee_by_kind, fee_all, exemptions = _fees(m, parts.get("fee"))
    if not channels:
        m.fail(part.label if part else m.raw.heading,
               "phần “Cách thức thực hiện” không nêu hình thức nộp nào (trực tiếp, trực tuyến, bưu chính)" if part
               else "thiếu phần “Cách thức thực hiện”")
        return
    for channel in channels.values():
        for name, by_kind, general in (("time", time_by_kind, time_all), ("fee", fee_by_kind, fee_all)):
            if not channel[name]:
                channel[name] = by_kind.get(channel["kind"]) or general or UNKNOWN_TEXT
            if channel[name] == UNKNOWN_TEXT and name not in m.unknown:
                m.unknown.append(name)
                m.notes.append(f"Tra {'thời hạn giải quyết' if name == 'time' else 'phí, lệ phí'} "
                               "trong bản ghi chính thức.")
    m.data["channels"] = [{k: v for k, v in c.items() if v} for c in channels.values()]
    if exemptions:
        m.data["fee_exemptions"] = exemptions

def _kind_column(table: Block) -> int | None:
    return column(table.rows[0], "hinh thuc", "cach thuc", "kenh")


def _channel_table(m: Mapped, table: Block, channels: dict[str, dict], pending: str | None) -> None:
    """Rows of (kind, time, fee, description); or, for a table per channel, the one row of the
    channel named just before it."""
    header = table.rows[0]
    kind_col = _kind_column(table)
    time_col = column(header, "thoi han", "thoi gian")
    fee_col = column(header, "phi", "le phi")
    text_col = column(header, "mo ta")
    if kind_col is None and pending is None:
        m.skip(table, "bảng không có cột “Hình thức nộp”")
        return
    for n, row in enumerate(table.rows[1:]):
        cell = cells(row)
        kind = _kind_of(cell(kind_col)) if kind_col is not None else pending if n == 0 else None
        if kind is None:
            m.skip(table, "không nhận ra hình thức nộp", (cell(kind_col) if kind_col is not None else "")
                   or " | ".join(row))
            continue
        if kind in channels:
            m.skip(table, "hình thức nộp lặp lại; chỉ giữ dòng đầu", " | ".join(row))
            continue
        channel = {"kind": kind, "time": cell(time_col), "fee": cell(fee_col)}
        if cell(text_col):
            channel["description"] = cell(text_col)
        channels[kind] = channel


def _channel_line(m: Mapped, block: Block, channels: dict[str, dict]) -> None:
    """"Trực tiếp tại ...; trực tuyến trên ...; qua bưu chính": one channel per piece."""
    text = block.text
    pieces = [item_text(p) for p in text.split(";")] if len(_kinds_in(text)) > 1 else [item_text(text)]
    for piece in pieces:
        kinds = _kinds_in(piece)
        if not kinds:
            m.skip(block, "không nhận ra hình thức nộp", piece)
        for kind in kinds:
            if kind in channels:
                m.skip(block, "hình thức nộp lặp lại", piece)
                continue
            channels[kind] = {"kind": kind, "time": "", "fee": "", "description": piece if len(kinds) == 1 else ""}


def _per_kind(m: Mapped, part: Part | None) -> tuple[dict[str, str], str]:
    """"Trực tiếp: 03 ngày" lines by channel, and the text meant for every channel."""
    by_kind, general = {}, []
    if part is None:
        return by_kind, ""
    for table in part.tables():
        m.skip(table, f"bảng trong phần “{LABELS[part.key]}” không được đọc")
    for _, text in part.lines():
        body = item_text(text)
        head, colon, rest = body.partition(":")
        kind = _kind_of(head) if colon and len(head) < 40 else None
        if kind:
            by_kind[kind] = rest.strip()
        else:
            general.append(body)
    return by_kind, "\n".join(general)

def _fees(m: Mapped, part: Part | None) -> tuple[dict[str, str], str, list[str]]:
    if part is None:
        return {}, "", []
    exemptions: list[str] = []
    fee_lines = Part(part.key, part.label, part.inline, [])
    in_exemptions = False
    for block in part.blocks:
        if not block.is_table and key(block.text).startswith(key(EXEMPTIONS_LABEL)):
            in_exemptions = True
            continue
        if in_exemptions and not block.is_table:
            exemptions.append(item_text(block.text))
        else:
            fee_lines.blocks.append(block)
    by_kind, general = _per_kind(m, fee_lines)
    return by_kind, general, [e for e in exemptions if e]
