"""Build gradplot's installers: the one entry for a maintainer and for CI.

    python packaging/build.py [--ruff] [--tests] COMMAND [COMMAND ...]

Commands (run in the order given):
  icons     regenerate resources/icons/* from the SVG (needs rsvg-convert or cairosvg, Pillow)
  bundle    PyInstaller onedir bundle -> dist/gradplot/ (macOS: also dist/gradplot.app);
            on Linux the shared objects are then stripped (see packaging/trim.py)
  tarball   Linux: dist/gradplot-<version>-linux-<arch>.tar.gz of the bundle
  deb       Linux: dist/gradplot_<version>_<arch>.deb (dpkg-deb, xz), then lintian if present
  nsis      Windows installer with makensis: dist/gradplot-<version>-windows-setup.exe
            (--placeholder builds it from a tiny stand-in payload, on any OS)
  mac       macOS: dist/gradplot-<version>-macos-arm64.dmg; signs and notarises only when
            GRADPLOT_CODESIGN_IDENTITY (and for notarising GRADPLOT_NOTARY_PROFILE, or
            APPLE_ID + APPLE_TEAM_ID + APPLE_APP_PASSWORD) are set
  verify    run the bundled app offscreen: --version, eval, --screenshot (also with parameter
            sliders); compare the bundled `gradplot eval` with the source one on the notebook
            cases and DEEP_CASES; time start-to-first-plot against the source; write
            dist/verify.json
  all       bundle + the installers of this OS + verify

Checks that always run first: the version parses, the icons exist.  --ruff and --tests add
ruff over the repository and the fast test suite (as a release build should).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
ICONS = ROOT / "resources" / "icons"
LINUX = PACKAGING / "linux"
WINDOWS = PACKAGING / "windows"
MACOS = PACKAGING / "macos"
APP_ID = "org.gradplot.gradplot"
IS_LINUX = sys.platform.startswith("linux")
IS_WIN = sys.platform == "win32"
IS_MAC = sys.platform == "darwin"

sys.path.insert(0, str(PACKAGING))
import trim  # noqa: E402

# Runtime libraries a Qt 6 (>= 6.5) xcb/wayland app needs from the system, beyond what the
# bundle carries.  ``deb_depends`` also adds the packages that own any library the bundle
# links to but does not carry, when dpkg can tell.
DEB_DEPENDS: tuple[str, ...] = (
    "libc6 (>= 2.35)",
    "libgl1",
    "libegl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
)
DEB_RECOMMENDS: tuple[str, ...] = ("libwayland-client0", "libwayland-cursor0", "libwayland-egl1")

# The engine's notebook cases (tests/engine/test_notebook.py), as `gradplot eval` arguments.
# The bundled app must answer each exactly as the source tree does: same exit status,
# same CSV on stdout, same explanation on stderr.
_CONTROL_FLOW = """\
def f(a):
    b = a*2
    while b.norm()<1000:
        b=b*2
    if b.sum()>0:
        c = b
    else:
        c = 100*b
    return c
"""
_EXERCISE_4 = """\
def f(a):
    b = a*2
    print(b)
    while b.norm()<1000:
        print('1')
        b=b*2
    if b.sum()>0:
        c = b
    else:
        c = 100*b
    print(c)
    return c.sum()
"""
_DETACH = "def f(x):\n    y = x*x\n    u = y.detach()\n    return u*x\n"
_X4 = ("--x", "0", "1", "2", "3")
NOTEBOOK_CASES: tuple[tuple[str, ...], ...] = (
    ("2*dot(x, x)", *_X4),
    ("sum(x*x)", *_X4),
    ("(x*x).sum()", *_X4),
    ("x*x", *_X4),
    ("sum(x*x)", *_X4, "--passes", "2", "--retain-graph", "--no-zero-grad"),
    ("sum(x*x)", *_X4, "--passes", "2", "--retain-graph"),
    (_DETACH, *_X4),
    (_DETACH.replace("y.detach()", "detach(y)"), *_X4),
    (_DETACH, *_X4, "--no-detach"),
    (
        _CONTROL_FLOW,
        "--x",
        "-2.5",
        "-1",
        "-0.3",
        "0.2",
        "0.7",
        "1.5",
        "2.1853",
        "4",
        "--scalar",
        "--dtype",
        "float64",
    ),
    (_CONTROL_FLOW, "--range", "-3", "3", "--points", "40", "--scalar", "--dtype", "float64"),
    (_CONTROL_FLOW, *_X4),
    (_CONTROL_FLOW, "--x", "-1", "0", "1", "--scalar", "--timeout", "1"),
    ("sin(x) * x**3", "--range", "-2", "2", "--points", "9", "--order", "2", "--dtype", "float64"),
    ("sqrt(dot(x, x))", *_X4, "--passes", "2"),  # refused: backward twice
    ("sqrt(dot(x, x))", *_X4, "--retain-graph"),
    ("sqrt(dot(x, x))", *_X4, "--retain-graph", "--passes", "2", "--no-zero-grad"),
    (_CONTROL_FLOW, *_X4, "--strict-backward"),  # refused: non-scalar backward
    (_EXERCISE_4, "--x", "3.5448"),
    (_EXERCISE_4, "--x", "3.5448", "--scalar"),
    ("sin(x)", "--points", "100"),
    ("torch.sin(x)", "--points", "100"),
    ("def f(x):\n    return torch.sin(x)", "--points", "100"),
)

# Beyond the notebook: cases that reach code a trim rule could drop by mistake.  A 4th
# derivative of norm(x, 3) runs one of torch's Python decompositions, which imports
# torch._dynamo and, through it, sympy.
DEEP_CASES: tuple[tuple[str, ...], ...] = (
    ("norm(x, 3)", *_X4, "--order", "4", "--scalar", "--dtype", "float64"),
)


# ----- small helpers ------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(cmd: Sequence[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, text=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def version() -> str:
    text = (ROOT / "gradplot" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not found:
        sys.exit("build: no __version__ in gradplot/__init__.py")
    return found.group(1)


def version4() -> str:
    """The version as four dot-separated numbers (Windows version resources)."""
    numbers = [int(n) for n in re.findall(r"\d+", version())[:4]]
    return ".".join(str(n) for n in [*numbers, 0, 0, 0, 0][:4])


def deb_arch() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def bundle_dir() -> Path:
    return DIST / "gradplot"


def bundled_exe(cli: bool = False) -> Path:
    """The bundled launcher; on Windows ``cli`` picks the console twin."""
    if IS_WIN:
        return bundle_dir() / ("gradplot-cli.exe" if cli else "gradplot.exe")
    if IS_MAC:
        return DIST / "gradplot.app" / "Contents" / "MacOS" / "gradplot"
    return bundle_dir() / "gradplot"


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("PYTHONUTF8", "1")
    return env


# ----- checks -------------------------------------------------------------------------------


def checks(ruff: bool, tests: bool) -> None:
    log(f"gradplot {version()}")
    missing = [p for p in (ICONS / "gradplot.svg", ICONS / "gradplot.ico") if not p.is_file()]
    missing += [p for p in (ICONS / "gradplot.icns", ICONS / "gradplot-256.png") if not p.is_file()]
    if missing:
        sys.exit(f"build: missing icons {missing}; run `python packaging/build.py icons`")
    wanted = [("ruff", "--ruff")] if ruff else []
    wanted += [("pytest", "--tests"), ("pytestqt", "--tests")] if tests else []
    for module, option in wanted:
        if importlib.util.find_spec(module) is None:
            sys.exit(f"build: {option} needs {module}, which is not installed: "
                     f'pip install -e ".[packaging]"')
    if ruff:
        run([sys.executable, "-m", "ruff", "check", str(ROOT)])
    if tests:
        run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT)


# ----- icons --------------------------------------------------------------------------------


def cmd_icons(_: argparse.Namespace) -> None:
    import make_icons

    for path in make_icons.build():
        log(f"{path.relative_to(ROOT)}  {path.stat().st_size} B")


# ----- bundle -------------------------------------------------------------------------------


def cmd_bundle(_: argparse.Namespace) -> None:
    started = time.monotonic()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            DIST,
            "--workpath",
            BUILD / "pyinstaller",
            PACKAGING / "gradplot.spec",
        ],
        cwd=ROOT,
    )
    if IS_LINUX and shutil.which("strip"):
        count, saved = trim.strip_bundle(bundle_dir())
        log(f"stripped {count} shared objects, saved {mb(saved)}")
    if IS_LINUX:
        if shutil.which("patchelf"):
            changed = trim.drop_foreign_runpaths(bundle_dir())
            log(f"removed build-machine library search paths from {changed} files")
        else:
            log("note: patchelf not found; build-machine RUNPATHs stay (apt-get install patchelf)")
    dangling = trim.dangling_symlinks(bundle_dir())
    if dangling:
        sys.exit(f"build: a drop rule removed the target of {[str(p) for p in dangling]}")
    took = time.monotonic() - started
    log(f"bundle {bundle_dir()}: {mb(tree_size(bundle_dir()))} in {took:.0f} s")


def require_bundle() -> None:
    if not bundled_exe().exists():
        sys.exit(f"build: no bundle at {bundle_dir()}; run `python packaging/build.py bundle`")


# ----- tarball ------------------------------------------------------------------------------


def cmd_tarball(_: argparse.Namespace) -> None:
    require_bundle()
    name = f"gradplot-{version()}"
    out = DIST / f"{name}-linux-{platform.machine()}.tar.gz"
    extras = {
        LINUX / f"{APP_ID}.desktop": f"{name}/share/applications/{APP_ID}.desktop",
        LINUX / f"{APP_ID}.metainfo.xml": f"{name}/share/metainfo/{APP_ID}.metainfo.xml",
        ICONS / "gradplot-256.png": f"{name}/share/icons/hicolor/256x256/apps/{APP_ID}.png",
        LINUX / "gradplot-mime.xml": f"{name}/share/mime/packages/gradplot.xml",
        LINUX / "tarball-README.txt": f"{name}/README.txt",
        LINUX / "install-user.sh": f"{name}/install.sh",
        ROOT / "LICENSE": f"{name}/LICENSE",
    }

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle_dir(), arcname=name, filter=owned_by_root)
        for source, arcname in extras.items():
            if source.exists():
                tar.add(source, arcname=arcname, filter=owned_by_root)
    log(f"tarball {out.name}: {mb(out.stat().st_size)}")


# ----- deb ----------------------------------------------------------------------------------


def _needed_not_bundled(bundle: Path) -> set[str]:
    """Sonames the bundle's ELF files link to but the bundle does not carry."""
    carried = {p.name for p in bundle.rglob("*") if ".so" in p.name}
    needed: set[str] = set()
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file() or ".so" not in path.name:
            continue
        out = subprocess.run(
            ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
        ).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    return {soname for soname in needed if soname not in carried}


def symbol_floors(bundle: Path) -> dict[str, tuple[int, ...]]:
    """The newest GLIBC_x.y and GLIBCXX_3.4.z versions any ELF file of the bundle asks for."""
    floors: dict[str, tuple[int, ...]] = {}
    if not shutil.which("readelf"):
        return floors
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        if ".so" not in path.name and not os.access(path, os.X_OK):
            continue
        out = subprocess.run(
            ["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for name, found in re.findall(r"Name: (GLIBC|GLIBCXX)_(\d+(?:\.\d+)+)", out):
            version_tuple = tuple(int(n) for n in found.split("."))
            floors[name] = max(floors.get(name, ()), version_tuple)
    return floors


# GLIBCXX_3.4.<n> first shipped with GCC <major> (libstdc++6's Debian version)
_GLIBCXX_TO_GCC = {26: 9, 28: 10, 29: 11, 30: 12, 31: 13, 32: 14, 33: 15}


def deb_depends(bundle: Path) -> tuple[list[str], list[str]]:
    """(Depends, sonames no installed package owns) for the bundle, on this build machine."""
    depends = list(DEB_DEPENDS)
    floors = symbol_floors(bundle)
    if "GLIBC" in floors:
        depends[0] = "libc6 (>= {})".format(".".join(map(str, floors["GLIBC"])))
    known = {d.split()[0] for d in depends}
    unresolved: list[str] = []
    if not shutil.which("dpkg") or not shutil.which("readelf"):
        return depends, unresolved
    optional = ("libgtk-3", "libgdk-3", "libpango", "libcairo", "libatk", "libwayland")
    for soname in sorted(_needed_not_bundled(bundle)):
        found = subprocess.run(
            ["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True, check=False
        )
        if found.returncode != 0:
            if not soname.startswith(optional):
                unresolved.append(soname)
            continue
        package = found.stdout.split(":", 1)[0].split(",")[0].strip()
        if package and package not in known and not soname.startswith(optional):
            known.add(package)
            gcc = _GLIBCXX_TO_GCC.get(floors.get("GLIBCXX", (0, 0, 0))[-1])
            if package == "libstdc++6" and gcc:
                depends.append(f"libstdc++6 (>= {gcc})")
            else:
                depends.append(package)
    return depends, unresolved


def _install(src: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(mode)


def _gzip9(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (
        src.open("rb") as raw,
        dest.open("wb") as out_file,
        gzip.GzipFile(filename="", mode="wb", fileobj=out_file, compresslevel=9, mtime=0) as gz,
    ):
        shutil.copyfileobj(raw, gz)
    dest.chmod(0o644)


def stage_deb(root: Path) -> None:
    """Lay out the package tree under ``root`` (everything but DEBIAN/control)."""
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / "gradplot"
    shutil.copytree(bundle_dir(), opt, symlinks=True)
    for path in opt.rglob("*"):  # normalise permissions: lintian and umask-proof
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif ".so" in path.name or not os.access(path, os.X_OK):
            path.chmod(0o644)  # shared objects are mapped, not executed
        else:
            path.chmod(0o755)
    usr = root / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / "gradplot").symlink_to("/opt/gradplot/gradplot")
    share = usr / "share"
    _install(LINUX / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    _install(LINUX / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    _install(LINUX / "gradplot-mime.xml", share / "mime" / "packages" / "gradplot.xml")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        _install(
            ICONS / f"gradplot-{size}.png",
            share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
        )
    _install(
        ICONS / "gradplot.svg", share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    )
    doc = share / "doc" / "gradplot"
    _install(LINUX / "copyright", doc / "copyright")
    changelog = BUILD / "changelog"
    changelog.parent.mkdir(parents=True, exist_ok=True)
    changelog.write_text(
        f"gradplot ({version()}) unstable; urgency=medium\n\n"
        f"  * Release {version()}; see the project's release notes.\n\n"
        " -- The gradplot developers <gradplot@users.noreply.github.com>  "
        "Thu, 26 Nov 2026 12:00:00 +0000\n",
        encoding="utf-8",
    )
    _gzip9(changelog, doc / "changelog.gz")  # a native package: no Debian revision
    _gzip9(LINUX / "gradplot.1", share / "man" / "man1" / "gradplot.1.gz")
    _install(LINUX / "lintian-overrides", share / "lintian" / "overrides" / "gradplot")
    for path in root.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def write_md5sums(root: Path) -> None:
    import hashlib

    lines = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == "DEBIAN" or path.is_symlink() or not path.is_file():
            continue
        digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        lines.append(f"{digest}  {rel.as_posix()}\n")
    md5sums = root / "DEBIAN" / "md5sums"
    md5sums.write_text("".join(lines), encoding="utf-8")
    md5sums.chmod(0o644)


def cmd_deb(args: argparse.Namespace) -> None:
    require_bundle()
    if not shutil.which("dpkg-deb"):
        sys.exit("build: dpkg-deb not found (apt-get install dpkg-dev)")
    root = BUILD / "deb" / "root"
    stage_deb(root)
    depends, unresolved = deb_depends(bundle_dir())
    if unresolved:
        log(
            "note: no installed package owns "
            + ", ".join(unresolved)
            + " (covered by DEB_DEPENDS?)"
        )
    installed_kb = (tree_size(root) + 1023) // 1024
    control = root / "DEBIAN" / "control"
    control.parent.mkdir(parents=True)
    control.parent.chmod(0o755)
    control.write_text(
        "\n".join(
            [
                "Package: gradplot",
                f"Version: {version()}",
                f"Architecture: {deb_arch()}",
                "Maintainer: The gradplot developers <gradplot@users.noreply.github.com>",
                f"Installed-Size: {installed_kb}",
                f"Depends: {', '.join(depends)}",
                f"Recommends: {', '.join(DEB_RECOMMENDS)}",
                "Section: education",
                "Priority: optional",
                "Description: see PyTorch autograd: type f(x), watch f and df/dx drawn live",
                " gradplot is a desktop app for teaching automatic differentiation. A teacher",
                " types a function of x (an expression, or a small Python def with loops and",
                " ifs), flips the autograd switches (detach, retain_graph, repeated backward",
                " passes, zero_grad) and sees f, df/dx and d2f/dx2 plotted at once. When",
                " autograd refuses, an error panel says what happened, why, and which line",
                " of PyTorch fixes it.",
                " .",
                " This package carries its own Python, PyTorch (CPU) and Qt in /opt/gradplot.",
                "",
            ]
        ),
        encoding="utf-8",
    )
    control.chmod(0o644)
    write_md5sums(root)
    out = DIST / f"gradplot_{version()}_{deb_arch()}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", root, out])
    log(f"deb {out.name}: {mb(out.stat().st_size)}")
    if args.lintian and shutil.which("lintian"):
        lint = subprocess.run(
            ["lintian", "--tag-display-limit", "0", "--info", "--display-info", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        report = DIST / "lintian.txt"
        report.write_text(lint.stdout + lint.stderr, encoding="utf-8")
        tags = [line for line in lint.stdout.splitlines() if re.match(r"^[EWIP]: ", line)]
        errors = [line for line in tags if line.startswith("E: ")]
        log(f"lintian: {len(errors)} errors, {len(tags)} tags not overridden (see {report})")
        for line in tags:
            print("   ", line)
        if errors:
            sys.exit("build: lintian reports errors that lintian-overrides does not explain")


# ----- Windows (NSIS) -----------------------------------------------------------------------


def cmd_nsis(args: argparse.Namespace) -> None:
    makensis = shutil.which("makensis")
    if not makensis:
        sys.exit(
            "build: makensis not found (Windows: choco install nsis; Debian: apt install nsis)"
        )
    out = compile_nsis(makensis, placeholder=args.placeholder)
    log(f"installer {out.name}: {mb(out.stat().st_size)}")


def compile_nsis(makensis: str, placeholder: bool, out_dir: Path = DIST) -> Path:
    """Compile packaging/windows/gradplot.nsi; ``placeholder`` uses a tiny stand-in payload."""
    if placeholder:
        payload = Path(tempfile.mkdtemp(prefix="gradplot-nsis-payload-"))
        (payload / "gradplot.exe").write_bytes(b"MZ placeholder: not a real program\n")
        (payload / "gradplot-cli.exe").write_bytes(b"MZ placeholder: not a real program\n")
        (payload / "_internal").mkdir()
        (payload / "_internal" / "README.txt").write_text("placeholder payload\n", encoding="utf-8")
        suffix = "-placeholder"
    else:
        require_bundle()
        payload = bundle_dir()
        suffix = ""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"gradplot-{version()}-windows-setup{suffix}.exe"
    license_file = ROOT / "LICENSE"
    license_define = [f"-DLICENSE_FILE={license_file}"] if license_file.exists() else []
    run(
        [
            makensis,
            "-V2",
            "-WX",
            "-INPUTCHARSET",
            "UTF8",
            f"-DVERSION={version()}",
            f"-DVERSION4={version4()}",
            f"-DPAYLOAD={payload}",
            f"-DOUTFILE={out}",
            f"-DICON={ICONS / 'gradplot.ico'}",
            *license_define,
            WINDOWS / "gradplot.nsi",
        ]
    )
    if placeholder:
        shutil.rmtree(payload, ignore_errors=True)
    return out


# ----- macOS --------------------------------------------------------------------------------


def cmd_mac(_: argparse.Namespace) -> None:
    if not IS_MAC:
        sys.exit("build: the mac command runs on macOS (hdiutil, codesign)")
    app = DIST / "gradplot.app"
    if not app.is_dir():
        sys.exit("build: no dist/gradplot.app; run `python packaging/build.py bundle` on macOS")
    identity = os.environ.get("GRADPLOT_CODESIGN_IDENTITY", "")
    entitlements = MACOS / "entitlements.plist"
    if identity:
        # Sign inside out: every Mach-O, then the app, hardened runtime + torch's JIT needs.
        run(
            [
                "codesign",
                "--force",
                "--deep",
                "--timestamp",
                "--options",
                "runtime",
                "--entitlements",
                entitlements,
                "--sign",
                identity,
                app,
            ]
        )
        run(["codesign", "--verify", "--deep", "--strict", "--verbose=2", app])
    else:
        log("GRADPLOT_CODESIGN_IDENTITY not set: ad-hoc signature only (PyInstaller's)")
    dmg = DIST / f"gradplot-{version()}-macos-{platform.machine()}.dmg"
    staging = BUILD / "dmg"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    run(["ditto", app, staging / "gradplot.app"])
    (staging / "Applications").symlink_to("/Applications")
    if dmg.exists():
        dmg.unlink()
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            f"gradplot {version()}",
            "-srcfolder",
            staging,
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            dmg,
        ]
    )
    if identity:
        run(["codesign", "--force", "--timestamp", "--sign", identity, dmg])
        notarize(dmg)
    log(f"dmg {dmg.name}: {mb(dmg.stat().st_size)}")


def notarize(dmg: Path) -> None:
    profile = os.environ.get("GRADPLOT_NOTARY_PROFILE", "")
    apple_id = os.environ.get("APPLE_ID", "")
    team = os.environ.get("APPLE_TEAM_ID", "")
    password = os.environ.get("APPLE_APP_PASSWORD", "")
    if profile:
        auth = ["--keychain-profile", profile]
    elif apple_id and team and password:
        auth = ["--apple-id", apple_id, "--team-id", team, "--password", password]
    else:
        log("no notarisation credentials: the dmg is signed but not notarised")
        return
    subprocess.run(
        ["xcrun", "notarytool", "submit", str(dmg), "--wait", *auth], check=True, text=True
    )
    run(["xcrun", "stapler", "staple", dmg])


# ----- verify -------------------------------------------------------------------------------


def _stable(stderr: str) -> str:
    """stderr without timings (they differ from run to run)."""
    return re.sub(r"\d+(\.\d+)?\s*(ms|s)\b", "<t>", stderr)


def _timed(cmd: Sequence[str | Path], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def cmd_verify(args: argparse.Namespace) -> None:
    require_bundle()
    env = offscreen_env()
    exe = bundled_exe(cli=True)
    work = Path(tempfile.mkdtemp(prefix="gradplot-verify-"))
    report: dict[str, object] = {"version": version(), "bundle_bytes": tree_size(bundle_dir())}

    shown = run([exe, "--version"], env=env, cwd=work, capture_output=True).stdout.strip()
    if version() not in shown:
        sys.exit(f"build: bundled --version says {shown!r}, expected {version()}")
    report["version_output"] = shown

    run([exe, "eval", "sin(x)"], env=env, cwd=work, capture_output=True)
    shot = work / "shot.png"
    run([exe, "--screenshot", shot], env=env, cwd=work, capture_output=True)
    if not shot.is_file() or shot.stat().st_size < 2000:
        sys.exit("build: bundled --screenshot wrote no image")
    shutil.copyfile(shot, DIST / "verify-screenshot.png")
    # free names get parameter sliders: superqt, and pygments through superqt.utils
    sliders = work / "sliders.png"
    run([exe, "--screenshot", sliders, "a*sin(b*x)"], env=env, cwd=work, capture_output=True)
    if not sliders.is_file() or sliders.stat().st_size < 2000:
        sys.exit("build: bundled --screenshot with parameter sliders wrote no image")

    source = [sys.executable, "-m", "gradplot"]
    src_env = dict(env)
    src_env["PYTHONPATH"] = str(ROOT) + os.pathsep + src_env.get("PYTHONPATH", "")
    mismatches: list[str] = []
    cases = (*NOTEBOOK_CASES, *DEEP_CASES)
    for case in cases:
        frozen = subprocess.run(
            [str(exe), "eval", *case], env=env, cwd=work, capture_output=True, text=True
        )
        plain = subprocess.run(
            [*source, "eval", *case], env=src_env, cwd=work, capture_output=True, text=True
        )
        answers = [(p.returncode, p.stdout, _stable(p.stderr)) for p in (frozen, plain)]
        if answers[0] != answers[1] or "Traceback" in frozen.stderr:
            mismatches.append(" ".join(case))
            print(
                f"--- case {case!r}: bundled rc={frozen.returncode}, source rc={plain.returncode}"
            )
            print(frozen.stdout[-800:], frozen.stderr[-800:], plain.stderr[-800:], sep="\n")
    report["notebook_cases"] = len(NOTEBOOK_CASES)
    report["deep_cases"] = len(DEEP_CASES)
    report["notebook_mismatches"] = mismatches
    log(f"notebook and deep cases: {len(cases) - len(mismatches)}/{len(cases)} identical")

    if args.timing_runs > 0:
        frozen_times = []
        source_times = []
        _timed([exe, "--screenshot", work / "warm.png"], env, work)  # warm the page cache
        _timed([*source, "--screenshot", work / "warm.png"], src_env, work)
        for _ in range(args.timing_runs):
            frozen_times.append(_timed([exe, "--screenshot", work / "t.png"], env, work))
            source_times.append(_timed([*source, "--screenshot", work / "t.png"], src_env, work))
        frozen_s = statistics.median(frozen_times)
        source_s = statistics.median(source_times)
        report["first_plot_bundled_s"] = round(frozen_s, 3)
        report["first_plot_source_s"] = round(source_s, 3)
        report["first_plot_ratio"] = round(frozen_s / source_s, 3)
        log(
            f"start to first plot (median of {args.timing_runs}): bundled {frozen_s:.2f} s, "
            f"source {source_s:.2f} s, ratio {frozen_s / source_s:.2f}"
        )
    log(f"bundle size {mb(tree_size(bundle_dir()))}")
    for pattern in ("*.deb", "*.tar.gz", "*.exe", "*.dmg"):
        for artifact in DIST.glob(pattern):
            report[f"size:{artifact.name}"] = artifact.stat().st_size
            log(f"{artifact.name}: {mb(artifact.stat().st_size)}")
    (DIST / "verify.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    if mismatches:
        sys.exit(f"build: bundled eval differs from source on {len(mismatches)} cases")


# ----- main ---------------------------------------------------------------------------------


def cmd_all(args: argparse.Namespace) -> None:
    cmd_bundle(args)
    if IS_LINUX:
        cmd_tarball(args)
        cmd_deb(args)
    if IS_WIN:
        cmd_nsis(args)
    if IS_MAC:
        cmd_mac(args)
    cmd_verify(args)


COMMANDS = {
    "icons": cmd_icons,
    "bundle": cmd_bundle,
    "tarball": cmd_tarball,
    "deb": cmd_deb,
    "nsis": cmd_nsis,
    "mac": cmd_mac,
    "verify": cmd_verify,
    "all": cmd_all,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build gradplot's bundle and installers.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    parser.add_argument("commands", nargs="+", choices=sorted(COMMANDS), metavar="COMMAND")
    parser.add_argument("--ruff", action="store_true", help="run ruff over the repository first")
    parser.add_argument("--tests", action="store_true", help="run the fast test suite first")
    parser.add_argument(
        "--placeholder", action="store_true", help="nsis: compile against a stand-in payload"
    )
    parser.add_argument(
        "--no-lintian", dest="lintian", action="store_false", help="deb: skip lintian"
    )
    parser.add_argument(
        "--timing-runs", type=int, default=3, help="verify: timed runs each (0 skips timing)"
    )
    args = parser.parse_args(argv)
    try:
        checks(args.ruff, args.tests)
        for name in args.commands:
            COMMANDS[name](args)
    except subprocess.CalledProcessError as exc:
        command = exc.cmd if isinstance(exc.cmd, str) else " ".join(str(c) for c in exc.cmd)
        print(f"build: failed (exit status {exc.returncode}): {command}", file=sys.stderr)
        return exc.returncode if exc.returncode > 0 else 1
    except FileNotFoundError as exc:
        print(f"build: {exc.filename or exc}: not found; install it (see packaging/README.md)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
