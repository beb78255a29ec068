"""A build after an edit renders only what changed, and gives the same site."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import append_body, copy_project, run_build

from generator import quickbuild
from generator.site import recover_site


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _same_trees(quick: dict[str, bytes], full: dict[str, bytes]) -> None:
    assert sorted(quick) == sorted(full)
    differ = [k for k in full if quick[k] != full[k]]
    assert not differ, f"the quick build differs from the full one in {differ[:10]}"


def _build(project: Path, *extra: str) -> str:
    result = run_build(project, "--strict", *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_a_quick_build_gives_the_site_a_full_build_gives(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert "full site build (no complete build recorded)" in _build(project)
    site = project / "site"
    before = _mtimes(site)
    seeds = sorted((project / "seeds").glob("*.txt"))
    append_body(seeds[1], "وأضاف المتحدث أن المحادثات ستستمر الأسبوع المقبل.")  # only its own pages change
    assert "quick site build" in _build(project)
    after = _mtimes(site)
    rendered = {k for k in after if after[k] != before.get(k)}
    assert {f"articles/{seeds[1].stem}.html", f"en/articles/{seeds[1].stem}.html", "index.html"} <= rendered
    assert f"articles/{seeds[0].stem}.html" not in rendered, "an article the edit did not touch was rendered again"
    assert len(rendered) < len(after) / 2, sorted(rendered)
    # A headline (the pages listing the article change too) and a hand-written page.
    text = seeds[3].read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if len(line.split()) > 4)
    seeds[3].write_text(text.replace(first, first + " في موسكو", 1), encoding="utf-8")
    about = project / "docs" / "ar" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nفقرة أضافها محرر.\n", encoding="utf-8")
    assert "quick site build" in _build(project)
    assert "فقرة أضافها محرر" in (site / "about.html").read_text(encoding="utf-8")
    # the stamp, updated with the files moved in, is what the site holds
    assert quickbuild.load_stamp(project)["site"] == quickbuild._tree_stats(site)
    quick = _tree(site)
    assert "full site build" in _build(project, "--full")
    _same_trees(quick, _tree(site))


def test_a_quick_build_keeps_the_search_index_of_the_pages_it_does_not_render(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    _build(project)
    full = {lang: json.loads((project / "site" / sub / "search" / "search_index.json").read_text(encoding="utf-8"))
            for lang, sub in (("ar", "."), ("en", "en"))}
    append_body(sorted((project / "seeds").glob("*.txt"))[2], "وقال مصدر دبلوماسي إن اللقاء كان بناء.")
    assert "quick site build" in _build(project)
    for lang, sub in (("ar", "."), ("en", "en")):
        quick = json.loads((project / "site" / sub / "search" / "search_index.json").read_text(encoding="utf-8"))
        # every page keeps its entries (only the edited article's text changed)
        assert [d["location"] for d in quick["docs"]] == [d["location"] for d in full[lang]["docs"]], lang
        assert len({d["location"].split("#")[0] for d in quick["docs"]}) > 20


def test_a_new_seed_a_changed_config_or_no_stamp_means_a_full_build(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    _build(project)
    (project / "seeds" / "new.txt").write_text(
        "موسكو تستضيف محادثات جديدة بين أرمينيا وأذربيجان\n\nاستضافت موسكو يوم 3 مايو 2022 محادثات جديدة "
        "بين وزيري خارجية أرمينيا وأذربيجان بحضور الوزير الروسي سيرغي لافروف.\n", encoding="utf-8")
    assert "full site build (files were added to or removed from docs/)" in _build(project)
    config = project / "mkdocs.en.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert "full site build (configuration, templates, data, code or versions changed)" in _build(project)
    shutil.rmtree(project / "site" / "en" / "articles")
    assert "full site build (the site was changed since the last build)" in _build(project)
    assert (project / "site" / "en" / "articles" / f"{sorted((project / 'seeds').glob('*.txt'))[0].stem}.html").is_file()
    shutil.rmtree(project / "site")
    assert "full site build (no site to update)" in _build(project)
    assert "quick site build (0 files changed)" in _build(project)
    assert "full site build (no complete build recorded)" in _build(project, "--full")


def test_an_interrupted_publish_is_finished_and_an_incomplete_one_discarded(tmp_path: Path):
    final = tmp_path / "site"
    (final / "articles").mkdir(parents=True)
    (final / "articles" / "a.html").write_text("old a", encoding="utf-8")
    (final / "articles" / "b.html").write_text("old b", encoding="utf-8")
    staging = tmp_path / "site.building"
    (staging / "articles").mkdir(parents=True)
    (staging / "articles" / "a.html").write_text("new a", encoding="utf-8")
    recover_site(final)  # staged but not marked complete: the build died before publishing
    assert not staging.exists() and (final / "articles" / "a.html").read_text(encoding="utf-8") == "old a"

    (staging / "articles").mkdir(parents=True)
    (staging / "articles" / "a.html").write_text("new a", encoding="utf-8")
    (staging / "sitemap.xml").write_text("new map", encoding="utf-8")
    (staging / quickbuild.COMPLETE).write_text("quick", encoding="utf-8")  # complete; died while moving
    recover_site(final)
    assert not staging.exists()
    assert (final / "articles" / "a.html").read_text(encoding="utf-8") == "new a"
    assert (final / "articles" / "b.html").read_text(encoding="utf-8") == "old b"
    assert (final / "sitemap.xml").read_text(encoding="utf-8") == "new map"
    assert not (final / quickbuild.COMPLETE).exists()


def test_a_full_build_is_published_in_one_swap_and_every_kill_point_recovers(tmp_path: Path, monkeypatch):
    """site/ is replaced in one step (the folders swapped): a build killed at
    any point of publishing leaves a whole site/, the old one or the new one,
    and the next build's recovery leaves nothing else beside it."""
    from generator import site as hooks

    def make(folder: Path, text: str) -> None:
        (folder / "articles").mkdir(parents=True)
        (folder / "articles" / "a.html").write_text(text, encoding="utf-8")

    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    if not hooks._exchange(tmp_path / "x", tmp_path / "y"):
        pytest.skip("this system cannot swap two folders in one step")
    shutil.rmtree(tmp_path / "x")
    shutil.rmtree(tmp_path / "y")
    final, staging = tmp_path / "site", tmp_path / "site.building"
    steps = (hooks, "_exchange"), (hooks.os, "replace"), (Path, "unlink")
    for kill_after in range(4):  # the swap, the old site moved aside, the mark taken out
        make(final, "old")
        make(staging, "new")
        done = []

        def dies_after(fn):
            def step(*args, **kwargs):
                if len(done) == kill_after:
                    raise KeyboardInterrupt  # the build is killed here
                done.append(fn)
                return fn(*args, **kwargs)
            return step

        with monkeypatch.context() as m:
            for owner, name in steps:
                m.setattr(owner, name, dies_after(getattr(owner, name)))
            try:
                hooks._publish_site(final)
            except KeyboardInterrupt:
                pass
        text = (final / "articles" / "a.html").read_text(encoding="utf-8")
        assert text == ("old" if kill_after == 0 else "new"), kill_after
        recover_site(final)
        assert (final / "articles" / "a.html").read_text(encoding="utf-8") == text
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], kill_after
        assert not (final / quickbuild.COMPLETE).exists(), kill_after
        shutil.rmtree(final)


def test_merge_index_orders_entries_as_a_full_build():
    previous = [{"location": "a.html", "text": "A"}, {"location": "a.html#x", "text": "Ax"},
                {"location": "b.html", "text": "B"}, {"location": "c.html", "text": "C"}]
    fresh = [{"location": "b.html", "text": "B2"}, {"location": "b.html#y", "text": "B2y"}]
    merged = quickbuild.merge_index(previous, fresh, ["a.html", "b.html", "c.html", "d.html"], {"b.html"},
                                    lambda d: {**d, "text": d["text"] + "!"})
    assert merged == [{"location": "a.html", "text": "A"}, {"location": "a.html#x", "text": "Ax"},
                      {"location": "b.html", "text": "B2!"}, {"location": "b.html#y", "text": "B2y!"},
                      {"location": "c.html", "text": "C"}]


def _files(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def test_plan_names_the_changed_files_and_falls_back_to_a_full_build(tmp_path: Path):
    docs, final, root = tmp_path / "docs", tmp_path / "site", tmp_path
    _files(docs, {"ar/index.md": "أ", "ar/articles/a.md": "أ", "en/index.md": "a", "en/articles/a.md": "a"})
    _files(final, {"index.html": "<p>أ</p>", "en/index.html": "<p>a</p>"})
    quick, why, stamp = quickbuild.plan(None, docs, "deps", final)
    assert quick is None and why == "no complete build recorded"
    quickbuild.save_stamp(root, quickbuild.completed(stamp, final))
    last = quickbuild.load_stamp(root)

    quick, why, _ = quickbuild.plan(last, docs, "deps", final)
    assert quick is not None and quick.changed == {"ar": [], "en": []} and why == "0 files changed"
    (docs / "en" / "articles" / "a.md").write_text("a, edited", encoding="utf-8")
    quick, why, _ = quickbuild.plan(last, docs, "deps", final)
    assert quick is not None and quick.for_lang("en") == {"articles/a.md"} and not quick.for_lang("ar")
    assert quick.published("en") == final / "en" and quick.published("ar") == final

    assert quickbuild.plan(last, docs, "other deps", final)[:2] == (
        None, "configuration, templates, data, code or versions changed")
    (final / "en" / "index.html").write_text("<p>edited by hand</p>", encoding="utf-8")
    assert quickbuild.plan(last, docs, "deps", final)[:2] == (None, "the site was changed since the last build")
    (final / "en" / "index.html").unlink()
    assert quickbuild.plan(last, docs, "deps", final)[:2] == (None, "the site was changed since the last build")
    _files(final, {"en/index.html": "<p>a</p>"})
    last = quickbuild.completed(last, final)
    _files(docs, {"ar/articles/b.md": "ب"})
    assert quickbuild.plan(last, docs, "deps", final)[:2] == (None, "files were added to or removed from docs/")
    (docs / "ar" / "articles" / "b.md").unlink()
    (root / quickbuild.STAMP).write_text("{not json", encoding="utf-8")
    assert quickbuild.load_stamp(root) is None
    quickbuild.forget(root)
    assert not (root / quickbuild.STAMP).exists()


def test_dependencies_follow_configs_their_environment_and_templates(tmp_path: Path, monkeypatch):
    from types import SimpleNamespace

    root = tmp_path
    _files(root, {"mkdocs.yml": "site_url: !ENV [SOME_URL, '']\n", "templates/overrides/main.html": "x"})
    config = SimpleNamespace(site_url="", theme=SimpleNamespace(custom_dir=str(root / "templates" / "overrides")))
    configs = [root / "mkdocs.yml"]

    def deps() -> str:
        return quickbuild.dependencies(root, config, root / "site", configs)

    monkeypatch.delenv("SOME_URL", raising=False)
    first = deps()
    assert deps() == first
    monkeypatch.setenv("SOME_URL", "https://example.org/")
    assert deps() != first
    monkeypatch.delenv("SOME_URL")
    (root / "templates" / "overrides" / "main.html").write_text("changed", encoding="utf-8")
    second = deps()
    assert second != first
    (root / "mkdocs.yml").write_text("site_url: ''\n", encoding="utf-8")
    assert deps() != second


def test_a_strict_build_checks_every_page_once_a_build_was_not_strict(tmp_path: Path):
    """A quick build sees the warnings of the pages it renders only: after a
    build that was not strict (its warnings allowed), a strict build is full."""
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "ar" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text + "\n[رابط مكسور](no-such-page.md)\n", encoding="utf-8")
    assert run_build(project).returncode == 0  # warns, builds
    seed = sorted((project / "seeds").glob("*.txt"))[1]
    append_body(seed, "وأضاف المتحدث أن المحادثات ستستمر الأسبوع المقبل.")
    before = _tree(project / "site")
    result = run_build(project, "--strict")
    assert result.returncode != 0, "the broken link of an unchanged page passed a strict build"
    assert _tree(project / "site") == before  # a failed build publishes nothing
    assert "a strict build checks every page" in result.stderr and "site/ left as it was" in result.stderr
    about.write_text(text, encoding="utf-8")
    assert "full site build" in _build(project)  # strict, every page
    append_body(seed, "وقال مصدر دبلوماسي إن اللقاء كان بناء.")
    assert "quick site build" in _build(project)  # strict after strict: quick
    assert run_build(project).returncode == 0  # not strict: may be quick, and then the next strict one is full
    append_body(seed, "وأكد الجانبان أهمية الحوار.")
    assert "a strict build checks every page, and the last build was not strict" in _build(project)
