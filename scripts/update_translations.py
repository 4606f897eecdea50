"""Refresh the Chinese translation source and compile it.

    python scripts/update_translations.py           # scan, update the .ts, compile the .qm
    python scripts/update_translations.py --check   # exit 1 if the .ts is behind the code
    python scripts/update_translations.py --compile # only compile .ts -> .qm

The scan builds a complete window offscreen (without starting PyTorch) and collects
every user-visible string of it (texts, titles, tooltips, accessible names, menu
items), plus the literal arguments of ``tr(...)``/``trf(...)`` calls in gradplot/ui, the
static run-time strings listed in ``gradplot.ui.i18n`` (context ``gradplot``) and every
template of the engine's messages, ``gradplot.engine.messages`` (context ``engine``).
New strings are added to ``resources/translations/gradplot_zh_CN.ts`` as unfinished;
strings the code no longer shows are marked vanished, so a reworded English template
fails ``--check`` until its Chinese is written again. A translation that moved to
another context is not kept twice. Compiling needs ``pyside6-lrelease`` (PySide6) or
Qt's ``lrelease``; the compiled ``.qm`` is committed, so users and CI never need either.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_PATH = ROOT / "resources" / "translations" / "gradplot_zh_CN.ts"
QM_PATH = ROOT / "gradplot" / "resources" / "translations" / "gradplot_zh_CN.qm"
SCANNED_CALLS = frozenset({"tr", "trf"})

Key = tuple[str, str]  # (context, source)
Messages = dict[Key, tuple[str, str]]  # -> (translation, type: "" | unfinished | vanished)
CONTEXT = "gradplot"
ENGINE_CONTEXT = "engine"


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def literal_calls(paths: list[Path]) -> list[Key]:
    """(context, text) of every tr()/trf() call with literal text."""
    found: list[Key] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = _literal(node.args[0])
            if name in SCANNED_CALLS and first is not None:
                found.append((CONTEXT, first))
    return found


def collect_sources() -> list[Key]:
    """Every (context, English string) the UI can show that needs a translation, sorted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from gradplot.engine import ErrorInfo
    from gradplot.ui import i18n
    from gradplot.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["gradplot"])
    previous = i18n.current_language()
    i18n.set_language("en")
    seen: list[str] = []
    try:
        window = MainWindow("a * sin(x)", persist=False, restore=False)
        window.error_panel.show_error(
            ErrorInfo(kind="runtime", title="t", explanation="e", hint="h", raw="r")
        )
        i18n.retranslate(window, seen)
        window.shutdown()
        window.deleteLater()
    finally:
        i18n.set_language(previous)
    del app
    seen.extend(i18n.RUNTIME_STRINGS)
    seen.extend(i18n.NOTE_HEADS.values())
    keys = [(CONTEXT, s) for s in seen]
    keys.extend(literal_calls(sorted((ROOT / "gradplot" / "ui").glob("*.py"))))
    ui = {k for k in keys if k[1].strip() and not i18n.is_technical(k[1])}
    return sorted(ui | set(engine_sources()))


def engine_sources(messages: Mapping[str, str] | None = None) -> list[Key]:
    """The engine's templates (code and symbols too: the renderer asks for every one)."""
    if messages is None:
        from gradplot.engine.messages import MESSAGES

        messages = MESSAGES
    return sorted({(ENGINE_CONTEXT, text) for text in messages.values() if text.strip()})


def read_ts(path: Path = TS_PATH) -> Messages:
    out: Messages = {}
    if not path.exists():
        return out
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or CONTEXT
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            tnode = message.find("translation")
            text = (tnode.text or "") if tnode is not None else ""
            kind = tnode.get("type", "") if tnode is not None else "unfinished"
            out[(name, source)] = (text, kind)
    return out


def merge(existing: Messages, sources: list[Key]) -> Messages:
    """Keep known translations; a source translated in another context is reused.

    A translation the code no longer asks for is kept as vanished (for a translator to
    reuse), unless the same source is still asked for in another context: it moved.
    """
    by_source: dict[str, str] = {}
    for (_ctx, source), (text, kind) in existing.items():
        if text and kind != "unfinished":
            by_source.setdefault(source, text)
    merged: Messages = {}
    wanted = set(sources)
    for key in sources:
        text, kind = existing.get(key, ("", "unfinished"))
        if not text or kind == "unfinished":
            text = by_source.get(key[1], text)
        merged[key] = (text, "" if text else "unfinished")
    live = {source for _ctx, source in wanted}
    for key, (text, _kind) in existing.items():
        if key not in wanted and text and key[1] not in live:
            merged[key] = (text, "vanished")
    return dict(sorted(merged.items()))


def problems(existing: Messages, sources: list[Key]) -> list[str]:
    """What ``--check`` reports: untranslated sources, and a .ts behind the code."""
    merged = merge(existing, sources)
    out = [f"untranslated: {key}" for key, (_t, kind) in merged.items() if kind == "unfinished"]
    out.extend(
        f"no longer in the code: {key}"
        for key, (_t, kind) in merged.items()
        if kind == "vanished" and existing.get(key, ("", ""))[1] != "vanished"
    )
    if merged != existing:
        ts = TS_PATH.relative_to(ROOT)
        out.append(f"{ts} is out of date: run scripts/update_translations.py")
    return out


def write_ts(messages: Messages, path: Path = TS_PATH) -> str:
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    for (ctx, source), (text, kind) in messages.items():
        if ctx not in contexts:
            contexts[ctx] = ET.SubElement(root, "context")
            ET.SubElement(contexts[ctx], "name").text = ctx
        message = ET.SubElement(contexts[ctx], "message")
        ET.SubElement(message, "source").text = source
        tnode = ET.SubElement(message, "translation")
        tnode.text = text
        if kind:
            tnode.set("type", kind)
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    text = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def lrelease() -> str | None:
    here = Path(sys.executable).parent
    for candidate in (here / "pyside6-lrelease", here / "pyside6-lrelease.exe"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_qm(ts: Path = TS_PATH, qm: Path = QM_PATH) -> None:
    tool = lrelease()
    if tool is None:
        raise SystemExit("error: no lrelease found (pip install PySide6-Essentials)")
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the .ts is out of date")
    parser.add_argument("--compile", action="store_true", help="only compile the .qm")
    opts = parser.parse_args(argv)
    if opts.compile:
        compile_qm()
        return 0
    existing = read_ts()
    sources = collect_sources()
    if opts.check:
        found = problems(existing, sources)
        for line in found:
            print(line)
        return 1 if found else 0
    merged = merge(existing, sources)
    unfinished = [key for key, (_t, k) in merged.items() if k == "unfinished"]
    write_ts(merged)
    compile_qm()
    print(f"{len(merged)} messages, {len(unfinished)} untranslated -> {QM_PATH.relative_to(ROOT)}")
    for source in unfinished:
        print(f"untranslated: {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
