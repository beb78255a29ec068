"""Optional machine translation: content cache, structure, engines, failure modes.

No test needs argostranslate or a model: the Argos wrapper is checked against
stand-in modules, and its absence is simulated even where it is installed.
"""

from __future__ import annotations

import json
import sys
import types

import jsonschema
import pytest

from conftest import ROOT
from generator.ingest import read_all
from generator.models import Article, Block, BuildReport
from generator.pipeline import extract_all
from generator.translate import machine
from generator.translate.machine import (
    ArgosEngine,
    FakeEngine,
    MachineTranslationError,
    MachineTranslationUnavailable,
    TranslationCache,
    engine_from_settings,
    machine_translate,
)

ARGOS_MODULES = ("argostranslate", "argostranslate.package", "argostranslate.translate")


def article(**changes) -> Article:
    art = Article(
        path="seeds/x.txt",
        id="x",
        title="لافروف يلتقي نظيره الأرميني في موسكو",
        kicker="عاجل",
        summary=["التقى وزير الخارجية الروسي نظيره الأرميني.", "وبحثا الوضع في كاراباخ."],
        body=[
            Block("paragraph", "التقى وزير الخارجية الروسي سيرغي لافروف اليوم نظيره الأرميني."),
            Block("heading", "الوضع في كاراباخ"),
            Block("paragraph", "وبحث الجانبان الوضع في كاراباخ."),
            Block("paragraph", "وأكد الوزيران أهمية الحوار."),
        ],
    )
    for key, value in changes.items():
        setattr(art, key, value)
    return art


def distinct_texts(art: Article) -> set[str]:
    return {art.title, art.kicker, *art.summary, *(b.text for b in art.body)} - {None}


# --- caching by content ------------------------------------------------------


def test_first_run_sends_each_text_once_in_one_call(tmp_path):
    art = article()
    art.body.append(Block("paragraph", art.summary[1]))  # the same text twice
    engine = FakeEngine()
    machine_translate(art, engine, TranslationCache(tmp_path))
    assert len(engine.calls) == 1
    assert sorted(engine.texts) == sorted(distinct_texts(art))


def test_second_run_makes_no_engine_call(tmp_path):
    art = article()
    first = machine_translate(art, FakeEngine(), TranslationCache(tmp_path))
    engine = FakeEngine()
    second = machine_translate(art, engine, TranslationCache(tmp_path))
    assert engine.calls == []
    assert second == first


def test_a_changed_paragraph_is_the_only_text_translated_again(tmp_path):
    machine_translate(article(), FakeEngine(), TranslationCache(tmp_path))
    changed = article()
    changed.body[2] = Block("paragraph", "وبحث الجانبان الوضع في ناغورني كاراباخ.")
    engine = FakeEngine()
    out = machine_translate(changed, engine, TranslationCache(tmp_path))
    assert engine.calls == [["وبحث الجانبان الوضع في ناغورني كاراباخ."]]
    assert out.body[2].text == FakeEngine().translate([changed.body[2].text])[0]


def test_the_cache_is_per_engine(tmp_path):
    machine_translate(article(), FakeEngine(), TranslationCache(tmp_path))

    class OtherModel(FakeEngine):
        name = "fake@2"

    engine = OtherModel()
    out = machine_translate(article(), engine, TranslationCache(tmp_path))
    assert sorted(engine.texts) == sorted(distinct_texts(article()))
    assert out.engine == "fake@2"


def test_cache_files_are_json_named_by_content_hash(tmp_path):
    cache = TranslationCache(tmp_path / "mt")
    cache.put("fake", "نص", "text")
    files = list((tmp_path / "mt").iterdir())
    assert [f.name for f in files] == [TranslationCache.key("fake", "نص") + ".json"]  # no temp file left
    assert json.loads(files[0].read_text(encoding="utf-8")) == {"engine": "fake", "source": "نص", "text": "text"}
    assert cache.get("fake", "نص") == "text"
    assert cache.get("fake", "نص آخر") is None
    assert cache.get("argos:ar-en@1.0", "نص") is None
    cache.put("argos:ar-en@1.0", "نص", "a text")  # same text, other engine: its own entry
    assert cache.get("fake", "نص") == "text"
    assert cache.get("argos:ar-en@1.0", "نص") == "a text"


def test_a_corrupt_cache_file_is_a_miss_and_is_rewritten(tmp_path):
    cache = TranslationCache(tmp_path)
    art = article()
    machine_translate(art, FakeEngine(), cache)
    (tmp_path / (TranslationCache.key("fake", art.title) + ".json")).write_text("{not json", encoding="utf-8")
    engine = FakeEngine()
    out = machine_translate(art, engine, TranslationCache(tmp_path))
    assert engine.calls == [[art.title]]
    assert TranslationCache(tmp_path).get("fake", art.title) == out.title


# --- structure -----------------------------------------------------------------


def test_headings_and_paragraphs_keep_their_types_and_order(tmp_path):
    art = article()
    out = machine_translate(art, FakeEngine(), TranslationCache(tmp_path))
    assert [b.type for b in out.body] == ["paragraph", "heading", "paragraph", "paragraph"]
    fake = FakeEngine()
    assert [b.text for b in out.body] == fake.translate([b.text for b in art.body])
    assert out.title == fake.translate([art.title])[0]
    assert out.kicker == fake.translate([art.kicker])[0]
    assert out.summary == fake.translate(art.summary)
    assert out.translated_by == "machine"
    assert out.engine == "fake"
    assert all(not any("\u0600" <= c <= "\u06ff" for c in b.text) for b in out.body)  # romanised


def test_no_kicker_stays_none(tmp_path):
    out = machine_translate(article(kicker=None, summary=[]), FakeEngine(), TranslationCache(tmp_path))
    assert out.kicker is None
    assert out.summary == []


def test_a_machine_translated_record_validates_against_the_schema(tmp_path):
    schema = json.loads((ROOT / "generator" / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    raws, skipped = read_all(sorted((ROOT / "seeds").glob("*.txt"))[:2])
    arts = extract_all(raws, BuildReport(skipped=skipped))
    assert arts
    for art in arts:
        art.en = machine_translate(art, FakeEngine(), TranslationCache(tmp_path))
        errors = [e.message for e in validator.iter_errors(art.to_dict())]
        assert not errors, (art.path, errors)


def test_an_engine_that_loses_texts_fails_and_caches_nothing(tmp_path):
    class Lossy(FakeEngine):
        def translate(self, texts):
            return super().translate(texts)[:-1]

    with pytest.raises(MachineTranslationError):
        machine_translate(article(), Lossy(), TranslationCache(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_an_empty_translation_is_an_error_not_a_blank_field(tmp_path):
    class Blank(FakeEngine):
        def translate(self, texts):
            return ["" if "كاراباخ" in t else out for t, out in zip(texts, super().translate(texts))]

    with pytest.raises(MachineTranslationError):
        machine_translate(article(), Blank(), TranslationCache(tmp_path))


# --- an unwritable cache never fails the build ----------------------------------


def test_a_cache_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache's parent should be")
    cache = TranslationCache(blocker / "mt")
    out = machine_translate(article(), FakeEngine(), cache)  # no exception
    assert out.title.startswith("[en] ")
    assert cache.writable is False
    engine = FakeEngine()
    machine_translate(article(), engine, TranslationCache(blocker / "mt"))
    assert len(engine.calls) == 1  # nothing was cached, nothing broke


def test_a_cache_folder_that_cannot_be_written_leaves_no_temp_files(tmp_path, monkeypatch):
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(machine.os, "replace", refuse)
    cache = TranslationCache(tmp_path)
    out = machine_translate(article(), FakeEngine(), cache)
    assert out.translated_by == "machine"
    assert cache.writable is False
    assert list(tmp_path.iterdir()) == []


# --- Argos Translate ---------------------------------------------------------------


def block_argos(monkeypatch):
    """Make `import argostranslate` fail, whether or not it is installed."""
    for name in ARGOS_MODULES:
        monkeypatch.setitem(sys.modules, name, None)


def fake_argos(monkeypatch, packages, translation):
    """Stand-in argostranslate modules with the given installed packages."""
    pkg = types.ModuleType("argostranslate.package")
    pkg.get_installed_packages = lambda: packages
    tr = types.ModuleType("argostranslate.translate")

    def get_translation_from_codes(from_code, to_code):
        if translation is None:
            raise AttributeError("'NoneType' object has no attribute 'get_translation'")
        return translation

    tr.get_translation_from_codes = get_translation_from_codes
    top = types.ModuleType("argostranslate")
    top.package, top.translate = pkg, tr
    for name, module in zip(ARGOS_MODULES, (top, pkg, tr)):
        monkeypatch.setitem(sys.modules, name, module)


def assert_install_hint(message: str):
    assert "pip install 'caucasus-digest[mt]'" in message
    assert "argospm install translate-ar_en" in message
    assert "install_from_path" in message


def test_argos_without_the_package_says_how_to_install_it(monkeypatch):
    block_argos(monkeypatch)
    with pytest.raises(MachineTranslationUnavailable) as err:
        ArgosEngine()
    assert "not installed" in str(err.value)
    assert_install_hint(str(err.value))


def test_argos_without_an_arabic_model_says_how_to_install_one(monkeypatch):
    en_es = types.SimpleNamespace(from_code="en", to_code="es", package_version="1.0")
    fake_argos(monkeypatch, [en_es], translation=None)
    with pytest.raises(MachineTranslationUnavailable) as err:
        ArgosEngine()
    assert "ar->en" in str(err.value)
    assert_install_hint(str(err.value))


def test_argos_with_a_model_names_its_version_and_translates(monkeypatch, tmp_path):
    ar_en = types.SimpleNamespace(from_code="ar", to_code="en", package_version="1.9")
    model = types.SimpleNamespace(translate=lambda text: f"EN({len(text)})")
    fake_argos(monkeypatch, [ar_en], translation=model)
    engine = ArgosEngine()
    assert engine.name == "argos:ar-en@1.9"
    out = machine_translate(article(), engine, TranslationCache(tmp_path))
    assert out.engine == "argos:ar-en@1.9"
    assert out.title == f"EN({len(article().title)})"


# --- choosing an engine -------------------------------------------------------------


@pytest.mark.parametrize("name", [None, "", "none", "None", " none "])
def test_no_engine(name):
    assert engine_from_settings(name) is None


def test_fake_engine_by_name():
    engine = engine_from_settings("fake")
    assert isinstance(engine, FakeEngine)
    assert engine.name == "fake"


def test_argos_by_name_reports_what_is_missing(monkeypatch):
    block_argos(monkeypatch)
    with pytest.raises(MachineTranslationUnavailable) as err:
        engine_from_settings("argos")
    assert_install_hint(str(err.value))


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="google"):
        engine_from_settings("google")


def test_the_build_uses_the_configured_engine(tmp_path):
    """extra.digest.machine_translation: fake -> articles without an editorial
    translation get a machine one, labelled as such on the English page."""
    from conftest import copy_project, run_build

    project = copy_project(tmp_path / "project")
    for sidecar in (project / "seeds").glob("*.en.yml"):
        if not sidecar.name.startswith("003"):
            sidecar.unlink()
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("machine_translation: none", "machine_translation: fake"), encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    machine = (project / "site" / "en" / "articles" / "000_0c354cb52bb2b83e.html").read_text(encoding="utf-8")
    editors = (project / "site" / "en" / "articles" / "003_33a46d52206eb315.html").read_text(encoding="utf-8")
    assert "Machine translation" in machine and "[en]" in machine
    assert "Translated by the editors" in editors and "Machine translation" not in editors
    assert any((project / ".cache" / "translations").glob("*.json"))
