"""`thutuc new`: a new procedure file that already validates, for the maintainer to fill in."""

from __future__ import annotations

import json
import re

from jinja2 import Environment, PackageLoader, StrictUndefined

from .load import load_catalog
from .model import CODE_PATTERN
from .problems import UserError
from .settings import Settings
from .text import slugify


class CannotScaffold(UserError):
    """The new procedure cannot be created as asked."""


def new_procedure(settings: Settings, domain: str, name: str, code: str | None = None):
    catalog = load_catalog(settings.procedures, settings.root)
    if domain not in catalog.domains:
        raise CannotScaffold(f"không có lĩnh vực '{domain}' trong procedures/_catalog/domains.yaml "
                             f"(có: {', '.join(catalog.domains)})")
    slug = slugify(name)
    if not slug:
        raise CannotScaffold(f"tên '{name}' không tạo được tên tệp; hãy đặt tên có chữ")
    target = settings.procedures / domain / f"{slug}.yaml"
    if target.exists() or slug in catalog.procedures:
        raise CannotScaffold(f"đã có thủ tục với đường dẫn '{slug}': {catalog.sources.get(slug, target)}")
    codes = {p.code for p in catalog.procedures.values()}
    if code is None:
        # A placeholder that is valid but obviously not a real code.
        code = next(f"0.{n:06d}" for n in range(1, 1_000_000) if f"0.{n:06d}" not in codes)
    elif not re.fullmatch(CODE_PATTERN, code):
        raise CannotScaffold(f"mã '{code}' không đúng dạng N.NNNNNN, ví dụ 1.001193")
    elif code in codes:
        raise CannotScaffold(f"mã {code} đã có: {catalog.sources[catalog.by_code(code).slug]}")

    env = Environment(loader=PackageLoader("generators", "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True)
    # JSON strings are valid YAML strings; keep Vietnamese letters readable.
    env.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)
    text = env.get_template("new-procedure.yaml.j2").render(
        code=code, name=name, domain=domain,
        agency=next(iter(catalog.agencies)), legal=next(iter(catalog.legal)),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    # The scaffold must validate as written; if it does not, take it back.
    try:
        load_catalog(settings.procedures, settings.root)
    except UserError:
        target.unlink()
        raise
    return target.relative_to(settings.root)
