"""The compiled build cache: reused when its key matches, rebuilt when a key changes or the file is
damaged (with a note), one entry per lexicon set, written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from convocoach.nlp.build import MAGIC, Trie, cache_path, load_signals
from convocoach.nlp.components import LeanSpanRuler, trie_matches
from convocoach.nlp.lexicons import load_lexicons
from convocoach.nlp.pipeline import speech_dashes

DISTRICT = """\
lexicon: district-words
version: 1
label: DISTRICT
move: invitational
valence: strength
entries:
  - id: DST-001
    pattern: "what would our students say"
    message: "'{match}' brings the students' view in."
    examples:
      match: ["So, what would our students say about it?"]
      no_match: ["What did the students say?"]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVOCOACH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    speech_dashes(nlp)
    return nlp


def _labels(nlp: spacy.language.Language, compiled_trie: Trie, text: str) -> list[str]:
    from spacy.attrs import LOWER

    doc = nlp.make_doc(text)
    return [nlp.vocab.strings[label] for _s, _e, label, _i in trie_matches(compiled_trie, doc.to_array(LOWER).tolist())]


def test_first_use_writes_the_cache_and_the_next_reads_it(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp, lexicons = _nlp(), load_lexicons()
    first = load_signals(nlp, lexicons)
    path = cache_path(nlp, lexicons)
    assert path.is_file() and path.read_bytes().startswith(MAGIC)
    assert [p.name for p in cache.iterdir() if p.is_file()] == [path.name]  # no temp file left behind

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again although the cache is good")

    monkeypatch.setattr("convocoach.nlp.build.compile_signals", no_compiling)
    again = load_signals(nlp, lexicons)
    assert again.key == first.key and again.trie.load_all() == first.trie.load_all()


@pytest.mark.parametrize("damage", [lambda b: b[: len(b) // 2], lambda b: b[:-1] + bytes([b[-1] ^ 1]),
                                    lambda b: b"", lambda b: b"not a cache at all"])
def test_a_damaged_cache_is_rebuilt_with_a_note(cache: Path, capsys: pytest.CaptureFixture[str],
                                                damage: object) -> None:
    nlp, lexicons = _nlp(), load_lexicons()
    good = load_signals(nlp, lexicons)
    path = cache_path(nlp, lexicons)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    capsys.readouterr()
    rebuilt = load_signals(nlp, lexicons)
    assert rebuilt.trie.load_all() == good.trie.load_all()
    assert "damaged" in capsys.readouterr().err
    assert load_signals(nlp, lexicons).key == good.key  # and the rebuilt file is good again
    assert "damaged" not in capsys.readouterr().err


def test_a_changed_key_rebuilds(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp, lexicons = _nlp(), load_lexicons()
    load_signals(nlp, lexicons)
    monkeypatch.setattr("convocoach.__version__", "99.0")
    calls: list[str] = []
    import convocoach.nlp.build as build

    real = build.compile_signals
    def counting(*args: object, **kwargs: object) -> object:
        calls.append("x")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "compile_signals", counting)
    assert '"99.0"' in load_signals(nlp, lexicons).key
    assert calls == ["x"]


def test_tokenizer_settings_are_part_of_the_key(cache: Path) -> None:
    from convocoach.nlp.build import build_key

    lexicons = load_lexicons()
    assert build_key(_nlp(), lexicons) != build_key(spacy.blank("en"), lexicons)
    assert cache_path(_nlp(), lexicons) != cache_path(spacy.blank("en"), lexicons)


def test_an_extra_lexicon_set_gets_its_own_entry(cache: Path, tmp_path: Path) -> None:
    d = tmp_path / "lex"
    d.mkdir()
    (d / "district.yml").write_text(DISTRICT, encoding="utf-8")
    nlp = _nlp()
    base, extended = load_lexicons(), load_lexicons([d])
    assert cache_path(nlp, base) != cache_path(nlp, extended)
    plain = load_signals(nlp, base)
    more = load_signals(nlp, extended)
    assert len(list(cache.glob("build-*"))) == 2
    text = "So, what would our students say about it?"
    assert "DISTRICT" in _labels(nlp, more.trie, text)
    assert "DISTRICT" not in _labels(nlp, plain.trie, text)


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CONVOCOACH_CACHE", str(blocker / "cache"))
    nlp = _nlp()
    ruler = LeanSpanRuler(nlp, name="t", spans_key="t", phrase_matcher_attr="LOWER")
    ruler.use_compiled(load_signals(nlp, load_lexicons()))
    doc = ruler(nlp.make_doc("I wonder what might happen."))
    assert any(s.label_ for s in doc.spans["t"])


def test_the_cache_folder_follows_convocoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from convocoach.io.cache import cache_dir

    monkeypatch.delenv("CONVOCOACH_CACHE", raising=False)
    monkeypatch.setenv("CONVOCOACH_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "cache"
    monkeypatch.delenv("CONVOCOACH_HOME")
    assert "convocoach" in str(cache_dir())


def test_validated_yaml_is_cached_and_problems_still_reported(cache: Path, tmp_path: Path) -> None:
    from convocoach.io.cache import load_model_cached
    from convocoach.io.yamlio import load_model
    from convocoach.model.errors import InputErrors
    from convocoach.nlp.lexicon_schema import LexiconFile

    path = tmp_path / "district.yml"
    path.write_text(DISTRICT, encoding="utf-8")
    first = load_model_cached(path, LexiconFile)
    assert len(list((cache / "models").iterdir())) == 1
    assert load_model_cached(path, LexiconFile) == first == load_model(path, LexiconFile)
    path.write_text(DISTRICT.replace("    pattern:", "    patern:"), encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        load_model_cached(path, LexiconFile)
    assert "district.yml:8:5" in str(info.value)
    entry = next((cache / "models").iterdir())
    entry.write_bytes(entry.read_bytes()[:-3])  # damaged: parsed again, never trusted
    path.write_text(DISTRICT, encoding="utf-8")
    assert load_model_cached(path, LexiconFile) == first
