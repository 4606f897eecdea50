"""The tarball's README and per-user install script; build.py's missing-tool messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import load_packaging_module

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.gradplot.gradplot"

posix_sh = pytest.mark.skipif(shutil.which("sh") is None or sys.platform == "win32",
                              reason="needs a POSIX sh")


# --- build.py: the documented command, and a missing tool --------------------------------
def test_packaging_extra_brings_what_ruff_and_tests_need() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    packaging = " ".join(extras["packaging"])
    assert "ruff" in packaging
    assert f"{project['name']}[test]" in packaging  # pytest, pytest-qt, hypothesis
    assert any(r.startswith("pytest") for r in extras["test"])
    readme = (ROOT / "packaging" / "README.md").read_text("utf-8")
    assert 'pip install -e ".[packaging]"' in readme
    assert "build.py --ruff --tests all" in readme


def test_a_missing_tool_is_one_line(
    build_module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build_module.importlib.util.find_spec
    monkeypatch.setattr(build_module.importlib.util, "find_spec",
                        lambda name: None if name == "ruff" else real(name))
    with pytest.raises(SystemExit) as exc:
        build_module.checks(ruff=True, tests=False)
    message = str(exc.value.code)
    assert "--ruff needs ruff" in message and 'pip install -e ".[packaging]"' in message
    assert "\n" not in message


def test_a_failing_step_is_one_line_not_a_traceback(
    build_module: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails(_args: object) -> None:
        raise subprocess.CalledProcessError(3, ["dpkg-deb", "--build", "x"])

    def missing(_args: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", "makensis")

    monkeypatch.setitem(build_module.COMMANDS, "deb", fails)
    monkeypatch.setitem(build_module.COMMANDS, "nsis", missing)
    assert build_module.main(["deb"]) == 3
    err = capsys.readouterr().err
    assert err.strip() == "build: failed (exit status 3): dpkg-deb --build x"
    assert build_module.main(["nsis"]) == 1
    err = capsys.readouterr().err
    assert "makensis: not found" in err and "Traceback" not in err


# --- the tarball ---------------------------------------------------------------------------
def fake_bundle(dist: Path) -> Path:
    bundle = dist / "gradplot"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "gradplot"
    exe.write_text("#!/bin/sh\necho gradplot-fake \"$@\"\n", encoding="utf-8")
    exe.chmod(0o755)
    return bundle


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux tarball")
def test_tarball_holds_readme_and_install_script(
    build_module: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    fake_bundle(dist)
    monkeypatch.setattr(build_module, "DIST", dist)
    build_module.cmd_tarball(None)
    (archive,) = dist.glob("gradplot-*-linux-*.tar.gz")
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
        top = archive.name.split("-linux-")[0]
        for name in ("README.txt", "install.sh", "gradplot", "LICENSE",
                     f"share/applications/{APP_ID}.desktop",
                     f"share/icons/hicolor/256x256/apps/{APP_ID}.png",
                     "share/mime/packages/gradplot.xml"):
            assert f"{top}/{name}" in members, name
        assert members[f"{top}/install.sh"].mode & 0o111
        readme = tar.extractfile(f"{top}/README.txt")
        assert readme is not None
        text = readme.read().decode("utf-8")
    assert "./install.sh" in text and "sudo apt install ./gradplot_" in text


def unpacked_tree(tmp_path: Path, folder: str = "gradplot-9.9") -> Path:
    """What the tarball unpacks to, with a stand-in program."""
    here = tmp_path / folder
    fake_bundle(tmp_path / "dist")
    shutil.copytree(tmp_path / "dist" / "gradplot", here)
    for source, target in (
        (LINUX / f"{APP_ID}.desktop", f"share/applications/{APP_ID}.desktop"),
        (ROOT / "resources" / "icons" / "gradplot-256.png",
         f"share/icons/hicolor/256x256/apps/{APP_ID}.png"),
        (LINUX / "gradplot-mime.xml", "share/mime/packages/gradplot.xml"),
        (LINUX / "install-user.sh", "install.sh"),
    ):
        (here / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, here / target)
    return here


def run_install(here: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(here / "install.sh"), *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@posix_sh
@pytest.mark.parametrize("folder", ["gradplot-9.9", "my apps & more/gradplot"])
def test_install_script_puts_launcher_icon_and_mime_type_in_local(
    tmp_path: Path, folder: str
) -> None:
    here = unpacked_tree(tmp_path, folder)
    home = tmp_path / "home"
    home.mkdir()
    proc = run_install(here, home)
    assert proc.returncode == 0, proc.stderr
    share = home / ".local" / "share"
    launcher = home / ".local" / "bin" / "gradplot"
    assert launcher.is_symlink() and launcher.resolve() == (here / "gradplot").resolve()
    ran = subprocess.run([str(launcher), "--version"], capture_output=True, text=True,
                         check=True)
    assert "gradplot-fake --version" in ran.stdout
    desktop = (share / "applications" / f"{APP_ID}.desktop").read_text("utf-8")
    exe = str((here / "gradplot").resolve())
    assert f'Exec="{exe}" %f' in desktop.splitlines()
    assert f"TryExec={exe}" in desktop.splitlines()
    assert "MimeType=application/x-gradplot;" in desktop
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "mime" / "packages" / "gradplot.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate",
                                str(share / "applications" / f"{APP_ID}.desktop")],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout + check.stderr
    # again (an update) is fine; --uninstall removes every piece and keeps the folder
    assert run_install(here, home).returncode == 0
    gone = run_install(here, home, "--uninstall")
    assert gone.returncode == 0, gone.stderr
    assert not launcher.exists() and not launcher.is_symlink()
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert not (share / "mime" / "packages" / "gradplot.xml").exists()
    assert (here / "gradplot").is_file()


@posix_sh
def test_install_script_refuses_a_folder_a_menu_entry_cannot_name(tmp_path: Path) -> None:
    here = unpacked_tree(tmp_path, 'odd"name')
    home = tmp_path / "home"
    home.mkdir()
    proc = run_install(here, home)
    assert proc.returncode == 1
    assert "move the folder" in proc.stderr
    assert not (home / ".local" / "bin" / "gradplot").exists()


def test_strip_pass_leaves_auditwheel_libraries_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stripping an auditwheel-patched library (numpy's OpenBLAS) breaks it, wherever the
    bundler put it: in its wheel's ``*.libs/`` folder or straight into ``_internal/``."""
    trim = load_packaging_module("trim")
    internal = tmp_path / "_internal"
    names = {
        "libtorch_cpu.so": True,
        "numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so": True,
        "libscipy_openblas64_-56d6093b.so": False,
        "libgfortran-040039e1.so.5.0.0": False,
        "numpy.libs/libquadmath-96973f99.so.0.0.0": False,
        "libgomp.so.1": False,
    }
    for name in names:
        (internal / name).parent.mkdir(parents=True, exist_ok=True)
        (internal / name).write_bytes(b"\x7fELF")
    monkeypatch.setattr(trim, "_has_debug_or_symtab", lambda _path: True)
    stripped = {p.relative_to(internal).as_posix() for p in trim.strip_candidates(tmp_path)}
    assert stripped == {name for name, strip in names.items() if strip}
