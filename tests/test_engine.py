"""The site engine (``[site] engine`` in thutuc.toml): ProperDocs builds the same site as MkDocs.

ProperDocs runs in its own process: it takes over the name ``mkdocs`` for the theme and plugins,
and this test process has already built the sample site with MkDocs.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generators.cli import main
from generators.engine import EngineUnavailable, load_engine
from generators.settings import BadConfig, Settings

#: The one line that names the program that made a page.
GENERATOR = re.compile(rb'^\s*<meta name="generator" content="([^"]*)">\n', re.M)
#: The build date of each page in the sitemap.
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def use_engine(root: Path, engine: str) -> None:
    (root / "thutuc.toml").write_text(f'[site]\nengine = "{engine}"\n', encoding="utf-8")


def thutuc(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The command in a new process, importing this checkout's package."""
    return subprocess.run([sys.executable, "-m", "generators.cli", "--project", str(root), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=600)


def comparable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return LASTMOD.sub(b"", GENERATOR.sub(b"", data))


def test_properdocs_builds_the_sample_site_that_mkdocs_builds(sample_site: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "properdocs")
    use_engine(root, "properdocs")
    result = thutuc(root, "build", "--only", "site")
    assert result.returncode == 0, result.stderr
    site = root / "site"

    def files(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"build-report.json"}

    assert files(site) == files(sample_site)
    pages = sorted(name for name in files(site) if name.endswith(".html"))
    assert len(pages) > 100
    # Each page says which program made it; apart from that line (and the sitemap's dates),
    # every page, asset and search index is byte for byte the one MkDocs made.
    for name in pages:
        made_by = GENERATOR.search((site / name).read_bytes())
        if made_by:
            assert b"ProperDocs 1.6.7" in made_by[1], name
            assert b"mkdocs-1.6.1" in GENERATOR.search((sample_site / name).read_bytes())[1], name
    assert GENERATOR.search((site / "thu-tuc" / "ho-tich" / "dang-ky-khai-sinh.html").read_bytes())
    different = [name for name in sorted(files(site)) if comparable(site / name) != comparable(sample_site / name)]
    assert different == []


def test_properdocs_fails_on_a_plugin_warning_as_mkdocs_does(tmp_path: Path) -> None:
    """Plugins log on the old ``mkdocs.*`` names (here mkdocstrings' griffe): in strict mode their
    warnings must stop the build under ProperDocs too, not vanish."""
    root = copy_project(tmp_path / "project")
    (root / "tai_lieu_thu.py").write_text('def f(a):\n    """Thử.\n\n    Args:\n        b: không có.\n    """\n',
                                          encoding="utf-8")
    (root / "docs" / "bao-tri" / "thu.md").write_text("# Thử\n\n::: tai_lieu_thu.f\n", encoding="utf-8")
    for engine, label in (("mkdocs", "MkDocs"), ("properdocs", "ProperDocs")):
        use_engine(root, engine)
        result = thutuc(root, "build", "--only", "site")
        assert result.returncode == 1, (engine, result.stdout)
        assert f"SiteBuildFailed: {label} không dựng được trang:" in result.stderr
        assert "Parameter 'b' does not appear in the function signature" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("toml", "message"), [
    ('[site]\nengine = "zensical"\n',
     'thutuc.toml: [site].engine = "zensical" không có; chọn một trong: mkdocs, properdocs'),
    ("[site]\nengine = 2\n", 'thutuc.toml: [site].engine phải là một chuỗi, ví dụ "mkdocs"'),
    ('[site]\nengin = "properdocs"\n', "thutuc.toml: [site].engin: không có thiết lập này (các thiết lập: engine)"),
])
def test_a_wrong_engine_setting_is_one_line(tmp_path: Path, capsys, toml: str, message: str) -> None:
    root = copy_project(tmp_path / "project")
    (root / "thutuc.toml").write_text(toml, encoding="utf-8")
    assert main(["--project", str(root), "build", "--only", "site"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1].endswith(message), err
    assert "Traceback" not in err
    assert not (root / "site").exists()


def test_an_engine_that_is_not_installed_names_the_setting_and_the_install_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    root = copy_project(tmp_path / "project")
    use_engine(root, "properdocs")
    monkeypatch.setitem(sys.modules, "properdocs", None)  # as if it were not installed
    assert main(["--project", str(root), "build", "--only", "site"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == ('EngineUnavailable: thutuc.toml: [site].engine = "properdocs" nhưng ProperDocs '
                                    "chưa được cài: chạy pip install properdocs"), err
    assert not (root / "site").exists()


def test_one_process_runs_one_engine(tmp_path: Path) -> None:
    import mkdocs.commands.build  # noqa: F401  (the MkDocs builds of this session load it anyway)

    root = tmp_path / "project"
    root.mkdir()
    use_engine(root, "properdocs")
    with pytest.raises(EngineUnavailable, match="ProperDocs không chạy được trong tiến trình đã nạp MkDocs"):
        load_engine(Settings.for_project(root))
    assert sys.modules["mkdocs"].__name__ == "mkdocs", "the MkDocs of this process is left alone"


def test_mkdocs_is_the_default(tmp_path: Path) -> None:
    assert Settings.for_project(tmp_path).site_engine == "mkdocs"
    (tmp_path / "thutuc.toml").write_text("[video]\nfps = 25\n", encoding="utf-8")
    assert load_engine(Settings.for_project(tmp_path)).label == "MkDocs"
    (tmp_path / "thutuc.toml").write_text("site = 1\n", encoding="utf-8")
    with pytest.raises(BadConfig):
        Settings.for_project(tmp_path).site_engine  # noqa: B018
