"""End to end, as a maintainer would check a release (opt-in: --run-slow).

bundle -> bundled `gradplot --version / eval / --screenshot` offscreen -> the engine's
notebook cases through the bundled `gradplot eval` -> .deb -> `dpkg -i` -> installed
`gradplot --screenshot` -> `dpkg -r` leaves nothing behind.  Sizes are asserted against
the release budget; timings are only printed (packaging/build.py verify writes them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gradplot import __version__

pytestmark = pytest.mark.slow

BUNDLE_BUDGET = 600 * 1024 * 1024  # bytes unpacked
DEB_BUDGET = 170 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _build(build_module: ModuleType, *commands: str) -> None:
    script = build_module.PACKAGING / "build.py"
    subprocess.run([sys.executable, str(script), *commands], check=True, cwd=build_module.ROOT)


def _offscreen() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _screenshot(exe: str | Path, out: Path) -> None:
    done = subprocess.run(
        [str(exe), "--screenshot", str(out)],
        env=_offscreen(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert out.stat().st_size > 5_000


@pytest.fixture(scope="module")
def bundle(build_module: ModuleType) -> Path:
    _build(build_module, "bundle")
    exe = build_module.bundled_exe(cli=True)
    assert exe.exists()
    return Path(exe)


def test_bundle_fits_the_budget(build_module: ModuleType, bundle: Path) -> None:
    size = build_module.tree_size(build_module.bundle_dir())
    print(f"bundle: {size / 2**20:.0f} MiB ({size / 1e6:.0f} MB)")
    assert size <= BUNDLE_BUDGET


def test_bundled_app_runs_offscreen(bundle: Path, tmp_path: Path) -> None:
    shown = subprocess.run(
        [str(bundle), "--version"], env=_offscreen(), capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0 and __version__ in shown.stdout

    done = subprocess.run(
        [str(bundle), "eval", "sin(x)", "--x", "0", "1.5707963"],
        env=_offscreen(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = [line.split(",") for line in done.stdout.split()]
    assert rows[0][:3] == ["x", "f", "df"]
    assert float(rows[1][1]) == pytest.approx(0.0, abs=1e-6)
    assert float(rows[1][2]) == pytest.approx(1.0, abs=1e-6)
    assert float(rows[2][1]) == pytest.approx(1.0, abs=1e-6)

    _screenshot(bundle, tmp_path / "bundled.png")


def test_notebook_cases_answer_as_from_source(build_module: ModuleType, bundle: Path) -> None:
    # verify compares every notebook case with the source tree's answer (exit, stdout, stderr)
    _build(build_module, "verify", "--timing-runs", "1")


@pytest.fixture(scope="module")
def deb(build_module: ModuleType, bundle: Path) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb not found: apt-get install dpkg-dev")
    _build(build_module, "tarball", "deb", "--no-lintian")  # lintian: build.py deb, CI
    found = sorted(build_module.DIST.glob(f"gradplot_{__version__}_*.deb"))
    assert found
    return Path(found[-1])


def test_deb_and_tarball_fit_the_budget(build_module: ModuleType, deb: Path) -> None:
    print(f"deb: {deb.stat().st_size / 2**20:.0f} MiB")
    assert deb.stat().st_size <= DEB_BUDGET
    tarballs = list(build_module.DIST.glob(f"gradplot-{__version__}-linux-*.tar.gz"))
    assert tarballs


def test_deb_installs_runs_and_removes_cleanly(deb: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("dpkg") is None:
        pytest.skip("installing a .deb needs root and dpkg")
    if subprocess.run(["dpkg", "-s", "gradplot"], capture_output=True).returncode == 0:
        subprocess.run(["dpkg", "-r", "gradplot"], check=True)

    listed = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True, check=True
    ).stdout
    members = subprocess.run(
        ["tar", "-t"], input=listed, capture_output=True, check=True
    ).stdout.decode()
    paths = [Path("/" + m.removeprefix("./").rstrip("/")) for m in members.split()]
    existed_before = {p for p in paths if os.path.lexists(p)}

    subprocess.run(["dpkg", "-i", str(deb)], check=True)
    try:
        assert shutil.which("gradplot") == "/usr/bin/gradplot"
        assert Path("/opt/gradplot/gradplot").exists()
        assert Path("/usr/share/applications/org.gradplot.gradplot.desktop").exists()
        assert Path("/usr/share/icons/hicolor/256x256/apps/org.gradplot.gradplot.png").exists()
        assert Path("/usr/share/metainfo/org.gradplot.gradplot.metainfo.xml").exists()
        _screenshot("/usr/bin/gradplot", tmp_path / "installed.png")
        missing = subprocess.run(
            ["ldd", "/opt/gradplot/_internal/PySide6/Qt/plugins/platforms/libqxcb.so"],
            capture_output=True,
            text=True,
        ).stdout
        assert "not found" not in missing, missing
    finally:
        subprocess.run(["dpkg", "-r", "gradplot"], check=True)

    left = sorted(str(p) for p in paths if p not in existed_before and os.path.lexists(p))
    assert not left, f"dpkg -r left {left[:20]}"
    status = subprocess.run(["dpkg", "-s", "gradplot"], capture_output=True, text=True)
    assert status.returncode != 0 or "config-files" not in status.stdout
