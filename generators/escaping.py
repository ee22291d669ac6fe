"""Where text from YAML enters a generated page: it always leaves as inert text.

Autoescaping makes text safe for HTML, but the site's pages are Markdown first: a name such
as ``Đăng ký [x](javascript:…)`` would become a live link in the ``<h1>``, and
``Đăng ký {: onclick=… }`` an attribute (attr_list). So every value a template prints is
HTML-escaped *and* its Markdown punctuation is written as numeric character references,
which read the same in HTML and mean nothing to Markdown. The same output is safe inside
an HTML block, an attribute, a Markdown heading or a ``<title>``.

This runs as the templates' ``finalize``: one place, nothing for a template author to
remember. Values the code builds as markup (``Markup``, ``tojson``, macro output) pass
unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

#: Characters with a meaning in Python-Markdown or in the extensions mkdocs.yml enables
#: (emphasis, code, links and images, attr_list, tables, headings, backslash escapes).
MARKDOWN_PUNCTUATION = "\\`*_{}[]()!|#"
#: One pass over the text: HTML's own characters and Markdown's, each to its reference.
_REFERENCES = {ord(c): f"&#{ord(c)};" for c in MARKDOWN_PUNCTUATION + "&<>\"'"}


def inert_text(value: Any) -> Markup:
    """Text as HTML that Markdown leaves alone: ``a [b]`` -> ``a &#91;b&#93;``."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return Markup(value.__html__())
    text = str(value)
    # Most texts hold few of these characters: finding them is cheaper than mapping every
    # character (str.translate with a dict goes through each one in Python objects).
    return Markup(_SPECIAL.sub(_reference, text) if _SPECIAL.search(text) else text)


_SPECIAL = re.compile("[" + re.escape(MARKDOWN_PUNCTUATION + "&<>\"'") + "]")


def _reference(match: re.Match) -> str:
    return _REFERENCES[ord(match.group())]


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` for page templates: every printed value goes through here."""
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return inert_text(value)
