"""The package as a user installs it: a wheel, installed (not editable) into a fresh venv, builds
a copy of the project; a project's own resources win over the package's."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_project
from generators.build import build
from generators.settings import Settings


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kwargs)


def test_a_wheel_installed_in_a_fresh_venv_builds_a_project(tmp_path: Path):
    # Built from a copy of the sources, so the checkout gets no build/ folder.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "media", ".thutuc", "build", "*.egg-info", "__pycache__", ".*_cache"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp_path / "dist",
        source)
    [wheel] = (tmp_path / "dist").glob("thutuc-*.whl")

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # The dependencies come from this environment (no download); the package only from the wheel.
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "dependencies.pth").write_text("\n".join(p for p in sys.path if p.endswith("site-packages")) + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    installed = run(python, "-c", "import generators.cli; print(generators.cli.__file__)", cwd=tmp_path).stdout
    assert installed.startswith(str(site)), installed
    assert run(venv / "bin" / "thutuc", "--version").stdout.strip() == "thutuc 0.1.0"

    # A project without a practice portal of its own: the installed default is published.
    project = copy_project(tmp_path / "project")
    done = subprocess.run([venv / "bin" / "thutuc", "--project", project, "build", "--only", "site"],
                          cwd=tmp_path, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    sandbox = project / "site" / "sandbox"
    assert (sandbox / "index.html").read_bytes() == (REPO / "sandbox" / "index.html").read_bytes()
    assert (sandbox / "du-lieu.js").is_file() and list((sandbox / "fonts").glob("*.woff2"))
    scripts = re.findall(r'<script src="([^"]+)"', (sandbox / "index.html").read_text(encoding="utf-8"))
    assert len(scripts) > 10 and [s for s in scripts if not (sandbox / s).is_file()] == []
    assert (project / "site" / "thu-tuc" / "ho-tich" / "dang-ky-khai-sinh.html").is_file()


def test_the_project_s_own_practice_portal_is_published_not_the_package_s(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(REPO / "sandbox", project / "sandbox")
    index = project / "sandbox" / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", "<!-- cổng của dự án --></body>"),
                     encoding="utf-8")
    build(Settings.for_project(project), stages=("site",))
    assert "<!-- cổng của dự án -->" in (project / "site" / "sandbox" / "index.html").read_text(encoding="utf-8")
