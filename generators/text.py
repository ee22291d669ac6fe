"""Vietnamese text helpers shared by the stages."""

from __future__ import annotations

import functools
import re
import unicodedata


# Both are pure and called on the same names and sentences by several stages (search index,
# practice portal, pages), and again on every rebuild of `thutuc serve`: remembered.
@functools.lru_cache(maxsize=1 << 17)
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


#: ``y`` ending a syllable after a consonant is also written ``i`` (ký/kí, lý/lí, mỹ/mĩ, sỹ/sĩ):
#: search keys spell it ``i`` so both spellings meet. After a vowel (tay, quy, thủy) it stays.
_FINAL_Y = re.compile(r"(?<=[bcdghklmnpqrstvx])y\b")


@functools.lru_cache(maxsize=1 << 17)
def search_key(text: str) -> str:
    """:func:`fold`, keeping only letters, digits and dots (codes stay whole), with one
    spelling for the ``y``/``i`` variants: ``search_key("Đăng ký") == "dang ki"``.

    The browser folds queries the same way: ``fold`` in ``docs/assets/javascripts/tim-kiem.js``
    and ``sandbox/js/00-nen.js``; ``tests/test_fold.py`` checks all three on one table.
    """
    return _FINAL_Y.sub("i", re.sub(r"[^a-z0-9.]+", " ", fold(text)).strip())
