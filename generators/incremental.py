"""Incremental site builds: MkDocs renders only the pages whose inputs changed.

A page's HTML is a function of (1) its own Markdown, (2) what every page shares (mkdocs.yml,
the theme and its overrides, the installed engine and plugins, this package's code, the set
of files, which decides how links resolve), and (3) the navigation as the theme prints it on
every page (titles, addresses and order of the menu, the menu pages' metadata). So:

- (2) changed, or there is no earlier output: a cold build;
- otherwise MkDocs runs in its "dirty" mode, told which files changed *by content* (never by
  date); each page it does not render gets back, from the manifest, what other pages need
  from it: its title, its anchors and the links it makes to anchors (so MkDocs still checks
  every link to an anchor, as a cold build does);
- once the changed pages are read, (3) is compared: if the menu differs (a procedure added,
  removed or renamed where the menu shows it), every page is rendered.

The last output stays in the work folder. A build starts from a copy of it made of hard links,
and every write replaces a file instead of writing into it, so a file of the published site
(which shares those inodes) never changes in place. Files the build neither wrote nor kept are
removed: the result is the tree a cold build writes (tests compare them byte for byte).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .cache import digest, installed_packages, package_digest, tree_digest
from .outputs import make_dirs, write_atomic

#: Bump when what the manifest records, or how it is used, changes.
FORMAT = 1
MANIFEST = "manifest.json"


# --------------------------------------------------------------------------------------
# What every page shares
# --------------------------------------------------------------------------------------


def shared_key(config_file: Path, overrides: Path | None, doc_files: list[str], engine: str) -> str:
    """Digest of (2): a change here makes the next build a cold one."""
    return digest(FORMAT, engine, config_file, tree_digest(overrides) if overrides else "", package_digest(),
                  installed_packages(), sorted(doc_files))


def nav_signature(nav) -> str:
    """Digest of (3): the menu as every page prints it."""

    def item(node) -> list:
        if getattr(node, "is_section", False):
            return ["s", node.title, [item(c) for c in node.children]]
        if getattr(node, "is_page", False):
            return ["p", node.title, node.url, node.meta]
        return ["l", node.title, node.url]

    text = json.dumps([item(n) for n in nav.items], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------------------
# The manifest of the last output
# --------------------------------------------------------------------------------------


@dataclass
class PageState:
    """What other pages need from a page that is not rendered again."""

    source: str
    title: str | None = None
    anchors: list[str] | None = None
    #: Links to anchors this page makes: target file -> {anchor: link as written}.
    links: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Manifest:
    shared: str = ""
    nav: str = ""
    pages: dict[str, PageState] = field(default_factory=dict)
    #: Other files MkDocs copies (assets), by content digest.
    static: dict[str, str] = field(default_factory=dict)
    #: Every output file: [size, modification time in ns]. The published site shares these
    #: files (hard links): one edited there is rendered again, never published as it is.
    outputs: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        """The manifest, or None when missing or damaged (then the build is a cold one)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                return None
            return cls(raw["shared"], raw["nav"], {k: PageState(**v) for k, v in raw["pages"].items()},
                       dict(raw["static"]), dict(raw["outputs"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, path: Path) -> None:
        raw = {"format": FORMAT, "shared": self.shared, "nav": self.nav,
               "pages": {k: vars(v) for k, v in sorted(self.pages.items())},
               "static": dict(sorted(self.static.items())), "outputs": self.outputs}
        write_atomic(path, json.dumps(raw, ensure_ascii=False).encode("utf-8"))


def _make(folder: Path) -> Path:
    make_dirs(folder)
    return folder


def _same_file(path: str, recorded: list[int] | None) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return recorded == [stat.st_size, stat.st_mtime_ns]


def output_files(site: Path) -> dict[str, list[int]]:
    """Every file under ``site``: [size, modification time in ns], by path."""
    found = {}
    for folder, _dirs, files in os.walk(site):
        for name in files:
            stat = os.stat(os.path.join(folder, name))
            found[Path(folder, name).relative_to(site).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return found


def file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --------------------------------------------------------------------------------------
# Copies that share files, writes that never go through a shared file
# --------------------------------------------------------------------------------------


def clone_tree(source: Path, target: Path) -> None:
    """``target`` as a copy of ``source`` made of hard links (copies across file systems).
    Plain strings, not Path objects: a large site has thousands of files."""
    make_dirs(target)
    root, top = str(source), str(target)
    for folder, dirs, files in os.walk(root):
        here = top + folder[len(root):]
        for name in dirs:
            os.mkdir(os.path.join(here, name), 0o755)
        for name in files:
            src, dest = os.path.join(folder, name), os.path.join(here, name)
            try:
                os.link(src, dest)
            except OSError:
                shutil.copy2(src, dest)


class ReplacingWrites:
    """MkDocs' file writers, replaced for one build by writers that put a new file in place
    (so a hard-linked file is replaced, not changed) and remember what they wrote."""

    def __init__(self, utils_module):
        self.utils = utils_module
        self.written: set[str] = set()

    def write_file(self, content: bytes, output_path: str) -> None:
        write_atomic(Path(output_path), content)
        self.written.add(os.path.abspath(output_path))

    def copy_file(self, source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        with open(source_path, "rb") as handle:
            write_atomic(Path(output_path), handle.read())
        self.written.add(os.path.abspath(output_path))

    def __enter__(self) -> ReplacingWrites:
        self.saved = self.utils.write_file, self.utils.copy_file
        self.utils.write_file, self.utils.copy_file = self.write_file, self.copy_file
        return self

    def __exit__(self, *exc) -> None:
        self.utils.write_file, self.utils.copy_file = self.saved


def remove_others(site: Path, keep: set[str]) -> int:
    """Remove the files of ``site`` not in ``keep`` (absolute paths) and the folders left empty."""
    removed = 0
    for folder, _dirs, files in os.walk(site, topdown=False):
        for name in files:
            path = os.path.join(folder, name)
            if path not in keep:
                os.unlink(path)
                removed += 1
        if folder != str(site) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


# --------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """How the site was built: ``cold``, ``incremental``, or ``menu`` (every page rendered
    because the menu changed); the pages rendered and kept, the files removed."""

    mode: str
    rendered: int
    kept: int
    removed: int

    def describe(self) -> str:
        if self.mode == "cold":
            return f"dựng toàn bộ {self.rendered} trang"
        why = "menu đã đổi, dựng lại mọi trang" if self.mode == "menu" else "chỉ dựng trang đã đổi"
        return f"{why}: {self.rendered} trang dựng lại, {self.kept} trang dùng lại"


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may show stale menus; here the menu is compared."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in str(record.msg)


class _Tracker:
    """Plugin events of one build: which files changed, what unchanged pages give back."""

    def __init__(self, engine_build, manifest: Manifest | None, cache: Path):
        self.engine_build = engine_build
        self.cache = cache
        self.manifest = manifest
        self.full = manifest is None
        self.mode = "cold" if manifest is None else "incremental"
        self.changed: dict[str, bool] = {}
        self.digests: dict[str, str] = {}
        self.files = None
        self.nav = None
        self.nav_key = ""

    def modified(self, uri: str) -> bool:
        return self.full or self.changed[uri]

    def on_files(self, files, config):
        self.files = files
        old = self.manifest or Manifest()
        for file in files:
            if file.abs_src_path is None:
                # Made by a plugin, always written, by MkDocs itself: unlinked first, so the
                # write makes a new file instead of going through the published one.
                if os.path.lexists(file.abs_dest_path):
                    os.unlink(file.abs_dest_path)
                continue
            uri = file.src_uri
            self.digests[uri] = digest = file_digest(file.abs_src_path)
            before = old.pages.get(uri).source if file.is_documentation_page() and uri in old.pages \
                else old.static.get(uri)
            self.changed[uri] = before != digest or not _same_file(file.abs_dest_path, old.outputs.get(file.dest_uri))
            file.is_modified = lambda uri=uri: self.modified(uri)
        return files

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        """After MkDocs read the changed pages: give the others what they showed last time,
        then render everything if the menu is not the same."""
        unread = [f.page for f in files.documentation_pages() if f.page is not None and f.page.markdown is None]
        if self.manifest is not None:
            in_menu = {id(page) for page in self.nav.pages}
            for page in unread:
                self._restore(page, config, files, id(page) in in_menu)
        # The theme's templates, compiled once and kept (as Python keeps its own bytecode):
        # with few pages to render, compiling them is most of the engine's time.
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_make(self.cache / "jinja")))
        self.nav_key = nav_signature(self.nav)
        if self.manifest is not None and self.nav_key != self.manifest.nav:
            self.full, self.mode = True, "menu"
            for page in unread:
                self.engine_build._populate_page(page, config, files, False)
        return env

    def _restore(self, page, config, files, in_menu: bool) -> None:
        state = self.manifest.pages[page.file.src_uri]
        if in_menu:
            page.read_source(config)  # metadata, which the menu may show
        page._title_from_render = state.title
        page.present_anchor_ids = None if state.anchors is None else set(state.anchors)
        page.links_to_anchors = {target: links for uri, links in state.links.items()
                                 if (target := files.get_file_from_path(uri)) is not None}

    def kept_outputs(self) -> set[str]:
        """Outputs this build did not write but must keep: unchanged pages and assets, and files
        plugins generate (MkDocs writes those itself, not through the replaced writers)."""
        return {os.path.abspath(f.abs_dest_path) for f in self.files
                if f.inclusion.is_included() and (f.abs_src_path is None or not self.modified(f.src_uri))}

    def manifest_after(self, shared: str) -> Manifest:
        result = Manifest(shared=shared, nav=self.nav_key)
        for file in self.files:
            if file.abs_src_path is None:
                continue
            if not file.is_documentation_page():
                result.static[file.src_uri] = self.digests[file.src_uri]
            elif file.page is not None:
                page = file.page
                result.pages[file.src_uri] = PageState(
                    source=self.digests[file.src_uri], title=page._title_from_render,
                    anchors=None if page.present_anchor_ids is None else sorted(page.present_anchor_ids),
                    links={target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()})
        return result

    def counts(self, removed: int) -> Outcome:
        pages = [f for f in self.files if f.is_documentation_page() and f.abs_src_path is not None]
        rendered = sum(1 for f in pages if self.modified(f.src_uri))
        return Outcome(self.mode, rendered, len(pages) - rendered, removed)


def build(config, site_dir: Path, cache: Path, engine: str = "mkdocs") -> Outcome:
    """Build ``config`` into ``site_dir`` (emptied first), reusing ``cache``'s last output
    where its inputs are the same, then make this output the cache."""
    import importlib

    engine_build = importlib.import_module(f"{engine}.commands.build")
    utils = importlib.import_module(f"{engine}.utils")
    docs_dir = Path(config["docs_dir"])
    doc_files = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()]
    overrides = getattr(config["theme"], "custom_dir", None)
    shared = shared_key(Path(config.config_file_path), Path(overrides) if overrides else None, doc_files, engine)

    manifest = Manifest.read(cache / MANIFEST)
    last = cache / "site"
    if manifest is not None and (manifest.shared != shared or not last.is_dir()):
        manifest = None
    if site_dir.exists():
        shutil.rmtree(site_dir)
    if manifest is not None:
        clone_tree(last, site_dir)
    else:
        make_dirs(site_dir)

    tracker = _Tracker(engine_build, manifest, cache)
    config.plugins["thutuc-incremental"] = tracker
    dirty_filter = _DropDirtyWarning()
    build_log = logging.getLogger(f"{engine}.commands.build")
    build_log.addFilter(dirty_filter)
    try:
        with ReplacingWrites(utils) as writes:
            engine_build.build(config, dirty=manifest is not None)
    finally:
        build_log.removeFilter(dirty_filter)
    removed = remove_others(site_dir, writes.written | tracker.kept_outputs())
    manifest = tracker.manifest_after(shared)
    manifest.outputs = output_files(site_dir)
    _remember(site_dir, cache, manifest)
    return tracker.counts(removed)


def _remember(site_dir: Path, cache: Path, manifest: Manifest) -> None:
    """This output becomes the cache. The manifest goes first and comes back last: a build
    stopped in between finds no manifest and builds cold, never trusts a mismatched pair."""
    (cache / MANIFEST).unlink(missing_ok=True)
    fresh, last = cache / "site.new", cache / "site"
    for stale in (fresh, cache / "site.old"):
        if stale.exists():
            shutil.rmtree(stale)
    clone_tree(site_dir, fresh)
    if last.exists():
        last.rename(cache / "site.old")
    fresh.rename(last)
    shutil.rmtree(cache / "site.old", ignore_errors=True)
    manifest.write(cache / MANIFEST)
