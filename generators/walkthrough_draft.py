"""A first walkthrough for a procedure that can be filed online, drafted from its own data.

Every online procedure follows the portal's one path: open the procedure, sign in with
VNeID, step 1 (commune), step 2 (one upload and "Lưu tệp" per required document of the
first case), step 3 (the online fee, paid on the simulated gateway, or nothing), step 4
(pledge, submit), and the dossier code on screen. The draft writes that path with the
procedure's own documents and fee, so a maintainer starts from a script that already
records to the end and only rewrites captions where the procedure needs more words.

The documents and the fee are read with the practice portal's own rules
(:func:`generators.sandbox.document_required`, :func:`generators.sandbox.fee_amount`), so
the draft asks for exactly what the portal will ask for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .model import ChannelKind, Procedure
from .outputs import write_atomic
from .problems import UserError
from .sandbox import document_required, fee_amount

#: Sample values of the practice portal in recording mode (sandbox/README.md).
CAPTCHA, OTP = "hn2025", "123456"
SAMPLE_ACCOUNT = ("001090012345", "0912345678")
COMMUNE = "Phường Hoàn Kiếm"
SAMPLE_FILE = "giay-to-mau.pdf"
PAYMENT = "Quét mã QR ngân hàng"


def online_channel(p: Procedure):
    return next((c for c in p.channels if c.kind is ChannelKind.truc_tuyen), None)


def can_file_online(p: Procedure) -> bool:
    return online_channel(p) is not None


def draft(p: Procedure) -> dict:
    """The walkthrough as YAML-ready data (shorthand steps, as maintainers write them)."""
    channel = online_channel(p)
    if channel is None:
        raise ValueError(f"{p.code} không có cách thức nộp trực tuyến (truc-tuyen)")
    steps: list[dict] = [
        {"click": {"role": "button", "name": "Nộp trực tuyến"}, "chapter": "Mở thủ tục",
         "caption": f"Trang thủ tục “{p.name}” trên Cổng Dịch vụ công. Bấm “Nộp trực tuyến” để bắt đầu."},
        {"click": {"role": "button", "name": "Đăng nhập bằng VNeID"}, "chapter": "Đăng nhập VNeID",
         "caption": "Cổng yêu cầu đăng nhập trước khi nộp hồ sơ. Chọn “Đăng nhập bằng VNeID”."},
        {"click": {"role": "button", "name": "Điền sẵn tài khoản thực hành"},
         "caption": "Trên cổng thực hành, bấm “Điền sẵn tài khoản thực hành” để điền số định danh, "
                    "số điện thoại và mật khẩu mẫu."},
        {"fill": {"role": "textbox", "name": "Mã xác thực", "value": CAPTCHA},
         "caption": "Gõ đúng các ký tự trong ảnh vào ô Mã xác thực; mã phân biệt chữ hoa và chữ thường."},
        {"click": {"role": "button", "name": "Đăng nhập"},
         "caption": "Bấm “Đăng nhập”. Hệ thống gửi mã OTP đến số điện thoại của tài khoản."},
        {"fill": {"role": "textbox", "name": "Mã OTP", "value": OTP},
         "caption": "Nhập mã OTP gồm 6 chữ số trong tin nhắn; mã có hiệu lực 5 phút."},
        {"click": {"role": "button", "name": "Xác nhận"},
         "caption": "Bấm “Xác nhận”. Cổng mở tờ khai trực tuyến với thông tin người nộp lấy từ Cơ sở dữ "
                    "liệu quốc gia về dân cư."},
        {"select": {"label": "Xã, phường nơi nộp hồ sơ", "option": COMMUNE}, "chapter": "Thông tin hồ sơ",
         "caption": f"Kiểm tra thông tin người nộp; chọn xã, phường có thẩm quyền giải quyết hồ sơ (trên cổng "
                    f"thực hành: {COMMUNE})."},
        {"click": {"role": "button", "name": "Tiếp tục"},
         "caption": "Bấm “Tiếp tục” để sang bước đính kèm giấy tờ."},
    ]
    case = p.documents[0]
    required = [item for item in case.items if document_required(item)]
    for index, item in enumerate(required):
        upload = {"upload": {"label": item.name, "file": SAMPLE_FILE},
                  "caption": f"Đính kèm bản chụp hoặc bản điện tử: {item.name} (PDF, JPG hoặc PNG, không quá 10 MB)."}
        if index == 0:
            upload["chapter"] = "Đính kèm giấy tờ"
        steps += [upload, {"click": {"role": "button", "name": f"Lưu tệp: {item.name}"},
                           "caption": "Bấm “Lưu tệp”: tệp chỉ được gửi kèm hồ sơ sau khi đã lưu."}]
    steps.append({"click": {"role": "button", "name": "Tiếp tục"},
                  "caption": "Đã lưu đủ giấy tờ bắt buộc; bấm “Tiếp tục” để sang bước phí, lệ phí."})
    if fee_amount(channel.fee):
        steps += [
            {"click": {"role": "radio", "name": PAYMENT}, "chapter": "Thanh toán phí, lệ phí",
             "caption": f"Phí, lệ phí khi nộp trực tuyến: {channel.fee.rstrip('.')}. Chọn hình thức thanh toán."},
            {"click": {"role": "button", "name": "Thanh toán"},
             "caption": "Bấm “Thanh toán”; cổng chuyển sang nền tảng thanh toán."},
            {"click": {"role": "button", "name": "Xác nhận thanh toán"},
             "caption": "Kiểm tra số tiền, nội dung và bấm “Xác nhận thanh toán” trước khi hết thời gian."},
            {"click": {"role": "button", "name": "Tiếp tục"},
             "caption": "Thanh toán thành công; bấm “Tiếp tục” để sang bước xác nhận."},
        ]
    else:
        steps.append({"click": {"role": "button", "name": "Tiếp tục"}, "chapter": "Phí, lệ phí",
                      "caption": "Nộp trực tuyến thủ tục này không phải thanh toán trên cổng; bấm “Tiếp tục”."})
    steps += [
        {"click": {"role": "checkbox", "name": "Tôi xin cam đoan những thông tin đã khai là đúng sự thật"},
         "chapter": "Xác nhận và nộp", "caption": "Đọc lại toàn bộ thông tin đã khai, đánh dấu ô cam đoan."},
        {"click": {"role": "button", "name": "Nộp hồ sơ"}, "caption": "Bấm “Nộp hồ sơ”."},
        {"expect": {"role": "heading", "name": "Nộp hồ sơ thành công", "state": "visible"},
         "chapter": "Nhận mã hồ sơ",
         "caption": "Cổng báo nộp hồ sơ thành công và cấp mã hồ sơ; ghi lại mã để tra cứu tình trạng giải quyết."},
    ]
    return {"start": f"?co-dinh=1#/thu-tuc/{p.slug}", "mask": list(SAMPLE_ACCOUNT), "steps": steps}


def draft_yaml(p: Procedure) -> str:
    """The draft as the ``walkthrough:`` block of a procedure file, written the way the
    hand-written ones are: one step per item, its target as a flow mapping."""
    data = draft(p)
    lines = ["# Kịch bản video soạn từ thành phần hồ sơ và phí của thủ tục (thutuc walkthrough); sửa lời",
             "# thuyết minh cho sát thủ tục. Cổng thực hành ở chế độ quay (?co-dinh=1).",
             "walkthrough:",
             f"  start: {_quoted(data['start'])}",
             f"  mask: [{', '.join(_quoted(m) for m in data['mask'])}]",
             "  steps:"]
    for step in data["steps"]:
        action = next(iter(step))
        target = ", ".join(f"{key}: {_flow(value)}" for key, value in step[action].items())
        lines.append(f"    - {action}: {{{target}}}")
        lines += [f"      {key}: {_block(step[key])}" for key in ("chapter", "caption") if key in step]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _flow(text: str) -> str:
    """A value inside ``{...}``: plain when nothing in it means something to YAML."""
    plain = re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:,\[\]{}#]*", text) and not text.endswith(" ")
    return text if plain else _quoted(text)


def _block(text: str) -> str:
    """A value of a block mapping (a caption): plain unless it holds ``: `` or `` #``."""
    risky = ": " in text or " #" in text or text.endswith(":") or text[0] in "-?:,[]{}#&*!|>'\"%@`"
    return _quoted(text) if risky else text


def write_draft(p: Procedure, source: Path) -> bool:
    """Append the draft to the procedure's file when it has no walkthrough; True when written."""
    if p.walkthrough is not None or not can_file_online(p):
        return False
    text = source.read_text(encoding="utf-8")
    write_atomic(source, (text.rstrip("\n") + "\n\n" + draft_yaml(p)).encode("utf-8"))
    return True


def drafts(catalog, root: Path, wanted: list[str], *, write: bool) -> list[str]:
    """Drafts for the procedures named (slug or code), or for every online procedure without
    a walkthrough: their YAML, or with ``write`` the files written."""
    if wanted:
        chosen = [p for p in catalog.procedures.values() if p.slug in wanted or p.code in wanted]
    else:
        chosen = [p for p in catalog.procedures.values() if p.walkthrough is None and can_file_online(p)]
    if not chosen and not wanted:
        return ["Mọi thủ tục nộp trực tuyến đã có kịch bản video (walkthrough)."]
    missing = set(wanted) - {p.slug for p in chosen} - {p.code for p in chosen}
    if missing:
        raise UserError(f"không có thủ tục {', '.join(sorted(missing))}")
    lines = []
    for p in chosen:
        if not can_file_online(p):
            lines.append(f"# {p.code} {p.name}: không nộp trực tuyến, không cần kịch bản video")
        elif write:
            source = root / catalog.sources[p.slug]
            lines.append(f"Đã ghi kịch bản vào {catalog.sources[p.slug]}" if write_draft(p, source)
                         else f"{catalog.sources[p.slug]} đã có walkthrough, giữ nguyên")
        else:
            lines.append(f"# {catalog.sources[p.slug]}\n{draft_yaml(p)}")
    return lines
