"""Vietnamese text helpers shared by the stages."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, without diacritics, with đ/Đ as d: what clerks type on a phone.

    ``fold("Đăng ký khai sinh") == "dang ky khai sinh"``.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.lower()).strip()


def slugify(text: str) -> str:
    """An ASCII path segment from a Vietnamese name: ``Đăng ký khai sinh`` -> ``dang-ky-khai-sinh``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def search_key(text: str) -> str:
    """:func:`fold`, keeping only letters, digits and dots (codes stay whole).

    Must match ``fold`` in ``docs/assets/javascripts/tim-kiem.js``.
    """
    return re.sub(r"[^a-z0-9.]+", " ", fold(text)).strip()
