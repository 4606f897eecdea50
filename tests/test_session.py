"""Session files: round-trips, strict validation, atomic writes, autosave, recent files."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradplot.engine.model import MAX_POINTS, Request
from gradplot.engine.switches import MAX_ORDER, MAX_PASSES
from gradplot.io.autosave import AutosaveStore, discard_autosave, pending_recovery, write_autosave
from gradplot.io.errors import SessionFileError
from gradplot.io.recent import MAX_RECENT, add_recent, parse_recent, remove_recent
from gradplot.io.schema import MAX_FILE_BYTES, SCHEMA, dumps, loads
from gradplot.io.storage import atomic_write_bytes, load_file, save_file
from gradplot.model import Deck, GradplotFile, Parameter, Session, Slide, Text, dtype_range_problem
from gradplot.model.session import MAX_PARAMETERS, MAX_SOURCE_CHARS, MAX_X_VALUES

# ------------------------------------------------------------------ strategies

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@st.composite
def ranges(draw: st.DrawFn) -> tuple[float, float]:
    lo = draw(finite)
    width = draw(st.floats(min_value=1e-6, max_value=1e6))
    return (lo, lo + width) if lo + width > lo else (lo, lo + 1.0)


@st.composite
def parameters(draw: st.DrawFn) -> tuple[Parameter, ...]:
    names = draw(
        st.lists(
            st.from_regex(r"[a-zA-Z][a-zA-Z0-9_]{0,10}", fullmatch=True),
            max_size=4,
            unique=True,
        )
    )
    out = []
    for name in names:
        lo, hi = draw(ranges())
        value = draw(st.floats(min_value=lo, max_value=hi))
        out.append(Parameter(name, value, lo, hi))
    return tuple(out)


texts = st.text(max_size=200)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    dtype = draw(st.sampled_from(["float32", "float64"]))
    return Session(
        source=draw(st.text(max_size=300).filter(lambda s: "\x00" not in s)),
        # a range must have width in its dtype
        x_range=draw(ranges().filter(
            lambda r: dtype_range_problem(r, dtype, is_range=True) is None)),
        points=draw(st.integers(min_value=2, max_value=MAX_POINTS)),
        x_values=draw(st.none() | st.lists(finite, min_size=1, max_size=20).map(tuple)),
        dtype=dtype,
        vector_input=draw(st.booleans()),
        detach=draw(st.booleans()),
        retain_graph=draw(st.booleans()),
        backward_passes=draw(st.integers(1, MAX_PASSES)),
        zero_grad=draw(st.booleans()),
        strict_backward=draw(st.booleans()),
        order=draw(st.integers(1, MAX_ORDER)),
        parameters=draw(parameters()),
        reference=draw(st.none() | st.text(max_size=50).filter(lambda s: "\x00" not in s)),
        view_x=draw(st.none() | ranges()),
        view_y=draw(st.none() | ranges()),
    )


localized = st.builds(
    Text,
    en=texts.filter(lambda s: "\x00" not in s),
    zh_hans=texts.filter(lambda s: "\x00" not in s),
)


@st.composite
def slides(draw: st.DrawFn) -> Slide:
    return Slide(
        title=draw(localized),
        session=draw(sessions()),
        notes=draw(localized),
        notice=draw(localized),
        expect_error=draw(st.none() | st.sampled_from(["backward_twice", "nonscalar_backward"])),
    )


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    items = draw(st.lists(slides(), max_size=4))
    items = [
        Slide(s.title, s.session, s.notes, s.notice, f"s{i}", s.expect_error)
        for i, s in enumerate(items)
    ]
    return Deck(title=draw(localized), slides=tuple(items), description=draw(localized))


# ------------------------------------------------------------------ round-trips


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_session_round_trip(s: Session) -> None:
    back = loads(dumps(s))
    assert back.session == s
    assert back.deck is None
    assert back.ignored_keys == ()


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(decks(), st.none() | sessions())
def test_deck_round_trip(deck: Deck, s: Session | None) -> None:
    current = 0 if deck.slides else None
    f = GradplotFile(session=s, deck=deck, current_slide=current)
    back = loads(dumps(f).encode("utf-8"))
    assert back == f


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_deck_round_trip_through_file(tmp_path_factory: pytest.TempPathFactory, deck: Deck) -> None:
    path = tmp_path_factory.mktemp("rt") / "deck.gradplot"
    save_file(path, deck)
    assert load_file(path).deck == deck


def test_to_request_carries_every_setting() -> None:
    s = Session(
        source="a*sin(b*x)",
        x_range=(-1, 2),
        points=17,
        dtype="float64",
        vector_input=False,
        detach=False,
        retain_graph=True,
        backward_passes=3,
        zero_grad=False,
        strict_backward=True,
        order=2,
        parameters=(Parameter("a", 2.0, 0, 3), Parameter("b", -1.5, -2, 2)),
        reference="cos(x)",
    )
    r = s.to_request(time_limit=1.5, request_id=7)
    assert r == Request(
        source="a*sin(b*x)",
        x_range=(-1.0, 2.0),
        points=17,
        x_values=None,
        params={"a": 2.0, "b": -1.5},
        dtype="float64",
        time_limit=1.5,
        vector_input=False,
        detach=False,
        retain_graph=True,
        backward_passes=3,
        zero_grad=False,
        strict_backward=True,
        order=2,
        request_id=7,
    )
    ref = s.reference_request()
    assert ref is not None and ref.source == "cos(x)" and ref.order == 1
    assert ref.x_range == r.x_range and ref.params == r.params
    assert Session(reference="  ").reference_request() is None


def test_from_request_round_trip() -> None:
    r = Request(source="a*x", x_values=(0.0, 1.0), params={"a": 9.0}, order=3)
    s = Session.from_request(r, reference="a")
    assert s.parameters == (Parameter("a", 9.0, -5.0, 9.0),)
    assert s.to_request() == r


def test_ints_are_normalised_to_floats() -> None:
    s = Session(x_range=(0, 3), x_values=(0, 1, 2, 3))
    assert all(type(v) is float for v in (*s.x_range, *(s.x_values or ())))
    assert '"x_values": [\n   0.0,' in dumps(s)


def test_text_language_fallback() -> None:
    t = Text("Gradient", "梯度")
    assert t.get("en") == "Gradient"
    assert t.get("zh_CN") == "梯度" and t.get("zh-Hans") == "梯度" and t.get("zh") == "梯度"
    assert Text("only english").get("zh_CN") == "only english"
    assert Text("", "只有中文").get("en") == "只有中文"


def test_chinese_is_written_readably() -> None:
    text = dumps(Deck(Text("t", "自动微分")))
    assert "自动微分" in text


# ------------------------------------------------------------------ validation


def _doc(**session: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"source": "sin(x)"}
    base.update(session)
    return {"format": "gradplot", "schema": 1, "session": base}


def _refused(doc: object, reason: str = "invalid") -> str:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(SessionFileError) as info:
        loads(text)
    assert info.value.reason == reason, str(info.value)
    return str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("points", 0, "points"),
        ("points", 1, "points"),
        ("points", MAX_POINTS + 1, "points"),
        ("points", 10.0, "whole number"),
        ("points", True, "whole number"),
        ("points", "400", "whole number"),
        ("order", 0, "order"),
        ("order", 5, "order"),
        ("backward_passes", 0, "backward_passes"),
        ("backward_passes", 4, "backward_passes"),
        ("detach", 1, "true or false"),
        ("vector_input", "yes", "true or false"),
        ("dtype", "float16", "dtype"),
        ("dtype", 32, "text"),
        ("x_range", [1, 0], "low end below"),
        ("x_range", [0, 0], "low end below"),
        ("x_range", [0], "two numbers"),
        ("x_range", [0, 1, 2], "too long"),
        ("x_range", [-1.7e308, 1.7e308], "too wide"),
        ("x_range", "0..3", "list"),
        ("x_values", [], "x values"),
        ("x_values", [0, "1"], "number"),
        ("x_values", list(range(MAX_X_VALUES + 1)), "too long"),
        ("source", 42, "text"),
        ("source", "x" * (MAX_SOURCE_CHARS + 1), "too long"),
        ("source", "sin(x)\x00", "NUL"),
        ("reference", ["cos(x)"], "text"),
        ("view_y", [2, 1], "low end below"),
        ("parameters", {"a": 1}, "list"),
        ("parameters", [{"name": "a"}] * 2, "twice"),
        ("parameters", [{"value": 1}], "no name"),
        ("parameters", [{"name": "_hidden"}], "not a valid name"),
        ("parameters", [{"name": "a b"}], "not a valid name"),
        ("parameters", [{"name": "a", "value": 9, "min": 0, "max": 1}], "outside"),
        ("parameters", [{"name": "a", "min": 2, "max": 1}], "low end below"),
        ("parameters", [{"name": f"p{i}"} for i in range(MAX_PARAMETERS + 1)], "too long"),
    ],
)
def test_bad_session_values_are_refused(field: str, value: object, fragment: str) -> None:
    message = _refused(_doc(**{field: value}))
    assert fragment in message
    assert message.startswith("The file cannot be used:")


def test_overflowing_number_is_not_finite() -> None:
    text = '{"format": "gradplot", "schema": 1, "session": {"source": "x", "x_range": [0, 1e400]}}'
    assert "finite" in _refused(text)
    _refused(text.replace("1e400", "Infinity"), "damaged")


def test_messages_say_where() -> None:
    doc = {
        "format": "gradplot",
        "schema": 1,
        "deck": {"title": "d", "slides": [{"session": {"source": "x"}}, {"session": {}}]},
    }
    assert "slide 2 › session has no function source" in _refused(doc)


@pytest.mark.parametrize(
    "doc",
    [
        {"format": "gradplot", "schema": 1},
        {"format": "gradplot", "schema": 1, "session": None, "deck": None},
        {"format": "gradplot", "schema": 1, "session": {"source": "x"}, "current_slide": 0},
        {"format": "gradplot", "schema": 1, "deck": {"slides": []}, "current_slide": 3},
        {"format": "gradplot", "schema": 1, "session": [1]},
        {"format": "gradplot", "schema": 1, "deck": {"slides": [{"title": "no session"}]}},
        {"format": "gradplot", "schema": 1, "deck": {"slides": [], "title": {"en": 3}}},
        {
            "format": "gradplot",
            "schema": 1,
            "deck": {
                "slides": [
                    {"id": "a", "session": {"source": "x"}},
                    {"id": "a", "session": {"source": "x"}},
                ]
            },
        },
        {
            "format": "gradplot",
            "schema": 1,
            "deck": {"slides": [{"id": "../etc", "session": {"source": "x"}}]},
        },
        {
            "format": "gradplot",
            "schema": 1,
            "deck": {"slides": [{"expect_error": "Not A Kind!", "session": {"source": "x"}}]},
        },
    ],
)
def test_bad_documents_are_refused(doc: dict[str, Any]) -> None:
    _refused(doc)


_HEAD = '{"format": "gradplot", "schema": 1, '


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "damaged"),
        ("{", "damaged"),
        ("[]", "not_gradplot"),
        ('{"format": "other", "schema": 1}', "not_gradplot"),
        ('{"schema": 1, "session": {"source": "x"}}', "not_gradplot"),
        ('{"format": "gradplot", "session": {"source": "x"}}', "damaged"),
        ('{"format": "gradplot", "schema": "1", "session": {"source": "x"}}', "damaged"),
        ('{"format": "gradplot", "schema": 0, "session": {"source": "x"}}', "damaged"),
        (_HEAD + '"session": {"source": "x", "points": NaN}}', "damaged"),
        (_HEAD + '"session": {"source": "x"}, "schema": 1}', "damaged"),
        (_HEAD + '"x": ' + "[" * 100_000 + "]" * 100_000 + "}", "damaged"),
        (_HEAD + '"session": {"source": "x", "points": 1' + "0" * 5000 + "}}", "damaged"),
    ],
)  # fmt: skip
def test_damaged_text_is_refused(text: str, reason: str) -> None:
    _refused(text, reason)


def test_non_utf8_and_oversized_bytes_are_refused() -> None:
    with pytest.raises(SessionFileError) as info:
        loads(b'{"format": "gradplot", "\xff\xfe": 1}')
    assert info.value.reason == "damaged"
    with pytest.raises(SessionFileError) as info:
        loads(b" " * (MAX_FILE_BYTES + 1))
    assert info.value.reason == "too_large"


def test_bom_is_accepted() -> None:
    data = "\ufeff".encode() + dumps(Session()).encode()
    assert loads(data).session == Session()


def test_unknown_keys_are_ignored_and_reported() -> None:
    doc = _doc(colour="red")
    doc["future_feature"] = {"anything": 1}
    f = loads(json.dumps(doc))
    assert f.session == Session(source="sin(x)")
    assert set(f.ignored_keys) == {"session.colour", "future_feature"}


def test_newer_schema_is_refused_with_a_clear_message() -> None:
    doc = _doc()
    doc["schema"] = SCHEMA + 1
    doc["app_version"] = "9.0"
    message = _refused(doc, "newer")
    assert "newer version of gradplot" in message and "9.0" in message
    assert "Update gradplot" in message


def test_newer_schema_is_refused_even_if_its_content_is_strange() -> None:
    _refused({"format": "gradplot", "schema": 99, "session": "whatever"}, "newer")


# ------------------------------------------------------------------ files on disk


def _write(path: Path, data: bytes) -> bytes:
    path.write_bytes(data)
    return data


@pytest.mark.parametrize(
    "data",
    [
        b'{"format": "gradplot", "schema": 1, "session": {"source": "x", "points": -1}}',
        b'{"format": "gradplot", "schema": 1, "sess',
        b"\x00\x01\x02 binary junk",
        b'{"format": "gradplot", "schema": 7, "session": {"source": "x"}}',
        b'{"format": "something-else"}',
    ],
)
def test_unreadable_file_is_refused_and_never_overwritten(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "lesson.gradplot"
    _write(path, data)
    mtime = path.stat().st_mtime_ns
    with pytest.raises(SessionFileError) as info:
        load_file(path)
    assert "lesson.gradplot" in str(info.value) and info.value.path == path
    # saving over it is refused too, unless forced
    with pytest.raises(SessionFileError) as info:
        save_file(path, Session())
    assert info.value.reason == "refuse_overwrite"
    assert "not overwritten" in str(info.value)
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.gradplot"]
    save_file(path, Session(), force=True)
    assert load_file(path).session == Session()


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError) as info:
        load_file(tmp_path / "nope.gradplot")
    assert info.value.reason == "io" and "does not exist" in str(info.value)
    with pytest.raises(SessionFileError) as info:
        load_file(tmp_path)
    assert info.value.reason == "not_file" and "folder" in str(info.value)


def test_save_over_own_file_and_keep_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.gradplot"
    save_file(path, Session(source="x"))
    if sys.platform != "win32":
        os.chmod(path, 0o640)
    save_file(path, Session(source="x**2"))
    loaded = load_file(path).session
    assert loaded is not None and loaded.source == "x**2"
    if sys.platform != "win32":
        assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.gradplot"]


@pytest.mark.parametrize("fail_at", ["write", "fsync", "replace"])
def test_atomic_save_survives_a_crash_mid_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    path = tmp_path / "lesson.gradplot"
    save_file(path, Session(source="old(x)"))
    before = path.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if fail_at == "replace":
        monkeypatch.setattr(os, "replace", boom)
    elif fail_at == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class Torn:
            def __init__(self, fd: int, mode: str) -> None:
                self._fh = real_fdopen(fd, mode)

            def __enter__(self) -> Torn:
                return self

            def __exit__(self, *exc: object) -> None:
                self._fh.close()

            def write(self, data: bytes) -> int:
                self._fh.write(data[: len(data) // 2])  # half the bytes reach the disk
                raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fdopen", Torn)
    with pytest.raises(SessionFileError) as info:
        save_file(path, Session(source="new(x)"))
    assert info.value.reason == "io" and "unchanged" in str(info.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.gradplot"]  # no temp litter


def test_atomic_write_survives_a_killed_process(tmp_path: Path) -> None:
    """A process killed between writing the temp file and the rename leaves the old file."""
    path = tmp_path / "lesson.gradplot"
    save_file(path, Session(source="old(x)"))
    before = path.read_bytes()
    script = f"""
import os
from gradplot.io.storage import save_file
from gradplot.model import Session
def die(*a, **k):
    os._exit(9)
os.replace = die
save_file({str(path)!r}, Session(source="new(x)"))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    assert done.returncode == 9
    assert path.read_bytes() == before
    assert load_file(path).session == Session(source="old(x)")
    # the orphaned temp file is hidden, next to the target, and never a .gradplot
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "lesson.gradplot"]
    assert all(n.startswith(".lesson.gradplot.") and n.endswith(".tmp") for n in leftovers)


def test_atomic_write_bytes_creates_new_file(tmp_path: Path) -> None:
    target = tmp_path / "new.bin"
    atomic_write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"


def test_save_into_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError) as info:
        save_file(tmp_path / "no" / "such" / "dir.gradplot", Session())
    assert info.value.reason == "io"


# ------------------------------------------------------------------ autosave


def test_autosave_clean_exit_offers_nothing(tmp_path: Path) -> None:
    store = AutosaveStore(tmp_path)
    store.write_autosave(Session(source="x**3"))
    assert store.autosave_path.exists() and store.marker_path.exists()
    assert store.pending_recovery() is None  # our own autosave is not a crash
    store.discard_autosave()
    assert list(tmp_path.iterdir()) == []
    assert AutosaveStore(tmp_path).pending_recovery() is None


def _crashed_run(directory: Path, content: str) -> None:
    """A separate gradplot process that autosaves and then dies without cleaning up."""
    script = f"""
import os
from gradplot.io.autosave import write_autosave
from gradplot.model import Deck, GradplotFile, Session, Slide, Text
deck = Deck(Text("Mine", "我的"), (Slide(Text("s"), Session(source={content!r})),))
write_autosave(GradplotFile(deck=deck, current_slide=0),
               directory={str(directory)!r}, origin="/tmp/lesson.gradplot")
os._exit(1)
"""
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)


def test_autosave_after_a_crash_is_recovered(tmp_path: Path) -> None:
    _crashed_run(tmp_path, "sin(x)**2")
    store = AutosaveStore(tmp_path)
    recovery = store.pending_recovery()
    assert recovery is not None and recovery.error is None
    assert recovery.content is not None and recovery.content.deck is not None
    assert recovery.content.deck.slides[0].session.source == "sin(x)**2"
    assert recovery.content.current_slide == 0
    assert recovery.origin is not None and recovery.origin.name == "lesson.gradplot"
    # recovered content is an ordinary gradplot file: it can be opened like one
    assert load_file(recovery.path).deck == recovery.content.deck
    store.discard_autosave(recovery)
    assert store.pending_recovery() is None
    assert list(tmp_path.iterdir()) == []


def test_crash_before_first_autosave_offers_nothing(tmp_path: Path) -> None:
    (tmp_path / "autosave-999999999.running").write_text("{}")
    assert AutosaveStore(tmp_path).pending_recovery() is None


def test_damaged_autosave_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "autosave-999999999.running").write_text("{}")
    (tmp_path / "autosave-999999999.gradplot").write_bytes(b"{broken")
    recovery = AutosaveStore(tmp_path).pending_recovery()
    assert recovery is not None and recovery.content is None
    assert recovery.error is not None and "damaged" in recovery.error


def test_autosave_of_a_running_process_is_not_offered(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("liveness check is POSIX only")
    parent = os.getppid()
    (tmp_path / f"autosave-{parent}.running").write_text("{}")
    AutosaveStore(tmp_path).write_autosave(Session())
    (tmp_path / f"autosave-{os.getpid()}.gradplot").rename(tmp_path / f"autosave-{parent}.gradplot")
    assert AutosaveStore(tmp_path).pending_recovery() is None


def test_module_level_autosave_functions(tmp_path: Path) -> None:
    path = write_autosave(Session(source="x"), directory=tmp_path)
    assert path.parent == tmp_path
    assert pending_recovery(directory=tmp_path) is None
    discard_autosave(directory=tmp_path)
    assert not path.exists()


def test_default_autosave_dir_is_the_user_data_dir() -> None:
    store = AutosaveStore()
    assert "gradplot" in str(store.directory).lower()


def test_autosave_into_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(SessionFileError) as info:
        AutosaveStore(blocker / "sub").write_autosave(Session())
    assert info.value.reason == "io"


# ------------------------------------------------------------------ recent files


def test_recent_files(tmp_path: Path) -> None:
    a, b, c = (str(tmp_path / n) for n in ("a.gradplot", "b.gradplot", "c.gradplot"))
    recent: list[str] = []
    for p in (a, b, c, a):
        recent = add_recent(recent, p)
    assert recent == [a, c, b]
    assert add_recent(recent, tmp_path / "sub" / ".." / "b.gradplot")[0] == b
    assert len(add_recent([str(tmp_path / f"{i}") for i in range(20)], a)) == MAX_RECENT
    assert remove_recent(recent, c) == [a, b]


def test_parse_recent_is_lenient() -> None:
    assert parse_recent(None) == []
    assert parse_recent(42) == []
    one = parse_recent("/x/a.gradplot")
    assert len(one) == 1 and one[0].endswith("a.gradplot")
    assert parse_recent(["/x/a", 3, "", "/x/a", "\x00bad", "/x/b"]) == [
        os.path.abspath("/x/a"),
        os.path.abspath("/x/b"),
    ]


def test_session_modules_import_no_qt() -> None:
    code = (
        "import sys, gradplot.model.session, gradplot.io.schema, gradplot.io.storage, "
        "gradplot.io.autosave, gradplot.io.recent; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'superqt')"
        " or m.startswith('gradplot.ui')]; "
        "assert not bad, bad; "
        "assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_math_constants_survive() -> None:
    s = Session(x_range=(-2 * math.pi, 2 * math.pi))
    back = loads(dumps(s)).session
    assert back is not None and back.x_range == (-2 * math.pi, 2 * math.pi)
