"""What the gradplot bundle leaves out, and the strip pass that follows the build.

Used by ``gradplot.spec`` (to filter PyInstaller's TOC before COLLECT) and by ``build.py``
(to strip the collected shared libraries).  Every rule names a path *inside the bundle*
(``_internal/`` relative, ``/`` separators) so it reads the same on every OS.

Measured reasons (torch 2.13 CPU, PySide6 6.11):
  * ``torch/test``, ``torch/bin`` test programs, ``torch/include``: C++ tests and headers.
    ``torch/bin/torch_shm_manager`` must stay: ``import torch`` looks for it.
  * Qt: gradplot uses QtCore/QtGui/QtWidgets/QtSvg; the rest is never loaded.
    Qt's own translations other than ``qtbase_*`` translate modules we do not ship.
  * Not excludable (torch imports them at start): torchgen, torch.testing._internal,
    torch.distributed, unittest.
  * Not excludable although a plain plot never loads them: sympy and mpmath (a 4th
    derivative of ``norm(x, 3)`` runs a Python decomposition that imports torch._dynamo
    and with it sympy), pygments (``superqt.utils``, the parameter sliders, imports it).
    ``build.py verify`` runs both paths in the bundle.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

# Python modules that no code path of gradplot imports.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "readline",  # interactive prompt only; would bundle libreadline/libtinfo
    "IPython",
    "PIL",  # optional for torch and pyqtgraph; not a gradplot dependency
    "rich",
    "_pytest",
    "pydoc_data",
    # gradplot never opens a network connection: no TLS (drops libssl and libcrypto);
    # hashlib falls back to CPython's built-in hashes.
    "ssl",
    "_ssl",
    "_hashlib",
    "matplotlib",
    # Pulled in by torch's compiler, distributed and testing code, which import them only
    # inside functions that compile, checkpoint or profile CUDA (networkx: also grandalf's
    # networkx converters, which gradplot never calls).  No engine, GUI or CLI path
    # imports them, not even the order-4 derivative that loads torch._dynamo (sympy).
    "networkx",
    "jinja2",
    "markupsafe",
    "fsspec",
    "filelock",
    "yaml",  # and numpy.show_config() with it
    "sqlite3",  # drops libsqlite3: only torch.autograd.profiler's nvprof reader uses it
    "_sqlite3",
    "pytest",
    "hypothesis",
    "PyInstaller",
    "setuptools",
    "pip",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtPdf",
    "PySide6.QtSql",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtTest",
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",
    "PySide6.QtPrintSupport",
)

# Imported by name at run time (importlib), so PyInstaller cannot see them.
HIDDEN_IMPORTS: tuple[str, ...] = (
    "gradplot.cli",
    "gradplot.ui.app",
    "PySide6.QtOpenGL",  # pyqtgraph.Qt.OpenGLHelpers, imported by every PlotCurveItem
    "PySide6.QtOpenGLWidgets",
)

# Destination paths (globs, matched case-sensitively against the bundle path) to drop.
DROP_PATTERNS: tuple[str, ...] = (
    "torch/test/*",
    # torch's hook ships each module twice: bytecode in the PYZ and the .py source for
    # inspect/TorchScript.  gradplot never scripts or compiles torch code, so only the
    # sources TorchScript reads for itself stay (KEEP_PATTERNS); the bytecode all stays.
    "torch/*.py",
    "torchgen/*.py",
    # test-only shared objects of torch (loaded by its C++/JIT tests, never by import torch)
    "torch/lib/libjitbackend_test.*",
    "torch/lib/libtorchbind_test.*",
    "torch/lib/libbackend_with_compiler.*",
    "torch/lib/libaoti_custom_ops.*",
    "torch/lib/jitbackend_test.*",
    "torch/lib/torchbind_test.*",
    "torch/lib/backend_with_compiler.*",
    "torch/lib/aoti_custom_ops.*",
    "torch/include/*",
    "torch/share/*",
    "torch/testing/_internal/data/*",
    "torch/utils/benchmark/*",
    "torch/_inductor/codegen/*.cpp",
    "*.a",
    "*.lib",
    "*.pdb",
    "*.pyi",
    # Qt: translations of modules we do not ship, plugins we never load
    "PySide6/Qt/translations/*",
    "PySide6/translations/*",
    "PySide6/Qt/plugins/designer/*",
    "PySide6/Qt/plugins/qmltooling/*",
    "PySide6/Qt/plugins/qmllint/*",
    "PySide6/Qt/plugins/sqldrivers/*",
    "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/plugins/generic/*",
    "PySide6/Qt/plugins/printsupport/*",
    "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/wayland-graphics-integration-server/*",
    "PySide6/plugins/designer/*",
    "PySide6/plugins/qmltooling/*",
    "PySide6/plugins/sqldrivers/*",
    "PySide6/plugins/networkinformation/*",
    "PySide6/plugins/tls/*",
    "PySide6/plugins/generic/*",
    "PySide6/plugins/printsupport/*",
    # Qt libraries of modules we do not ship (Linux lib*.so.6 and Windows *.dll, and the
    # top-level symlinks PyInstaller makes to them)
    "*Qt6Qml*",
    "*Qt6Quick*",
    "*Qt6Pdf*",
    "*Qt6Network*",
    "*Qt6Designer*",
    "*Qt6EglFS*",
    "*Qt6EglFs*",
    # platform plugins for kiosks and embedded boards (VNC, framebuffer, EGLFS, Vulkan
    # display); xcb, wayland, offscreen and minimal stay
    "*/plugins/platforms/libqvnc.so",
    "*/plugins/platforms/libqlinuxfb.so",
    "*/plugins/platforms/libqvkkhrdisplay.so",
    "*/plugins/platforms/libqeglfs.so",
    "*/plugins/platforms/libqminimalegl.so",
    "*/plugins/egldeviceintegrations/*",
    # the GTK theme plugin drags GTK's own stack (cairo, pango, atk, ...) in from the build
    # machine and then meets the user's newer GTK; Qt falls back to its portal/Fusion theme
    "*/plugins/platformthemes/libqgtk3.so",
    "*/opengl32sw.dll",
    # pyqtgraph's own logo: only pg.mkQApp() reads it, when it creates the QApplication;
    # gradplot always creates its QApplication first (and a missing icon file is no error)
    "pyqtgraph/icons/peegee/*",
)

# Linux: libraries of the desktop itself that PyInstaller would copy from the build machine.
# Bundled, they meet the user's newer Mesa/GTK/X libraries in one process (the classic
# "GLIBCXX_3.4.30 not found" from a Mesa driver); the .deb depends on them instead, and every
# desktop has them.  Matched only at the top of _internal/ (no "/" in the pattern).
SYSTEM_LIBRARIES: tuple[str, ...] = tuple(
    f"{stem}.so*"
    for stem in (
        "libX11",
        "libX11-xcb",
        "libXau",
        "libXdmcp",
        "libXext",
        "libXrender",
        "libxcb*",
        "libxkbcommon*",
        "libfontconfig",
        "libfreetype",
        "libdbus-1",
        "libglib-2.0",
        "libgio-2.0",
        "libgobject-2.0",
        "libgmodule-2.0",
        "libgthread-2.0",
        "libsystemd",
        "libgcrypt",
        "libgpg-error",
        "libz",
        "liblzma",
        "libzstd",
        "liblz4",
        "libbz2",
        "libexpat",
        "libffi",
        "libpcre2-*",
        "libselinux",
        "libmount",
        "libblkid",
        "libuuid",
        "libcap",
        "libbsd",
        "libmd",
        "libpng16",
        "libjpeg",
        "libbrotli*",
        "libgraphite2",
        "libharfbuzz",
        "libgssapi_krb5",
        "libkrb5*",
        "libk5crypto",
        "libcom_err",
        "libkeyutils",
        "libreadline",
        "libtinfo",
        "libstdc++",
        "libgcc_s",
        "libatk-1.0",
        "libcairo*",
        "libpango*",
        "libgdk_pixbuf-2.0",
        "libfribidi",
        "libthai",
        "libdatrie",
        "libpixman-1",
        "libGL",
        "libEGL",
        "libOpenGL",
        "libGLX",
        "libGLdispatch",
        "libwayland-*",
    )
)

# Kept although a pattern above would drop it.
KEEP_PATTERNS: tuple[str, ...] = (
    "torch/bin/torch_shm_manager*",
    # torch.utils._config_module reads each config module's own source at import time
    "torch/*config*.py",
    "torch/jit/*.py",
    "torch/_jit_internal.py",
    "torch/_sources.py",
    "torch/functional.py",
    "torch/nn/functional.py",
    "torch/nn/modules/*.py",
    "PySide6/Qt/translations/qtbase_*.qm",
    "PySide6/translations/qtbase_*.qm",
)

# torch/bin holds C++ test programs and protoc: drop all but torch_shm_manager.
DROP_DIRS_EXCEPT_KEEP: tuple[str, ...] = ("torch/bin/",)


def _norm(dest: str) -> str:
    return dest.replace(os.sep, "/").replace("\\", "/")


def is_dropped(dest: str) -> bool:
    """True if the file that PyInstaller would place at ``dest`` is left out of the bundle."""
    path = _norm(dest)
    if any(fnmatch.fnmatchcase(path, pattern) for pattern in KEEP_PATTERNS):
        return False
    if any(path.startswith(prefix) for prefix in DROP_DIRS_EXCEPT_KEEP):
        return True
    if "/" not in path and any(fnmatch.fnmatchcase(path, lib) for lib in SYSTEM_LIBRARIES):
        return True
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in DROP_PATTERNS)


def filter_toc(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Keep the (dest, source, typecode) entries that ``is_dropped`` does not reject."""
    return [entry for entry in toc if not is_dropped(entry[0])]


# ----- strip pass (Linux): PyInstaller's own --strip breaks numpy's OpenBLAS ----------------

_ELF_MAGIC = b"\x7fELF"


def _is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _ELF_MAGIC
    except OSError:
        return False


def _has_debug_or_symtab(path: Path) -> bool:
    done = subprocess.run(
        ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
    )
    return ".symtab" in done.stdout or ".debug_" in done.stdout


# auditwheel's renamed copy of a vendored library: "<name>-<8 hex digits>.so[.N...]"
_AUDITWHEEL_NAME = re.compile(r"-[0-9a-f]{8}\.so(\.[0-9.]+)?$")


def strip_candidates(bundle: Path) -> Iterator[Path]:
    """Unstripped shared objects that are safe to strip.

    Skips libraries that auditwheel patched (stripping breaks them, e.g. numpy's OpenBLAS):
    those in vendored wheels' ``*.libs/`` folders, and the same files wherever PyInstaller
    puts them (newer versions put them straight into ``_internal/``), known by the hash
    auditwheel adds to their name (``libscipy_openblas64_-56d6093b.so``); libgomp (same
    reason) and symlinks.
    """
    internal = bundle / "_internal"  # never the launcher: its archive is appended to it
    for path in sorted(internal.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        name = path.name
        if ".so" not in name and os.access(path, os.X_OK) is False:
            continue
        if any(part.endswith(".libs") for part in path.relative_to(internal).parts):
            continue
        if name.startswith("libgomp") or _AUDITWHEEL_NAME.search(name):
            continue
        if _is_elf(path) and _has_debug_or_symtab(path):
            yield path


def foreign_runpaths(path: Path) -> list[str]:
    """RPATH/RUNPATH entries of ``path`` that point outside the bundle (not $ORIGIN-based)."""
    out = subprocess.run(
        ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
    ).stdout
    entries: list[str] = []
    for found in re.findall(r"\((?:RPATH|RUNPATH)\)\s+Library r(?:un)?path: \[([^\]]*)\]", out):
        entries += [e for e in found.split(":") if e and not e.startswith("$ORIGIN")]
    return entries


def drop_foreign_runpaths(bundle: Path, patchelf: str = "patchelf") -> int:
    """Remove search paths into the build machine (e.g. a pyenv's lib/) from the bundle's
    ELF files, keeping their $ORIGIN entries.  Returns how many files changed."""
    changed = 0
    for path in sorted((bundle / "_internal").rglob("*")):
        if path.is_symlink() or not path.is_file() or ".so" not in path.name:
            continue
        if not _is_elf(path) or not foreign_runpaths(path):
            continue
        out = subprocess.run(
            ["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False
        ).stdout
        kept = [
            e
            for found in re.findall(r"Library r(?:un)?path: \[([^\]]*)\]", out)
            for e in found.split(":")
            if e.startswith("$ORIGIN")
        ]
        if kept:
            subprocess.run([patchelf, "--set-rpath", ":".join(kept), str(path)], check=True)
        else:
            subprocess.run([patchelf, "--remove-rpath", str(path)], check=True)
        changed += 1
    return changed


def dangling_symlinks(bundle: Path) -> list[Path]:
    """Symlinks whose target a drop rule removed (there should be none)."""
    return [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]


def strip_bundle(bundle: Path, strip: str = "strip") -> tuple[int, int]:
    """Run ``strip --strip-unneeded`` over ``strip_candidates``; return (files, bytes saved)."""
    count = 0
    saved = 0
    for path in strip_candidates(bundle):
        before = path.stat().st_size
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
        count += 1
    return count, saved
