"""Languages: English and Simplified Chinese through Qt's translation system.

The source language is English. ``resources/translations/gradplot_zh_CN.ts`` holds the
Chinese text; ``scripts/update_translations.py`` refreshes it from the code and compiles
``gradplot/resources/translations/gradplot_zh_CN.qm``, which ships in the package.
Everything goes through :func:`translate`: the UI's strings in the context ``gradplot``,
the engine's message templates (:mod:`gradplot.engine.messages`) in ``engine``.

Widgets set plain English text as usual. :func:`retranslate` walks a widget tree and
swaps every user-visible string (text, title, tooltip, accessible name, placeholder,
combo items, spin-box special text, menu and action text) for its translation, keeping
the English source in a dynamic property so a later walk can switch back or pick up a
text the code changed meanwhile. A string built at run time is built in the current
language (:func:`trf`); :func:`set_text` lets a later walk build it again in another.
Errors and notes are rendered again from the messages they carry
(:func:`localize_error`, :func:`localize_note`).

The chosen language (System / English / 简体中文) is stored in QSettings under
``ui/language``; :func:`current_language` is the one place that says which language
the UI, the lessons and the error explanations show.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSettings, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from gradplot.engine.messages import Message
from gradplot.engine.model import ErrorInfo, Note

# the UI language; lesson files say "zh-Hans", and gradplot.model.Text.get reads both
Language = Literal["en", "zh"]
Choice = Literal["system", "en", "zh"]

CONTEXT = "gradplot"
ENGINE_CONTEXT = "engine"  # the templates of gradplot.engine.messages
SETTINGS_KEY = "ui/language"
CHOICES: tuple[Choice, ...] = ("system", "en", "zh")
# How each choice names itself in the menu: always in its own language.
CHOICE_LABELS: dict[Choice, str] = {"system": "System", "en": "English", "zh": "简体中文"}
QM_NAME = "gradplot_zh_CN.qm"

_state: dict[str, object] = {"language": "en", "translator": None}


# --- which language -------------------------------------------------------------------
def translations_dir() -> Path:
    """Where the compiled ``.qm`` files live inside the installed package."""
    return Path(__file__).resolve().parent.parent / "resources" / "translations"


def _settings(settings: QSettings | None) -> QSettings:
    if settings is not None:
        return settings
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gradplot", "gradplot")


def language_choice(settings: QSettings | None = None) -> Choice:
    """The stored choice: ``system`` (the default), ``en`` or ``zh``."""
    value = _settings(settings).value(SETTINGS_KEY, "system")
    return value if value in CHOICES else "system"


def set_language_choice(choice: Choice, settings: QSettings | None = None) -> None:
    if choice not in CHOICES:
        raise ValueError(f"unknown language choice {choice!r}")
    s = _settings(settings)
    s.setValue(SETTINGS_KEY, choice)
    s.sync()


def system_language(locale: QLocale | None = None) -> Language:
    loc = locale if locale is not None else QLocale.system()
    for name in (loc.name(), *loc.uiLanguages()):
        if name.lower().replace("_", "-").startswith("zh"):
            return "zh"
    return "en"


def resolve(choice: Choice, locale: QLocale | None = None) -> Language:
    if choice == "system":
        return system_language(locale)
    return choice


def current_language() -> Language:
    """The language the UI shows now: ``"en"`` or ``"zh"``."""
    return "zh" if _state["language"] == "zh" else "en"


def set_language(language: Language) -> Language:
    """Install (or remove) the Chinese translator on the running application.

    Falls back to English when the compiled catalogue is missing. Returns the
    language now in effect. Widgets already built need :func:`retranslate`.
    """
    app = QCoreApplication.instance()
    old = _state["translator"]
    if isinstance(old, QTranslator) and app is not None:
        app.removeTranslator(old)
    _state["translator"] = None
    _state["language"] = "en"
    if language == "zh" and app is not None:
        translator = QTranslator(app)
        if translator.load(str(translations_dir() / QM_NAME)):
            app.installTranslator(translator)
            _state["translator"] = translator
            _state["language"] = "zh"
    return current_language()


def install(settings: QSettings | None = None, locale: QLocale | None = None) -> Language:
    """Apply the stored choice (System follows the locale); call once after QApplication."""
    return set_language(resolve(language_choice(settings), locale))


# --- translating one string -------------------------------------------------------------
# Static strings shown only at run time (status messages, panel headings); listed so the
# translation scan finds them. Strings built at run time are trf() calls where they are
# built: the scan collects their templates.
RUNTIME_STRINGS: tuple[str, ...] = (
    "Loading PyTorch…",
    "Evaluating…",
    "Loop",  # a parameter's play menu
    "Bounce",
    "Speed",
    "Step",
)


def translate(text: str, context: str = CONTEXT) -> str:
    """``text`` in the current language (unchanged in English or when unknown)."""
    if not text or current_language() == "en":
        return text
    return QCoreApplication.translate(context, text)


def tr(text: str) -> str:
    """Shorthand used by gradplot's own widgets (the scan collects its arguments)."""
    return translate(text)


def trf(template: str, *args: object) -> str:
    """A translated template with ``%1``, ``%2``... filled in."""
    out = translate(template)
    for k, value in enumerate(args, start=1):
        out = out.replace(f"%{k}", str(value))
    return out


def has_translation(text: str, context: str = CONTEXT) -> bool:
    """Whether ``text`` has a translation in the installed catalogue (zh only)."""
    return translate(text, context) != text


# --- errors and notes -------------------------------------------------------------------
def render(message: Message) -> str:
    """An engine message in the current language, from its translated template.

    A translation whose fields do not fit its template falls back to the English one:
    the check in scripts/update_translations.py keeps that from happening.
    """
    try:
        return message.render(lambda template: translate(template, ENGINE_CONTEXT))
    except (KeyError, IndexError, ValueError):
        return message.render()


def localize_error(info: ErrorInfo) -> ErrorInfo:
    """``info`` in the current UI language: each text rendered again from its message.

    A text not rendered from a message (code, or an ErrorInfo written by hand) is shown
    as it is.
    """
    if info.texts is None or current_language() == "en":
        return info
    title, explanation, hint = (
        text if message is None else render(message)
        for text, message in zip((info.title, info.explanation, info.hint), info.texts, strict=True)
    )
    return dataclasses.replace(info, title=title, explanation=explanation, hint=hint)


def localize_note(note: Note) -> Note:
    """``note`` in the current UI language (as it is when it has no message)."""
    if note.text is None or current_language() == "en":
        return note
    return dataclasses.replace(note, message=render(note.text))


def where_text(info: ErrorInfo) -> str:
    """Where the error is in the source (``line 2, column 5``), in the UI language."""
    if info.line is None:
        return ""
    if info.column is None:
        return trf("line %1", info.line)
    return trf("line %1, column %2", info.line, info.column)


# the heading of each kind of note (the notes panel's own)
NOTE_HEADS: dict[str, str] = {
    "branch": "Control flow",
    "nonfinite": "Gaps",
    "point_timeout": "Points left out",
    "output": "Printed",
    "detach_off": "detach() off",
    "constant": "Note",
    "not_differentiable": "Note",
    "engine_restarted": "Engine restarted",
    "info": "Note",
}


def note_head(kind: str, line: int | None = None) -> str:
    """The heading of a note of ``kind`` (and its line) in the current UI language."""
    head = translate(NOTE_HEADS.get(kind, NOTE_HEADS["info"]))
    return head if line is None else trf("%1, line %2", head, line)


# --- what needs no translation ------------------------------------------------------------
_CODE_TAG = re.compile(r"<code>.*?</code>", re.S)
_TAG = re.compile(r"<[^>]+>")
_KEY_SEQUENCE = re.compile(r"\b(?:Ctrl|Alt|Shift|Meta|Cmd)\+\S+|\bF\d{1,2}\b")
_CODE_TOKEN = re.compile(r"\S*(?:[A-Za-z0-9_]\.[A-Za-z_]|\w\(|\(\)|[_=\[\]])\S*")
# words that stay as they are in every language: names, and PyTorch's vocabulary
TECHNICAL_WORDS = frozenset({"gradplot", "PyTorch", "torch", "autograd", "grad", "dx", "df"})
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def is_technical(text: str) -> bool:
    """True when ``text`` has no natural-language word to translate (code, numbers, keys)."""
    t = _TAG.sub(" ", _CODE_TAG.sub(" ", text))
    t = _CODE_TOKEN.sub(" ", _KEY_SEQUENCE.sub(" ", html.unescape(t)))
    return all(word in TECHNICAL_WORDS for word in re.findall(r"[A-Za-z]{2,}", t))


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


# --- translating a widget tree ----------------------------------------------------------
Getter = Callable[[], str]
Setter = Callable[[str], None]


def _swap(obj: QObject, key: str, get: Getter, set_: Setter, seen: list[str] | None) -> None:
    current = get()
    src_key, out_key, build_key = f"_i18n_src_{key}", f"_i18n_out_{key}", f"_i18n_build_{key}"
    stored_src = obj.property(src_key)
    stored_out = obj.property(out_key)
    build = obj.property(build_key)
    if callable(build) and current == stored_out:
        target = build()  # a run-time string: built again, in the current language
        if target != current:
            set_(target)
        obj.setProperty(out_key, get())
        return
    if build is not None:  # the code has set another text since
        obj.setProperty(build_key, None)
    if isinstance(stored_src, str) and isinstance(stored_out, str) and current == stored_out:
        source = stored_src
    else:
        source = current
    if seen is not None and source:
        seen.append(source)
    target = translate(source)
    if target != current:
        set_(target)
    obj.setProperty(src_key, source)
    obj.setProperty(out_key, get())


def builder(obj: QObject, key: str) -> Callable[[], str] | None:
    """What builds ``obj``'s text ``key`` (:func:`set_text`), while it shows that text."""
    build = obj.property(f"_i18n_build_{key}")
    out = obj.property(f"_i18n_out_{key}")
    current = dict((slot, get) for slot, get, _set in text_slots(obj)).get(key)
    if callable(build) and current is not None and current() == out:
        return build  # type: ignore[no-any-return]
    return None


def set_text(obj: QObject, key: str, build: Callable[[], str]) -> None:
    """Show ``build()`` in ``obj``'s text slot ``key`` (see :func:`text_slots`) now, and
    build it again whenever :func:`retranslate` passes in another language.

    For strings made at run time (``trf("%1 of %2 points", done, total)``): the walk
    cannot translate the finished text, so it asks for a new one.
    """
    for slot, get, set_ in text_slots(obj):
        if slot == key:
            set_(build())
            obj.setProperty(f"_i18n_build_{key}", build)
            obj.setProperty(f"_i18n_out_{key}", get())
            return
    raise KeyError(f"{type(obj).__name__} has no text slot {key!r}")


def text_slots(obj: QObject) -> Iterable[tuple[str, Getter, Setter]]:
    """Every user-visible string of one widget or action, as (key, get, set)."""
    if isinstance(obj, QAction):
        yield "text", obj.text, obj.setText
        yield "iconText", obj.iconText, obj.setIconText
        yield "toolTip", obj.toolTip, obj.setToolTip
        yield "statusTip", obj.statusTip, obj.setStatusTip
        return
    if not isinstance(obj, QWidget):
        return
    w = obj
    if w.isWindow() or isinstance(w, QDockWidget):
        yield "windowTitle", w.windowTitle, w.setWindowTitle
    yield "toolTip", w.toolTip, w.setToolTip
    yield "accessibleName", w.accessibleName, w.setAccessibleName
    yield "accessibleDescription", w.accessibleDescription, w.setAccessibleDescription
    yield "statusTip", w.statusTip, w.setStatusTip
    yield "whatsThis", w.whatsThis, w.setWhatsThis
    if isinstance(w, QLabel | QAbstractButton):
        yield "text", w.text, w.setText
    elif isinstance(w, QGroupBox | QMenu):
        yield "title", w.title, w.setTitle
    elif isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
        yield "placeholderText", w.placeholderText, w.setPlaceholderText
    if isinstance(w, QAbstractSpinBox):
        yield "specialValueText", w.specialValueText, w.setSpecialValueText
    if isinstance(w, QComboBox) and not w.isEditable():
        for i in range(w.count()):
            yield (
                f"item{i}",
                lambda i=i: w.itemText(i),  # type: ignore[misc]
                lambda t, i=i: w.setItemText(i, t),  # type: ignore[misc]
            )
    if isinstance(w, QTabWidget):
        for i in range(w.count()):
            yield (
                f"tab{i}",
                lambda i=i: w.tabText(i),  # type: ignore[misc]
                lambda t, i=i: w.setTabText(i, t),  # type: ignore[misc]
            )
            yield (
                f"tabTip{i}",
                lambda i=i: w.tabToolTip(i),  # type: ignore[misc]
                lambda t, i=i: w.setTabToolTip(i, t),  # type: ignore[misc]
            )


def objects_of(root: QWidget) -> list[QObject]:
    """root, its descendant widgets and every action they hold (menus included)."""
    out: list[QObject] = [root]
    out.extend(root.findChildren(QWidget))
    actions: list[QAction] = []
    for w in out:
        assert isinstance(w, QWidget)
        actions.extend(w.actions())
        if isinstance(w, QMenu):
            actions.append(w.menuAction())
    actions.extend(root.findChildren(QAction))
    seen: set[int] = set()
    for a in actions:
        if id(a) not in seen:
            seen.add(id(a))
            out.append(a)
    return out


def retranslate(root: QWidget, seen: list[str] | None = None) -> None:
    """Show every string under ``root`` in the current language (idempotent).

    ``seen`` collects the English source of every string visited (for the scan).
    """
    for obj in objects_of(root):
        if obj.property("i18n_exempt"):
            continue
        for key, get, set_ in text_slots(obj):
            _swap(obj, key, get, set_, seen)
