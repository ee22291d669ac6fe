"""Where things are in a project, and its two configuration files. One object, passed to every stage."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .problems import UserError

CONFIG_FILE = "thutuc.toml"
#: Names reserved for examples and tests (RFC 2606, RFC 6761): no portal is published there.
_PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost", "example.com", "example.net", "example.org")


class BadConfig(UserError):
    """thutuc.toml or mkdocs.yml cannot be read."""


@dataclass(frozen=True)
class Settings:
    root: Path

    @classmethod
    def for_project(cls, root: Path) -> Settings:
        return cls(root.resolve())

    @property
    def procedures(self) -> Path:
        return self.root / "procedures"

    @property
    def docs(self) -> Path:
        """Hand-written pages; generated pages are added beside them in the staging folder."""
        return self.root / "docs"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def media(self) -> Path:
        """Generated media (PDFs, videos): a cache kept between builds, copied into the site."""
        return self.root / "media"

    @property
    def site_url(self) -> str:
        """The public address of the portal (``site_url`` in mkdocs.yml), for QR codes and links
        in PDFs and videos; ends with ``/``. Empty when not configured."""
        url = mkdocs_config(self.mkdocs_yml).get("site_url") or ""
        if not isinstance(url, str):
            raise BadConfig(f"{self.mkdocs_yml.name}: site_url phải là một địa chỉ, ví dụ https://ten-mien/")
        return url if not url or url.endswith("/") else url + "/"

    @property
    def site_url_is_placeholder(self) -> bool:
        """``site_url`` is still an example address (``thutuc.hanoi.example``): QR codes and
        links printed now would lead nowhere."""
        host = (urlsplit(self.site_url).hostname or "").lower()
        return bool(host) and (host in {"example", "localhost"} or host.endswith(_PLACEHOLDER_SUFFIXES))

    @property
    def config(self) -> dict:
        """``thutuc.toml`` at the project root (empty when there is none)."""
        return project_config(self.root)

    @property
    def portal_url(self) -> str | None:
        """The portal the videos are recorded on (``[video] portal`` in thutuc.toml);
        None means the bundled practice portal. Never holds credentials."""
        url = config_table(self.config, "video").get("portal") or None
        if url is not None and not isinstance(url, str):
            raise BadConfig(f"{CONFIG_FILE}: [video].portal phải là một chuỗi, ví dụ \"https://ten-mien/\"")
        return url

    @property
    def site_engine(self) -> str:
        """The program that builds the site from the staging docs (``[site] engine`` in thutuc.toml):
        ``mkdocs`` unless the project chooses ``properdocs`` (see generators/engine.py)."""
        table = config_table(self.config, "site")
        for key in table:
            if key != "engine":
                raise BadConfig(f"{CONFIG_FILE}: [site].{key}: không có thiết lập này (các thiết lập: engine)")
        name = table.get("engine", "mkdocs")
        if not isinstance(name, str):
            raise BadConfig(f"{CONFIG_FILE}: [site].engine phải là một chuỗi, ví dụ \"mkdocs\"")
        return name

    @property
    def work(self) -> Path:
        """Staging and cache folder: ignored by git, safe to delete at any time."""
        return self.root / ".thutuc"


# --------------------------------------------------------------------------------------
# The configuration files: one reader each
# --------------------------------------------------------------------------------------


def project_config(root: Path) -> dict:
    """``<root>/thutuc.toml`` as a table; every way it can be wrong is one clear line."""
    path = root / CONFIG_FILE
    if not path.exists():
        return {}
    try:
        text = path.read_bytes().decode("utf-8")
        return tomllib.loads(text)
    except IsADirectoryError:
        raise BadConfig(f"{CONFIG_FILE} là một thư mục; xóa nó hoặc thay bằng tệp cấu hình") from None
    except UnicodeDecodeError as exc:
        raise BadConfig(f"{CONFIG_FILE}: không phải văn bản UTF-8 (byte thứ {exc.start + 1}); "
                        "lưu lại tệp với bảng mã UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadConfig(f"{CONFIG_FILE}: sai cú pháp TOML: {exc}; sửa dòng đó "
                        "(mẫu: [video] rồi dòng timeout_seconds = 10)") from None


def config_table(config: dict, name: str) -> dict:
    """The ``[name]`` table of thutuc.toml (empty when absent)."""
    table = config.get(name, {})
    if not isinstance(table, dict):
        raise BadConfig(f"{CONFIG_FILE}: {name} phải là một bảng: viết [{name}] trên một dòng "
                        "rồi các thiết lập ở các dòng sau")
    return table


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: MkDocs' own tags (``!!python/name:…``, ``!ENV``) become
    plain values instead of errors, and no tag ever runs code."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)
_TolerantLoader.add_multi_constructor("!", _any_tag)


def mkdocs_config(path: Path) -> dict:
    """mkdocs.yml as data (empty when there is none)."""
    if not path.is_file():
        return {}
    stat = path.stat()
    return _read_mkdocs(path, stat.st_mtime_ns, stat.st_size, stat.st_ino)


@lru_cache(maxsize=8)
def _read_mkdocs(path: Path, mtime: int, size: int, inode: int) -> dict:
    """Read once per version of the file (the PDFs ask for site_url once per handbook)."""
    try:
        data = yaml.load(path.read_bytes().decode("utf-8"), Loader=_TolerantLoader)  # noqa: S506 (safe loader)
    except UnicodeDecodeError:
        raise BadConfig(f"{path.name}: không phải văn bản UTF-8; lưu lại tệp với bảng mã UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise BadConfig(f"{path.name}{where}: sai cú pháp YAML ({getattr(exc, 'problem', exc)})") from None
    return data if isinstance(data, dict) else {}
