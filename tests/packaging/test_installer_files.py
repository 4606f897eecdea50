"""Fast checks of the installer sources: no bundle is built here.

Each external validator is optional: without it the test is skipped and says what to install.
"""

from __future__ import annotations

import plistlib
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from gradplot import __version__

from .conftest import ROOT, load_packaging_module

LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.gradplot.gradplot"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_nsis_script_compiles_against_a_placeholder_payload(
    build_module: ModuleType, tmp_path: Path
) -> None:
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("makensis not found: apt-get install nsis (Windows: choco install nsis)")
    out = build_module.compile_nsis(makensis, placeholder=True, out_dir=tmp_path)
    data = out.read_bytes()
    assert data[:2] == b"MZ", "makensis did not write a Windows executable"
    assert b"Nullsoft" in data or len(data) > 50_000


def test_desktop_entry_validates() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate not found: apt-get install desktop-file-utils")
    done = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


def test_desktop_entry_names_the_icon_command_and_session_type() -> None:
    text = DESKTOP.read_text(encoding="utf-8")
    assert f"Icon={APP_ID}\n" in text
    assert re.search(r"^Exec=gradplot %f$", text, re.M)
    assert "MimeType=application/x-gradplot;" in text


def test_metainfo_validates() -> None:
    validator = shutil.which("appstreamcli")
    if validator is None:
        pytest.skip("appstreamcli not found: apt-get install appstream")
    done = subprocess.run(
        [validator, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_metainfo_lists_the_current_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    versions = [r.get("version") for r in root.iter("release")]
    assert versions and versions[0] == __version__, (
        f'add a <release version="{__version__}"> to {METAINFO.name} (newest first)'
    )
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == DESKTOP.name


def test_mime_type_declares_the_session_glob() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / "gradplot-mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-gradplot"
    glob = mime.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*.gradplot"
    from gradplot.io.schema import FILE_SUFFIX

    assert FILE_SUFFIX == ".gradplot"


def test_macos_entitlements_allow_torch_jit() -> None:
    with (ROOT / "packaging" / "macos" / "entitlements.plist").open("rb") as handle:
        entitlements = plistlib.load(handle)
    assert entitlements["com.apple.security.cs.allow-jit"] is True
    assert entitlements["com.apple.security.cs.allow-unsigned-executable-memory"] is True


def test_icons_are_generated_at_their_sizes() -> None:
    make_icons = load_packaging_module("make_icons")
    for size in make_icons.PNG_SIZES:
        assert _png_size(make_icons.png_path(size)) == (size, size)
    ico = (make_icons.ICON_DIR / "gradplot.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and struct.unpack("<H", ico[4:6])[0] == len(
        make_icons.ICO_SIZES
    )
    assert (make_icons.ICON_DIR / "gradplot.icns").read_bytes()[:4] == b"icns"
    svg = ET.parse(make_icons.SVG).getroot()
    assert svg.get("viewBox") == "0 0 256 256"


def test_trim_rules_keep_what_torch_needs() -> None:
    trim = load_packaging_module("trim")
    assert trim.is_dropped("torch/test/test_nn.py")
    assert trim.is_dropped("torch/bin/test_jit")
    assert trim.is_dropped("torch/bin/protoc")
    assert not trim.is_dropped("torch/bin/torch_shm_manager")
    assert trim.is_dropped("torch/lib/libtorchbind_test.so")
    assert not trim.is_dropped("torch/lib/libtorch_cpu.so")
    assert not trim.is_dropped("torch/lib/libgomp.so.1")
    assert trim.is_dropped("torch/_inductor/codegen/cpp.py")
    assert not trim.is_dropped("torch/jit/_script.py")
    assert not trim.is_dropped("torch/distributed/config.py")  # read by inspect at import
    assert not trim.is_dropped("torch/_dynamo/config.py")
    assert not trim.is_dropped("torchgen/packaged/ATen/native/native_functions.yaml")
    assert trim.is_dropped("PySide6/Qt/translations/qtdeclarative_de.qm")
    assert not trim.is_dropped("PySide6/Qt/translations/qtbase_de.qm")
    assert not trim.is_dropped("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not trim.is_dropped("PySide6/Qt/lib/libQt6OpenGL.so.6")
    assert trim.is_dropped("PySide6\\Qt6Quick.dll")
    assert "PySide6.QtOpenGL" in trim.HIDDEN_IMPORTS  # pyqtgraph imports it by name
    assert "PySide6.QtOpenGL" not in trim.EXCLUDED_MODULES


def test_trim_rules_keep_psutil() -> None:
    """The engine's memory watchdog (Windows, macOS) needs psutil in the bundle.

    PyInstaller's own hook (pyinstaller-hooks-contrib) collects it with its platform's
    module; nothing excluded here may be psutil or a module it imports.
    """
    trim = load_packaging_module("trim")
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, psutil; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert "psutil" in loaded
    excluded = set(trim.EXCLUDED_MODULES)
    assert not excluded & set(loaded), excluded & set(loaded)
    assert not any(name.split(".")[0] == "psutil" for name in excluded)
    for native in ("_psutil_linux.abi3.so", "_psutil_windows.pyd", "_psutil_osx.abi3.so"):
        assert not trim.is_dropped(f"psutil/{native}")


def test_trim_rules_keep_what_deep_paths_import(build_module: ModuleType) -> None:
    trim = load_packaging_module("trim")
    # a 4th derivative can import torch._dynamo (and sympy); the sliders import pygments
    for needed in ("sympy", "mpmath", "pygments", "superqt", "grandalf", "psygnal"):
        assert needed not in trim.EXCLUDED_MODULES, needed
    for never_imported in ("networkx", "jinja2", "sqlite3", "yaml", "filelock", "fsspec"):
        assert never_imported in trim.EXCLUDED_MODULES, never_imported
    assert trim.is_dropped("pyqtgraph/icons/peegee/peegee_512px@2x.png")
    assert not trim.is_dropped("pyqtgraph/icons/auto.png")
    # verify runs the bundled app on a case that reaches torch._dynamo
    assert any("--order" in case and "4" in case for case in build_module.DEEP_CASES)


def test_workflow_runs_the_same_build_commands(build_module: ModuleType) -> None:
    yaml = pytest.importorskip("yaml", reason="pyyaml not installed (pip install pyyaml)")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "installers.yml").read_text())
    job = workflow["jobs"]["build"]
    oses = {entry["os"] for entry in job["strategy"]["matrix"]["include"]}
    assert "ubuntu-22.04" in oses and any(o.startswith("windows") for o in oses)
    assert any(o.startswith("macos-1") for o in oses)  # macos-14+: arm64 runners
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "python packaging/build.py" in runs
    for entry in job["strategy"]["matrix"]["include"]:
        for command in entry["build"].split():
            assert command in build_module.COMMANDS, command
        assert "verify" in entry["build"].split()


def test_version_has_one_source(build_module: ModuleType) -> None:
    assert build_module.version() == __version__
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", build_module.version4())
