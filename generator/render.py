"""Stage 4: render Markdown pages for both languages with Jinja2 templates.

Returns {path relative to docs/: content}; writing is write.py's job. Scraped
strings are passed to templates as data and made inert there with the `md`
(Markdown) and `html` filters; they are never part of template source.
Every page exists at the same path in docs/ar/ and docs/en/.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2

from . import charts, publish, rawhtml, search
from .arabic import normalize
from .data import load_data
from .enrich.gazetteer import Gazetteer
from .index import SiteIndex, slug
from .models import Article, BuildReport
from .safe import CONTROLS, front_matter, html_text, md_text, yaml_string

LANGUAGES = ("ar", "en")
SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "record.schema.json"
ACTOR_TYPES = ("state", "person", "government_body", "organization", "armed_force", "media")


@dataclass(frozen=True)
class Settings:
    """What a user may choose in mkdocs.yml under extra.digest."""

    month_names_ar: str = "months"  # "months" (Egyptian/Gulf) or "months_levant"
    site_url: str = ""  # the Arabic site's public URL ("" offline); English is under en/
    translation: str = "none"  # machine translation where editors gave none: none | argos | fake
    translation_cache: str = ".cache/translations"  # relative to the project
    record_cache: str = ".cache/records"  # per-article results; "" turns the cache off

    @classmethod
    def from_config(cls, extra: dict | None, site_url: str | None) -> "Settings":
        extra = extra or {}
        months = {"levantine": "months_levant", "egyptian": "months"}.get(str(extra.get("month_names", "egyptian")), "months")
        return cls(month_names_ar=months, site_url=site_url or "",
                   translation=str(extra.get("machine_translation") or "none"),
                   translation_cache=str(extra.get("translation_cache") or ".cache/translations"),
                   record_cache=str(extra.get("record_cache", ".cache/records") or ""))


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between processes (Jinja checks each one's
    source): a new process need not compile them again. None if the folder
    cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir / "pages")),
        # the project's .cache (templates/ is at the project's root): 0.1 s
        # of compiling in each new process, as in a rebuild after an edit
        bytecode_cache=bytecode_cache(templates_dir.parent / ".cache" / "jinja"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown: escaping is explicit (md, html)
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_text
    env.filters["html"] = html_text
    env.filters["inline_html"] = inline_html
    env.filters["raw_html"] = rawhtml.wrap
    env.filters["front_matter"] = front_matter
    env.filters["yaml_str"] = yaml_string
    return env


def format_date(iso: str | None, lang: str, settings: Settings = Settings()) -> str:
    """19 يناير 2023 / 19 January 2023, written natively in each language."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    labels = load_data("labels")[lang]
    months = labels[settings.month_names_ar] if lang == "ar" else labels["months"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def format_partial_date(value: str | None, lang: str, settings: Settings = Settings()) -> str:
    """A date known to the year, month or day (gazetteer roles): 2004, مارس 2004, 9 مارس 2004."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 3:
        return format_date(value, lang, settings)
    labels = load_data("labels")[lang]
    months = labels[settings.month_names_ar] if lang == "ar" else labels["months"]
    return f"{months[int(parts[1]) - 1]} {parts[0]}" if len(parts) == 2 else parts[0]


def english_summary(a: Article, gaz: Gazetteer) -> str:
    """One English line from the record, for articles without English text:
    "Sergey Lavrov (Russia) in Al-Alam, 19 January 2023: Armenia, Azerbaijan; Lachin corridor."""
    people = [r for r in a.actors if r.type == "person"] or list(a.actors)
    lead = ""
    if people:
        lead = people[0].name_en
        actor = gaz.actors.get(people[0].id)
        if actor and actor.country and actor.country in gaz.actors:
            lead += f" ({gaz.actors[actor.country].name_en})"
    where = f"in {a.source.name_en}" if a.source else "source unknown"
    when = format_date(a.date, "en") if a.date else (f"a {a.weekday}" if a.weekday else "undated")
    others = [r.name_en for r in a.actors if not people or r.id != people[0].id][:4]
    places = [r.name_en for r in a.places if r.name_en not in others][:3]
    topics = "; ".join(x for x in (", ".join(others), ", ".join(places)) if x)
    head = " ".join(x for x in (lead, where) if x)
    return f"{head[0].upper() + head[1:]}, {when}" + (f": {topics}." if topics else ".")


def collation_key(name: str, lang: str) -> tuple:
    """Alphabetical order: Arabic folded and without the article (as Arabic
    dictionaries sort), English case-folded."""
    if lang == "ar":
        n = normalize(name)
        return (n[2:] if n.startswith("ال") else n, name)
    return (name.casefold(), name)


def week_page(dg, w) -> str:
    """File name of a week's part of a monthly digest: 2023-06-W26."""
    return f"{dg.month.key}-{w.key.split('-')[-1]}"


@lru_cache(maxsize=1 << 15)  # names, sources, tags and headlines recur on many pages
def inline_html(text: str) -> str:
    """Scraped text inside a raw HTML block: one line, no control characters
    (a blank line would end the block; \\x02 \\x03 are Python-Markdown's
    placeholders), every markup character an entity."""
    return html_text(" ".join(CONTROLS.sub("", text).split()))


def article_front_matter(record_yaml: str, lang: str) -> str:
    """The record's YAML front matter plus `language`, the tree the page is in."""
    return record_yaml[: -len("---\n")] + front_matter({"language": lang})[len("---\n"):]


# A record converted: article id, YAML front matter, share of the exports.
Converted = tuple[str, str, "tuple[str, ...] | None"]


def converted(a: Article, rows: bool = True) -> Converted:
    d = a.to_dict()
    return (a.id, front_matter(d),
            publish.article_rows(a, json.dumps(d, ensure_ascii=False)) if rows else None)


def convert(articles: list[Article]) -> Iterator[Converted]:
    """Every record converted as Records would convert it when its page is
    rendered: a finished generation does it all at once, in a process of
    its own while the index is built (pipeline.index_and_convert), and both
    trees then start from it."""
    for a in articles:
        yield converted(a)


class Records:
    """Each record converted once (YAML for the front matter, its share of
    the exports, its search variants) and the exports. The Arabic tree's;
    the English tree, rendered in another process, starts from the part
    no language changes (for_another_tree). A long-running process
    keeps the Arabic one between rebuilds and uses it for both languages
    then (the keys of what differs by language name it)."""

    def __init__(self, exports: bool = True) -> None:
        self.makes_exports = exports  # False: the exports come from another tree's records
        self.yaml: dict[str, str] = {}
        self.rows: dict[str, tuple[str, ...]] = {}  # article id -> publish.article_rows()
        self._exports: dict[str, str] | None = None
        self.forms: dict[str, str] = {}  # article id -> its Arabic search variants
        self.entry_lines: dict[tuple[str, str], str] = {}  # (language, article id) -> its search entry line
        self.items: dict[tuple, str] = {}  # (article id, language, ...) -> the article in a list (HTML)

    def __getstate__(self) -> dict:
        # The joined exports are the rows again (half the saved state at
        # 10,000 articles); the next process joins them when it needs them.
        return {**self.__dict__, "_exports": None}

    def search_forms(self, a: Article, gaz: Gazetteer) -> str:
        """Spelling variants of the article's Arabic title, summary and names."""
        if a.id not in self.forms:
            names = [r.name_ar for r in a.actors] + [r.name_ar for r in a.places] + list(a.tags)
            self.forms[a.id] = search.forms_for(" ".join([a.title, *a.summary, *names]), gaz)
        return self.forms[a.id]

    def forget(self, article_id: str) -> None:
        """The record changed: convert it again when next asked."""
        for made in (self.yaml, self.rows, self.forms):
            made.pop(article_id, None)
        for lang in LANGUAGES:
            self.entry_lines.pop((lang, article_id), None)
        for key in [k for k in self.items if k[0] == article_id]:
            del self.items[key]
        self._exports = None

    def forget_pages(self) -> None:
        """Keep the export shares and search forms (a rebuild may need every
        article's); the YAML is remade for the few pages a rebuild renders."""
        self.yaml.clear()
        self._exports = None

    def record_yaml(self, a: Article) -> str:
        if a.id not in self.yaml:
            self.add([converted(a, rows=self.makes_exports and a.id not in self.rows)])
        return self.yaml[a.id]

    def for_another_tree(self) -> "Records":
        """Records for a tree rendered apart from this one (another process):
        it starts from what this one converted that no language changes
        (front matter, search forms) and makes no exports."""
        other = Records(exports=False)
        other.yaml, other.forms = self.yaml, self.forms
        return other

    def add(self, made: Iterable[Converted]) -> None:
        """Records converted elsewhere (see convert)."""
        for article_id, yaml, rows in made:
            self.yaml[article_id] = yaml
            if rows is not None and self.makes_exports:
                self.rows[article_id] = rows

    def exports(self, index: SiteIndex, gaz: Gazetteer) -> dict[str, str]:
        if self._exports is None:
            for a in index.articles:
                if a.id not in self.rows:
                    self.rows[a.id] = publish.article_rows(a)
            self._exports = publish.exports(index, gaz, self.rows)
        return self._exports


class _Labels(dict):
    """One language's labels, which templates read as `t.published`: for a
    plain dict Jinja tries the attribute first, and the AttributeError it
    catches, dozens of times a page, cost 0.15-0.3 s a tree at 10,000
    articles. Here the dict is also the object's attribute dictionary."""

    def __init__(self, labels: dict) -> None:
        super().__init__(labels)
        self.__dict__ = self


class _Pages:
    """Renders every page of one language."""

    def __init__(self, env: jinja2.Environment, lang: str, index: SiteIndex, gaz: Gazetteer,
                 report: BuildReport, settings: Settings, shared: Records) -> None:
        self.shared = shared
        self.env, self.lang, self.index, self.gaz, self.settings = env, lang, index, gaz, settings
        self.t = _Labels(load_data("labels")[lang])
        self.months = self.t[settings.month_names_ar] if lang == "ar" else self.t["months"]
        self.common = {
            "lang": lang, "t": self.t, "index": index, "gaz": gaz, "report": report,
            "date": lambda iso: format_date(iso, lang, settings),
            "partial_date": lambda value: format_partial_date(value, lang, settings),
            "month_name": lambda key: f"{self.months[int(key[5:7]) - 1]} {key[:4]}",
            "name": self.name,
            "tag_slug": slug,
            "week_page": week_page,
            "english_summary": lambda a: english_summary(a, gaz),
            "article_list": self.article_list,
            "brief_html": self.brief_html,
            "title_html": self.title_html,
            "date_html": self.date_html,
            "source_html": self.source_html,
        }
        self._items = shared.items
        self._templates: dict[str, jinja2.Template] = {}

    def name(self, obj) -> str:
        """An actor/place/source in this page's language."""
        return obj.name_ar if self.lang == "ar" else obj.name_en

    # Lists of articles are the bulk of every listing page and are repeated on
    # many pages, so they are raw HTML built here once per article: Python-
    # Markdown leaves an HTML block alone, where it would run its inline
    # patterns over every link (see bench/RESULTS.md). Links in them point to
    # the built .html pages (use_directory_urls is false in both configs).
    def title_html(self, a: Article, up: str) -> str:
        href = f'href="{up}articles/{a.id}.html"'
        if self.lang == "en" and a.en:
            return f"<a {href}>{inline_html(a.en.title)}</a>"
        attrs = ' lang="ar" dir="rtl"' if self.lang == "en" else ""
        return f"<a {href}{attrs}>{inline_html(a.title)}</a>"

    def date_html(self, a: Article, up: str) -> str:
        if a.date:
            return f'<a href="{up}archive/{a.date}.html">{format_date(a.date, self.lang, self.settings)}</a>'
        return f'<a href="{up}archive/undated.html">{self.t["no_date"]}</a>'

    def source_html(self, a, up: str) -> str:
        """`a` is an article or one of its copies (both have .source)."""
        if not a.source:
            return ""
        return f'<a href="{up}sources/{a.source.id}.html">{inline_html(self.name(a.source))}</a>'

    def _item(self, a: Article, up: str, with_summary: bool) -> str:
        key = (a.id, self.lang, up, with_summary)
        if key not in self._items:
            line = f"<li>{self.title_html(a, up)}<br>\n{self.date_html(a, up)}"
            if a.source:
                line += f" · {self.source_html(a, up)}"
            if with_summary and self.lang == "en" and a.en and a.en.summary:
                line += f'<br>\n<span class="digest-item-summary">{inline_html(a.en.summary[0])}</span>'
            elif with_summary and a.summary:
                line += f'<br>\n<span lang="ar" dir="rtl" class="digest-item-summary">{inline_html(a.summary[0])}</span>'
            self._items[key] = line
        return self._items[key]

    def brief_html(self, a: Article, up: str) -> str:
        """One article in a digest: headline, date, source, actors, summary."""
        key = (a.id, self.lang, up, "brief")
        if key not in self._items:
            meta = self.date_html(a, up)
            if a.source:
                meta += f" · {self.source_html(a, up)}"
            if a.actors:
                meta += " · " + self.t["list_sep"].join(
                    f'<a href="{up}actors/{r.id}.html">{inline_html(self.name(r))}</a>' for r in a.actors[:6])
            html = f'<div class="digest-brief">\n<h3>{self.title_html(a, up)}</h3>\n<p>{meta}</p>\n'
            if a.summary:
                html += f'<p lang="ar" dir="rtl">{" ".join(inline_html(x) for x in a.summary)} </p>\n'
            self._items[key] = rawhtml.wrap(html + "</div>")
        return self._items[key]

    def article_list(self, articles: list[Article], up: str, with_summary: bool = False,
                     weekday: bool = False) -> str:
        """A raw HTML list of articles: headline, date, source (and summary)."""
        items = []
        for a in articles:
            item = self._item(a, up, with_summary)
            if weekday and a.weekday:
                item += f' ({self.t["weekday"]}: {self.t["weekdays"][a.weekday]})'
            items.append(item + "</li>")
        return '<ul class="digest-articles">\n' + "\n".join(items) + "\n</ul>" if items else ""

    def search_lines(self) -> Iterator[str]:
        """The search index entries of article, actor and place pages: title,
        metadata and summary (never the full text: the index would grow by the
        whole corpus), as lines of the entries file. Made here from the records
        rather than by Material's plugin re-parsing every built page (a quarter
        of the MkDocs build at 10,000 articles); those pages are excluded from
        its own indexing. An article's line is kept with its record (a rebuild
        after an edit remakes only the edited article's)."""
        lines = self.shared.entry_lines
        for a in self.index.articles:
            key = (self.lang, a.id)
            if key not in lines:
                lines[key] = search.entry_line(self.article_entry(a))
            yield lines[key]
        yield from map(search.entry_line, self.other_entries())

    def article_entry(self, a: Article) -> dict[str, str]:
        """An article page's entry: its headline; date · source; the names a
        search would not find in the headline or summary; the summary."""
        t, lang = self.t, self.lang
        sep = t["list_sep"]
        title = a.en.title if lang == "en" and a.en else a.title
        meta = f"{format_date(a.date, lang, self.settings) or t['no_date']} · "
        meta += inline_html(self.name(a.source)) if a.source else t["no_source"]
        summary = []
        if lang == "en":
            summary.append(" ".join(a.en.summary) if a.en and a.en.summary else english_summary(a, self.gaz))
        if lang == "ar" or not (a.en and a.en.summary):
            summary.append(" ".join(a.summary))
        forms = self.shared.search_forms(a, self.gaz)
        if lang == "en" and not search.ARABIC_WORD.search(" ".join([title, *summary])):
            forms = ""  # translated: the Arabic spellings would find words the entry does not show
        names = list(dict.fromkeys([self.name(r) for r in a.actors] + [self.name(r) for r in a.places] + list(a.tags)))
        names = search.not_found_in(names, " ".join([title, *summary]), forms)
        parts = [meta, sep.join(inline_html(n) for n in names), *map(inline_html, summary)]
        return search.entry(f"articles/{a.id}.html", inline_html(title), parts, forms)

    def other_entries(self) -> Iterator[dict[str, str]]:
        """Entries of the actor and place pages (a few hundred, whatever the corpus)."""
        ix, t, lang = self.index, self.t, self.lang
        for e in ix.actors.values():
            other = e.ref.name_en if lang == "ar" else e.ref.name_ar
            actor = self.gaz.actors.get(e.id)
            # one line: the other language's name, country, roles (a few hundred
            # entries, fixed whatever the corpus: kept short for small corpora)
            parts = [other]
            if actor and actor.country and actor.country in self.gaz.actors:
                parts.append(self.name(self.gaz.actors[actor.country]))
            if actor:
                parts += [r.title_ar if lang == "ar" else r.title_en for r in actor.roles]
            yield search.entry(f"actors/{e.id}.html", inline_html(self.name(e.ref)),
                               [" · ".join(inline_html(x) for x in dict.fromkeys(parts))],
                               search.forms_for(e.ref.name_ar, self.gaz))
        for e in ix.places.values():
            other = e.ref.name_en if lang == "ar" else e.ref.name_ar
            line = f"{inline_html(other)} · {inline_html(t['place_kinds'].get(e.ref.kind, e.ref.kind))}"
            yield search.entry(f"places/{e.id}.html", inline_html(self.name(e.ref)), [line],
                               search.forms_for(e.ref.name_ar, self.gaz))

    def page(self, template: str, up: str, **context: Any) -> str:
        if template not in self._templates:
            self._templates[template] = self.env.get_template(template)
        return self._templates[template].render(up=up, **self.common, **context)

    def chart(self, counts: list[tuple[str, int]], title: str) -> str:
        svg = charts.timeline(counts, title, self.months, self.t["articles_unit"])
        return rawhtml.wrap(f'<div class="digest-chart-box">{svg}</div>') if svg else ""

    def pages(self) -> Iterator[tuple[str, Callable[[], str]]]:
        """Every page of this language as (path, function rendering it): the
        paths are cheap to list, so a rebuild can render only some pages."""
        ix, lang, t = self.index, self.lang, self.t
        timeline = lambda: self.chart(ix.months_chronological(), t["coverage_timeline"])  # noqa: E731
        page = self.lazy
        yield "index.md", lambda: self.page("home.md.j2", "", timeline=timeline())
        yield "articles/index.md", page("articles.md.j2", "../")
        for a in ix.articles:
            yield f"articles/{a.id}.md", partial(self.article_page, a)
        # actors
        yield "actors/index.md", lambda: self.page("actors.md.j2", "../", groups=[
            g for g in ((ty, sorted((e for e in ix.actors.values() if e.ref.type == ty), key=lambda e: (-e.count, e.id)))
                        for ty in ACTOR_TYPES) if g[1]])
        yield "actors/alphabetical.md", lambda: self.page("actors-az.md.j2", "../", entries=sorted(
            ix.actors.values(), key=lambda e: collation_key(self.name(e.ref), lang)))
        for e in ix.actors.values():
            yield f"actors/{e.id}.md", partial(self.actor_page, e)
        # places, sources, tags
        yield "places/index.md", lambda: self.page("places.md.j2", "../", entries=sorted(
            ix.places.values(), key=lambda e: (-e.count, e.id)))
        for e in ix.places.values():
            yield f"places/{e.id}.md", partial(self.place_page, e)
        yield "sources/index.md", lambda: self.page("sources.md.j2", "../", entries=sorted(
            ix.sources.values(), key=lambda e: (-e.count, e.id)))
        for e in ix.sources.values():
            yield f"sources/{e.id}.md", page("source.md.j2", "../", e=e)
        yield "tags/index.md", lambda: self.page("tags.md.j2", "../", entries=sorted(
            ix.tags.values(), key=lambda e: (-e.count, collation_key(e.name, "ar"))))
        for e in ix.tags.values():
            yield f"tags/{e.id}.md", page("tag.md.j2", "../", e=e)
        # archive
        yield "archive/index.md", lambda: self.page("archive.md.j2", "../", timeline=timeline())
        years, months, days = ix.years, ix.months, ix.days
        for i, y in enumerate(years):  # newest first: "previous" is older
            yield f"archive/{y.year}.md", page("year.md.j2", "../", y=y, newer=years[i - 1] if i else None,
                                               older=years[i + 1] if i + 1 < len(years) else None)
        for i, m in enumerate(months):
            yield f"archive/{m.key}.md", page("month.md.j2", "../", m=m, newer=months[i - 1] if i else None,
                                              older=months[i + 1] if i + 1 < len(months) else None)
        for i, d in enumerate(days):  # oldest first
            yield f"archive/{d.date}.md", page("day.md.j2", "../", d=d, older=days[i - 1] if i else None,
                                               newer=days[i + 1] if i + 1 < len(days) else None)
        yield "archive/undated.md", page("undated.md.j2", "../")
        # digests
        yield "digests/index.md", page("digests.md.j2", "../")
        for i, dg in enumerate(ix.digests):
            yield f"digests/{dg.month.key}.md", page(
                "digest.md.j2", "../", dg=dg, newer=ix.digests[i - 1] if i else None,
                older=ix.digests[i + 1] if i + 1 < len(ix.digests) else None)
            for w in dg.weeks:  # a week across two months has a page in each month
                yield f"digests/{week_page(dg, w)}.md", page("week.md.j2", "../", dg=dg, w=w)
        yield search.ENTRIES, lambda: "".join(self.search_lines())
        yield "report.md", page("report.md.j2", "")
        yield "data/record.schema.json", partial(SCHEMA_FILE.read_text, encoding="utf-8")
        site_url = self.settings.site_url + ("en/" if lang == "en" and self.settings.site_url else "")
        yield from publish.feeds(ix, lang, t, site_url)
        for path in publish.EXPORTS:
            yield path, lambda path=path: self.shared.exports(ix, self.gaz)[path]

    def render(self, wanted: Callable[[str], bool] | None = None) -> Iterator[tuple[str, str]]:
        """(path, text) of every page, or of the pages `wanted` accepts."""
        for path, make in self.pages():
            if wanted is None or wanted(path):
                yield path, make()

    def lazy(self, template: str, up: str, **context: Any) -> Callable[[], str]:
        return partial(self.page, template, up, **context)

    def article_page(self, a: Article) -> str:
        return self.page("article.md.j2", "../", a=a, front=article_front_matter(self.shared.record_yaml(a), self.lang),
                         related=self.index.related.get(a.id, []))

    def actor_page(self, e) -> str:
        return self.page("actor.md.j2", "../", e=e, actor=self.gaz.actors.get(e.id),
                         chart=self.chart(e.months, f"{self.t['coverage_timeline']}: {self.name(e.ref)}"))

    def place_page(self, e) -> str:
        ix, places = self.index, self.gaz.places
        place = places.get(e.id)
        parent = places.get(place.parent) if place and place.parent else None
        children = sorted((c for c in ix.places.values() if places.get(c.id) and places[c.id].parent == e.id),
                          key=lambda c: (-c.count, c.id))
        return self.page("place.md.j2", "../", e=e, place=place, parent=parent,
                         parent_entry=ix.places.get(parent.id) if parent else None, children=children)


def render_tree(env: jinja2.Environment, lang: str, index: SiteIndex, gaz: Gazetteer, report: BuildReport,
                settings: Settings, records: Records, wanted: Callable[[str], bool] | None = None,
                ) -> Iterator[tuple[str, str]]:
    """One language's pages (those `wanted` accepts) as (path under docs/,
    text), one at a time, so that writing can start before rendering ends."""
    for path, text in _Pages(env, lang, index, gaz, report, settings, records).render(wanted):
        yield f"{lang}/{path}", text


def not_exports(path: str) -> bool:
    """Every page but the exports: a tree rendered apart from the Arabic one
    leaves them out; they are the same bytes in both trees, made once from
    the Arabic records (converting every record into export rows a second
    time cost 1.2 s of 8 at 10,000 articles)."""
    return path not in publish.EXPORTS


_environments: dict[Path, jinja2.Environment] = {}


def render_site(
    index: SiteIndex, gaz: Gazetteer, report: BuildReport, templates_dir: Path, settings: Settings = Settings(),
    records: Records | None = None, wanted: Callable[[str], bool] | None = None,
) -> Iterator[tuple[str, str]]:
    """The pages of both languages (those `wanted` accepts, by path within a
    language tree) in this process, one Records for both: an incremental
    rebuild renders those its edit changed. (A full generation renders the
    trees in two processes: pipeline.render_and_write.)"""
    if templates_dir not in _environments:  # compiled once per process (Jinja reloads edited templates)
        _environments[templates_dir] = environment(templates_dir)
    env = _environments[templates_dir]
    records = records if records is not None else Records()
    for lang in LANGUAGES:
        yield from render_tree(env, lang, index, gaz, report, settings, records, wanted)
