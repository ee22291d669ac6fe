"""Where things are in a project. One object, passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

#: Names reserved for examples and tests (RFC 2606, RFC 6761): no portal is published there.
_PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost", "example.com", "example.net", "example.org")


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
        import re

        text = self.mkdocs_yml.read_text(encoding="utf-8") if self.mkdocs_yml.is_file() else ""
        match = re.search(r"^site_url:\s*[\"']?([^\"'\s#]*)", text, flags=re.M)
        url = match.group(1) if match else ""
        return url if not url or url.endswith("/") else url + "/"

    @property
    def site_url_is_placeholder(self) -> bool:
        """``site_url`` is still an example address (``thutuc.hanoi.example``): QR codes and
        links printed now would lead nowhere."""
        host = (urlsplit(self.site_url).hostname or "").lower()
        return bool(host) and (host in {"example", "localhost"} or host.endswith(_PLACEHOLDER_SUFFIXES))

    @property
    def portal_url(self) -> str | None:
        """The portal the videos are recorded on (``[video] portal`` in thutuc.toml);
        None means the bundled practice portal. Never holds credentials."""
        import tomllib

        config = self.root / "thutuc.toml"
        if not config.is_file():
            return None
        return tomllib.loads(config.read_text(encoding="utf-8")).get("video", {}).get("portal") or None

    @property
    def work(self) -> Path:
        """Staging and cache folder: ignored by git, safe to delete at any time."""
        return self.root / ".thutuc"
