"""Line rules: decide, line by line and in order, what each line of a page is.

Every line is either kept for the body or dropped with a reason; lines that
carry metadata (headline, dateline, credit, keywords) also record it in the
LineState. The rules run in the order of RULES; the first that claims a line
wins. Rules only read data from data/*.yml through cues() (taken once per
article: st.cues) and registry().
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..arabic import WORD, arabic_ratio, more_words_than, normalize, words
from ..models import Removed, Source
from .cues import Cues, cues
from .dates import DateMatch, find_dates
from .sources import registry
from .tags import split_tags
from .text import ends_sentence, is_headline_like

KICKER_SEPARATORS = " .…:|-–—!"
LEAD_TITLE_WORDS = 12
CREDIT_PREFIX = re.compile(r"^©\s*[A-Za-z0-9 .,&/\-_']*")
SECTION_LINE = re.compile(
    r"^(?P<a>[^\s\-–—|/>»›]+(?: [^\s\-–—|/>»›]+)?)\s*[-–—|/>»›]+\s*(?P<b>[^\s\-–—|/>»›]+(?: [^\s\-–—|/>»›]+)?)$"
)
BREADCRUMB_CHARS = "/›»>|"
BREADCRUMB_SEP = re.compile(rf"\s*[{BREADCRUMB_CHARS}]\s*")
ARABIC_CORE = re.compile(r"[\u0621-\u063F\u0641-\u064A]")  # the letters of standard Arabic (not tatweel)

# Ranks (lower wins) for choosing among the evidence found for a field.
DATE_LABELLED, DATE_DATELINE, DATE_META, DATE_UPDATED = 0, 1, 2, 3
SRC_LABEL, SRC_DATELINE, SRC_CREDIT_LINE, SRC_META, SRC_SECTION, SRC_LEAD = 0, 1, 2, 3, 4, 5


@dataclass
class LineState:
    """What the rules learned about one article so far."""

    title: str | None = None
    kicker: str | None = None
    body: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    dates: list[tuple[tuple, DateMatch, str | None]] = field(default_factory=list)  # (rank, match, hijri)
    sources: list[tuple[int, Source, str]] = field(default_factory=list)  # (rank, source, evidence)
    section: str | None = None
    byline: str | None = None
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    in_related_list: bool = False
    ended: str | None = None  # why the article's own text ended early
    # the boilerplate cues as of this article (cues() checks the data file's
    # version: asked for by every rule on every line, it was called 415,000
    # times for 5,000 articles)
    cues: Cues = field(default_factory=cues)

    def drop(self, line: str, reason: str) -> bool:
        self.removed.append(Removed(line, reason))
        return True


@dataclass(frozen=True)
class Line:
    text: str
    norm: str  # normalised (generator.arabic.normalize)
    following: tuple[str, ...]  # the next few lines, for rules that look ahead


Rule = Callable[[Line, LineState], bool]


def classify(lines: list[str]) -> LineState:
    st = LineState()
    norms = [normalize(ln) for ln in lines]
    st.captions = [_caption_text(ln) for ln, n in zip(lines, norms) if st.cues.caption.search(n)]
    for i, text in enumerate(lines):
        if st.ended:
            if st.cues.read_also.match(norms[i]) and _starts_appended_article(tuple(lines[i + 1:i + 3]), st.cues):
                st.ended = "appended article after a 'read also' marker"
                st.drop(text, "'read also' marker starting another article")
            else:
                st.drop(text, st.ended)
            continue
        line = Line(text, norms[i], tuple(lines[i + 1:i + 4]))
        if not any(rule(line, st) for rule in RULES):
            st.body.append(text)
    return st


# --- the rules, in order ------------------------------------------------------

def repeated(line: Line, st: LineState) -> bool:
    if line.norm in st.seen:
        return st.drop(line.text, "repeated line")
    st.seen.add(line.norm)
    return False


def keywords(line: Line, st: LineState) -> bool:
    if not st.cues.keywords.match(line.norm):
        return False
    st.tags = split_tags(line.text, [st.title or "", *st.body])
    st.ended = "after the end of the article (keyword line)"
    return st.drop(line.text, "keyword line (tags)")


def related(line: Line, st: LineState) -> bool:
    m = st.cues.related.match(line.norm)
    if not m:
        return False
    if m["rest"].strip():
        st.in_related_list = True
        return st.drop(line.text, "related headline ('read also')")
    nxt = line.following
    if st.cues.read_also.match(line.norm) and _starts_appended_article(nxt, st.cues):
        # "إقرأ أيضاً:" alone, then one headline and its paragraphs: another
        # article was appended to this one.
        st.ended = "appended article after a 'read also' marker"
        return st.drop(line.text, "'read also' marker starting another article")
    st.in_related_list = True
    return st.drop(line.text, "related-articles list header")


def widget(line: Line, st: LineState) -> bool:
    return bool(st.cues.widget.search(line.norm)) and st.drop(line.text, "interface text")


def breadcrumb(line: Line, st: LineState) -> bool:
    if sum(line.text.count(c) for c in BREADCRUMB_CHARS) < 2:
        return False  # fewer than three parts (a quick look: most lines are paragraphs)
    parts = [p for p in BREADCRUMB_SEP.split(line.text) if p]
    if (len(parts) < 3 or ends_sentence(line.text)
            or any(len(words(p)) > 4 or not re.search(r"[^\W\d_]", p) for p in parts)):
        return False  # (a numeric date like 25/04/2022 is not a path)
    if "|" in line.text or len(parts) > 5:
        return st.drop(line.text, "site menu")
    if st.section is None:
        st.section = parts[-1].strip()
    return st.drop(line.text, "breadcrumb (section path)")


def caption(line: Line, st: LineState) -> bool:
    return bool(st.cues.caption.search(line.norm)) and st.drop(line.text, "photo credit or caption")


def glued_caption(line: Line, st: LineState) -> bool:
    """A caption glued to page metadata, or a headline glued to a caption."""
    for cap in st.captions:
        if len(cap) < 15 or line.text == cap:
            continue
        if line.text.startswith(cap):
            _meta(line.text[len(cap):], st)
            return st.drop(line.text, "photo caption glued to page metadata")
        if line.text.endswith(cap) and st.title is None:
            head = line.text[: -len(cap)].strip()
            if is_headline_like(head):
                _take_title(head, st)
                return st.drop(line.text, "headline glued to a photo caption")
    if st.title and line.text.startswith(st.title) and len(line.text) > len(st.title):
        _meta(line.text[len(st.title):], st)
        return st.drop(line.text, "headline glued to a photo caption")
    return False


def source_label(line: Line, st: LineState) -> bool:
    m = st.cues.source_label.match(line.norm)
    if not m:
        return False
    rest = line.text[m.start("rest"):] if len(line.text) == len(line.norm) else m["rest"]
    found = registry().credit(rest, st.cues.credit_fillers) or registry().find(rest)
    if found:
        st.sources.append((SRC_LABEL, found[0].as_source(), line.text))
    else:
        st.warnings.append(f"source not in the outlet registry: {line.text}")
    return st.drop(line.text, "source credit")


def byline(line: Line, st: LineState) -> bool:
    m = st.cues.byline_label.match(line.norm) or st.cues.byline_short.match(line.norm)
    if not m or more_words_than(line.text, 8) or ends_sentence(line.text):
        return False
    st.byline = line.text[m.start("rest"):].strip(" :-–")
    return st.drop(line.text, "byline")


def credit_line(line: Line, st: LineState) -> bool:
    if more_words_than(line.text, 8) or ends_sentence(line.text) and not line.text.endswith(("»", '"', "”")):
        return False
    found = registry().credit(line.text, st.cues.credit_fillers)
    if not found:
        return False
    st.sources.append((SRC_CREDIT_LINE, found[0].as_source(), line.text))
    m = SECTION_LINE.match(line.text)
    if m and registry().resolve(m["a"]) == found[0] and st.section is None:
        st.section = m["b"]  # "هسبريس - دوليات": outlet, then its section
    return st.drop(line.text, "source credit")


def dateline(line: Line, st: LineState) -> bool:
    """A line that is mostly a date (plus label, weekday, time, zone, outlet):
    the publication date. Dates inside sentences are events, not publication."""
    impossible: list[tuple[int, int]] = []
    found = find_dates(line.text, impossible)
    if not found:
        # "30 فبراير 2023" alone on a line: a dateline, wrong; not the headline
        if impossible and len(_besides(line.text, impossible)[0]) <= 4:
            st.warnings.append(f"a date that does not exist was dropped: {line.text.strip()}")
            return st.drop(line.text, "dateline (a date that does not exist)")
        return False
    leftover, outlet = _besides(line.text, [(d.start, d.end) for d in found])
    labelled = any(d.label for d in found)
    if len(leftover) > (8 if labelled else 4):
        return False
    gregorian = [d for d in found if d.hijri is None]
    main = next((d for d in gregorian if d.label == "published"), None) or (gregorian or found)[0]
    hijri = next((d.hijri for d in found if d.hijri), None)
    rank = DATE_LABELLED if main.label == "published" else DATE_DATELINE if main.label is None else DATE_UPDATED
    # An unlabelled date above the headline may be the site's clock; one
    # under the headline is the article's own.
    st.dates.append(((rank, st.title is None and main.label is None), main, hijri))
    glued = line.text[: main.start]
    if main.label is None and glued and glued[-1].isalpha() and len(words(glued)) <= 3 and st.section is None:
        st.section = glued.strip(" -–|")  # "سياسة25/04/2022": a section name glued to the date
    if outlet:
        st.sources.append((SRC_META, outlet[0].as_source(), line.text))
    return st.drop(line.text, "dateline")


def _besides(text: str, spans: list[tuple[int, int]]):
    """The words of a line besides the dates at `spans` and an outlet's name
    (single letters are era marks, م، هـ, and separators, not words), and
    that outlet."""
    rest = text
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    outlet = registry().find(rest)
    if outlet:
        rest = rest.replace(outlet[1], " ")
    return [w for w in words(rest) if not w.isdigit() and len(w) > 1], outlet


def other_script(line: Line, st: LineState) -> bool:
    """Menus and buttons in Latin or Cyrillic script; an Arabic sentence
    quoting English is article text and stays."""
    if _arabic_words(line.text, at_least=3) or arabic_ratio(line.text) >= 0.5:
        return False
    return st.drop(line.text, "text in another script (page furniture)")


def section_line(line: Line, st: LineState) -> bool:
    m = SECTION_LINE.match(line.text)
    if not m or len(st.body) > 2 or ends_sentence(line.text):
        return False
    outlet = registry().resolve(m["a"])
    if outlet:
        st.sources.append((SRC_SECTION, outlet.as_source(), line.text))
    if st.section is None or outlet:
        st.section = m["b"] if outlet or len(words(m["a"])) <= 2 else line.text
    return st.drop(line.text, "section line")


def related_list_item(line: Line, st: LineState) -> bool:
    if st.in_related_list and is_headline_like(line.text):
        return st.drop(line.text, "related headline ('read also')")
    st.in_related_list = False
    return False


def headline(line: Line, st: LineState) -> bool:
    """The first content line is the headline, with a kicker split off."""
    if st.title is not None:
        return False
    m = st.cues.kicker.match(line.norm)
    if m and (m["alone"] is not None or not m["rest"]) and st.kicker is None:
        st.kicker = line.text.rstrip(KICKER_SEPARATORS)
        return st.drop(line.text, "kicker (label before the headline)")
    text = line.text
    if m and m["rest"]:
        nk = len(m["kicker"].split())
        parts = re.split(r"(\s*(?:\.\.+|…|:|\||-|–|—|!)\s*)", text, maxsplit=1)
        if len(parts) == 3 and len(parts[0].split()) == nk:
            st.kicker = parts[0].rstrip(KICKER_SEPARATORS)
            text = parts[2]
    if is_headline_like(text) or (len(words(text)) <= 20 and not ends_sentence(text)):
        _take_title(text, st)
        return st.drop(line.text, "headline (title field)")
    # No headline: the article starts with its lead, which stays in the body.
    first = re.split(r"(?<=[.!?؟])\s", text, maxsplit=1)[0]
    ws = first.split()
    st.title = " ".join(ws[:LEAD_TITLE_WORDS]).rstrip(".،,:") + ("…" if len(ws) > LEAD_TITLE_WORDS else "")
    st.warnings.append("no headline line: title derived from the lead")
    return False


RULES: tuple[Rule, ...] = (
    repeated, keywords, related, widget, breadcrumb, caption, glued_caption,
    source_label, byline, credit_line, dateline, other_script, section_line,
    related_list_item, headline,
)


# --- helpers -----------------------------------------------------------------

def _starts_appended_article(following: tuple[str, ...], c: Cues) -> bool:
    """An Arabic headline, then a paragraph that starts a new story (not one
    that goes on with this one: "من جهته"، "وقال")."""
    if len(following) < 2 or not is_headline_like(following[0]) or arabic_ratio(following[0]) < 0.5:
        return False
    lead = following[1]
    return not is_headline_like(lead) and not c.continuation.match(normalize(lead))


def _arabic_words(text: str, at_least: int) -> bool:
    """At least that many words have an Arabic letter (counting stops there:
    most lines are long Arabic sentences)."""
    count = 0
    for m in WORD.finditer(text):
        if ARABIC_CORE.search(m.group()):
            count += 1
            if count >= at_least:
                return True
    return False


def _caption_text(line: str) -> str:
    """A caption line without its photo credit: '© Sputnik . Name' + text."""
    return CREDIT_PREFIX.sub("", line).strip()


def _take_title(text: str, st: LineState) -> None:
    st.title = text.strip()
    st.seen.add(normalize(st.title))  # a later copy without the kicker is a repeat


def _meta(text: str, st: LineState) -> None:
    """Page metadata glued after a caption or headline: outlet name and date."""
    for d in find_dates(text):
        st.dates.append(((DATE_META, False), d, d.hijri))
    found = registry().find(text)
    if found:
        st.sources.append((SRC_META, found[0].as_source(), text.strip(" -–,،")))
