"""Stage 2: turn a RawArticle into an Article record.

Scraped text is one paragraph per line. Each line is classified once, in
order, and either kept in the body or recorded in `removed` with the reason,
so that every input line is accounted for: lines = body + removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from ..arabic import arabic_ratio, normalize, words
from ..models import Article, Block, RawArticle, Removed, Source
from .cues import cues
from .dates import DateMatch, find_dates, find_today_weekday
from .sources import registry

SENTENCE_END = re.compile(r"[.!?؟…]\W*$")
TRAILING_QUOTES = "\"'»”’)]"
KICKER_SEPARATORS = " .…:|-–—!"
HEADLINE_MAX_WORDS = 20
SUBHEADING_MAX_WORDS = 5
LEAD_TITLE_WORDS = 12
# "City - (agency):" / "(أ ف ب)" at the start of the lead
DATELINE_AGENCY = re.compile(r"^[^()\n]{0,40}?[-–—(]\s*\(?\s*(?P<agency>[^()\n:]{1,30}?)\s*\)?\s*[:：-]")
# "ذكرت وكالة الأناضول" / "بحسب ما أفادت قناة الجزيرة": the outlet the lead cites
LEAD_AGENCY = re.compile(
    r"(?:ذكرت|قالت|أفادت|افادت|نقلت|أوردت|اوردت|بحسب|حسب|وفق|وفقا ل|وفقاً ل|نقلا عن|نقلاً عن|أعلنت|اعلنت)\s+"
    r"(?:ما\s+(?:ذكرت|أفادت|افادت|أوردت|نقلت)\s+)?(?:وكالة|وكالة أنباء|قناة|صحيفة|موقع|شبكة|إذاعة)\s+(?P<name>[^،,.:؛]{2,40})"
)
SECTION_LINE = re.compile(r"^(?P<a>[^\s\-–—|/>»]+(?: [^\s\-–—|/>»]+)?)\s*[-–—|/>»]+\s*(?P<b>[^\s\-–—|/>»]+(?: [^\s\-–—|/>»]+)?)$")
CREDIT_PREFIX = re.compile(r"^©\s*[A-Za-z0-9 .,&/\-_']*")


def make_id(name: str) -> str:
    """A stable ASCII slug from the file name (hash-suffixed if it had to change)."""
    stem = name.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_stem.lower()).strip("-_")[:60].strip("-_")
    if slug == stem.lower()[:60] and slug:
        return slug
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"article-{digest}"


def is_headline_like(line: str) -> bool:
    """Short and without sentence-final punctuation: reads as a headline."""
    n = len(words(line))
    return 2 <= n <= HEADLINE_MAX_WORDS and not SENTENCE_END.search(line.rstrip(TRAILING_QUOTES + " "))


def ends_sentence(line: str) -> bool:
    return bool(SENTENCE_END.search(line.rstrip(TRAILING_QUOTES + " ")) or line.rstrip()[-1:] in "\"»”")


@dataclass
class _State:
    """Everything learned while walking the lines of one article."""

    title: str | None = None
    kicker: str | None = None
    body: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    dates: list[tuple[tuple, DateMatch, str | None]] = field(default_factory=list)  # (rank, match, hijri)
    sources: list[tuple[int, Source, str]] = field(default_factory=list)  # (priority, source, evidence)
    section: str | None = None
    byline: str | None = None
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def drop(self, line: str, reason: str) -> None:
        self.removed.append(Removed(line, reason))


# Priorities (lower wins) for choosing among date and source evidence.
DATE_LABELLED, DATE_DATELINE, DATE_META, DATE_UPDATED = 0, 1, 2, 3
SRC_LABEL, SRC_DATELINE, SRC_CREDIT_LINE, SRC_META, SRC_SECTION, SRC_LEAD = 0, 1, 2, 3, 4, 5


def extract(raw: RawArticle) -> Article:
    lines = [re.sub(r"\s+", " ", ln).strip() for ln in raw.text.split("\n")]
    lines = [ln for ln in lines if ln]
    st = _State()
    _classify(lines, st)
    body = _structure_body(st)
    art = Article(path=raw.path, id=make_id(raw.name), title=st.title or "", body=body)
    art.kicker = st.kicker
    art.removed = st.removed
    art.section, art.byline, art.tags = st.section, st.byline, st.tags
    _choose_date(art, st, body)
    _choose_source(art, st, body)
    art.warnings = st.warnings
    if not body:
        art.warnings.append("no body text left after cleaning")
    return art


def _classify(lines: list[str], st: _State) -> None:
    c = cues()
    reg = registry()
    seen: set[str] = set()
    in_related = False
    for i, line in enumerate(lines):
        n = normalize(line)
        if n in seen:
            st.drop(line, "repeated line")
            continue
        seen.add(n)

        m = c.keywords.match(n)
        if m:
            st.tags = _split_tags(line, [st.title or "", *st.body])
            st.drop(line, "keyword line (tags)")
            for rest in lines[i + 1:]:
                st.drop(rest, "after the end of the article (keyword line)")
            return
        m = c.related.match(n)
        if m:
            if not m["rest"].strip() and _starts_article(lines[i + 1:]):
                # A bare "read also" marker followed by a headline and its
                # text: another article was appended to this one.
                st.drop(line, "'read also' marker starting another article")
                for rest in lines[i + 1:]:
                    st.drop(rest, "appended article after 'read also' marker")
                return
            st.drop(line, "related headline ('read also')")
            in_related = True
            continue
        if c.widget.search(n):
            st.drop(line, "interface text")
            continue
        if c.caption.search(n):
            st.captions.append(CREDIT_PREFIX.sub("", line).strip())
            st.drop(line, "photo credit or caption")
            continue
        glued = next((cap for cap in st.captions if cap and line.startswith(cap) and len(cap) >= 15), None)
        if glued:
            _meta(line[len(glued):], st)
            st.drop(line, "photo caption glued to page metadata")
            continue
        if st.title and line.startswith(st.title) and len(line) > len(st.title):
            _meta(line[len(st.title):], st)
            st.drop(line, "headline glued to caption")
            continue
        m = c.source_label.match(n)
        if m:
            outlet = reg.resolve(line[m.start("rest"):]) or reg.resolve(m["rest"])
            if outlet:
                st.sources.append((SRC_LABEL, outlet.as_source(), line))
            else:
                st.warnings.append(f"source not in the outlet registry: {line}")
            st.drop(line, "source credit")
            continue
        m = c.byline_label.match(n)
        if m and len(words(line)) <= 8:
            st.byline = line[m.start("rest"):].strip(" :-–")
            st.drop(line, "byline")
            continue
        outlet = reg.resolve(line)
        if outlet:
            st.sources.append((SRC_CREDIT_LINE, outlet.as_source(), line))
            st.drop(line, "source credit")
            continue
        if _dateline(line, st):
            st.drop(line, "dateline")
            continue
        if arabic_ratio(line) < 0.25:  # furniture in Latin or Cyrillic script
            st.drop(line, "text in another script (page furniture)")
            continue
        sec = SECTION_LINE.match(line)
        if sec and len(st.body) <= 2 and not ends_sentence(line):
            outlet = reg.resolve(sec["a"])
            if outlet:
                st.sources.append((SRC_SECTION, outlet.as_source(), line))
            st.section = sec["b"] if outlet else line
            st.drop(line, "section line")
            continue
        if in_related and is_headline_like(line):
            st.drop(line, "related headline ('read also')")
            continue
        in_related = False
        if st.title is None:
            if _title(line, st):
                continue
        st.body.append(line)


def _starts_article(following: list[str]) -> bool:
    """After a bare 'read also' marker: a headline followed by paragraphs is a
    whole appended article; a run of headlines is just a related list."""
    return any(not is_headline_like(ln) for ln in following[:4])


def _title(line: str, st: _State) -> bool:
    """Take the headline (and a kicker) from the first content line.
    Returns True when the line was used up."""
    m = cues().kicker.match(normalize(line))
    if m and (m["alone"] is not None or not m["rest"]) and st.kicker is None:
        st.kicker = line.rstrip(KICKER_SEPARATORS)
        st.drop(line, "kicker (label before the headline)")
        return True
    if m and m["rest"]:
        # the kicker's length in the original line: same number of words
        nk = len(m["kicker"].split())
        parts = re.split(r"(\s*(?:\.\.+|…|:|\||-|–|—|!)\s*)", line, maxsplit=1)
        if len(parts) == 3 and len(parts[0].split()) == nk:
            st.kicker = parts[0].rstrip(KICKER_SEPARATORS)
            line = parts[2]
    if is_headline_like(line) or (len(words(line)) <= HEADLINE_MAX_WORDS and not ends_sentence(line)):
        st.title = line
        st.drop(line, "headline (title field)")
        return True
    # No headline: the article starts with its lead.
    first = re.split(r"(?<=[.!?؟])\s", line, maxsplit=1)[0]
    ws = first.split()
    st.title = " ".join(ws[:LEAD_TITLE_WORDS]).rstrip(".،,:") + ("…" if len(ws) > LEAD_TITLE_WORDS else "")
    st.warnings.append("no headline line: title derived from the lead")
    return False


def _meta(text: str, st: _State) -> None:
    """Page metadata glued after a caption or headline: outlet name and date."""
    for d in find_dates(text):
        st.dates.append(((DATE_META, False), d, d.hijri))
    found = registry().find(text)
    if found:
        st.sources.append((SRC_META, found[0].as_source(), text.strip(" -–,،")))


def _dateline(line: str, st: _State) -> bool:
    """A line that is mostly a date (plus label, weekday, time, zone, outlet):
    the publication date. Dates inside sentences are events, not publication."""
    found = find_dates(line)
    if not found:
        return False
    rest = line
    for d in sorted(found, key=lambda d: d.start, reverse=True):
        rest = rest[: d.start] + " " + rest[d.end:]
    found_outlet = registry().find(rest)
    if found_outlet:
        rest = rest.replace(found_outlet[1], " ")
    # single letters are era marks (م، هـ) and separators, not words
    leftover = [w for w in words(rest) if not w.isdigit() and len(w) > 1]
    labelled = any(d.label for d in found)
    if len(leftover) > (8 if labelled else 4):
        return False
    gregorian = [d for d in found if d.hijri is None]
    main = next((d for d in gregorian if d.label == "published"), None) or (gregorian or found)[0]
    hijri = next((d.hijri for d in found if d.hijri), None)
    priority = DATE_LABELLED if main.label == "published" else DATE_DATELINE if main.label is None else DATE_UPDATED
    # An unlabelled date above the headline may be the site's clock; one
    # under the headline is the article's own.
    st.dates.append(((priority, st.title is None and main.label is None), main, hijri))
    glued = line[: main.start]
    if main.label is None and glued and glued[-1].isalpha() and len(words(glued)) <= 3 and st.section is None:
        st.section = glued.strip(" -–|")  # "سياسة25/04/2022": a section name glued to the date
    if found_outlet:
        st.sources.append((SRC_META, found_outlet[0].as_source(), line))
    return True


def _split_tags(line: str, context: list[str]) -> list[str]:
    """Keywords after the label, split on the separators the site used.
    Scrapes often lose the separators ("روسيا دميتري بيسكوف قوات حفظ
    السلام"); then consecutive words are joined into the longest phrase the
    article itself uses, so multi-word names stay whole."""
    m = re.search(r"[:：]\s*", line)
    text = line[m.end():] if m else re.sub(r"^\S+\s*", "", line)
    if re.search(r"[،,؛;|#]", text):
        parts = re.split(r"\s*[،,؛;|#]+\s*", text)
    else:
        parts = _join_phrases(text.split(), context)
    out: list[str] = []
    seen: set[str] = set()
    for p in (p.strip(" .-") for p in parts):
        if p and normalize(p) not in seen:
            seen.add(normalize(p))
            out.append(p)
    return out


def _phrase_key(text: str) -> str:
    return " ".join(words(normalize(text)))


def _join_phrases(tokens: list[str], context: list[str], longest: int = 5) -> list[str]:
    haystack = f" {' '.join(_phrase_key(c) for c in context)} "
    out, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 1, -1):
            phrase = " ".join(tokens[i:i + n])
            if f" {_phrase_key(phrase)} " in haystack:
                out.append(phrase)
                i += n
                break
        else:
            # a noun and its nisba adjective agree: القوات الأرمينية, الخارجية الروسية
            if i + 1 < len(tokens) and _is_nisba_pair(tokens[i], tokens[i + 1]):
                out.append(f"{tokens[i]} {tokens[i + 1]}")
                i += 2
                continue
            out.append(tokens[i])
            i += 1
    return out


def _is_nisba_pair(noun: str, adjective: str) -> bool:
    n, a = normalize(noun), normalize(adjective)
    return n.startswith("ال") and a.startswith("ال") and len(a) > 4 and a.endswith(("يه", "ي"))


def _structure_body(st: _State) -> list[Block]:
    """Mark subheadings; drop headline-like lines of other stories that stand
    between paragraphs with no marker at all."""
    lines = st.body
    punctuated = sum(1 for ln in lines if ends_sentence(ln))
    mostly_punctuated = lines and punctuated >= 0.7 * len(lines)
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if mostly_punctuated and is_headline_like(line) and 0 < i:
            if len(words(line)) <= SUBHEADING_MAX_WORDS and i + 1 < len(lines):
                blocks.append(Block("heading", line))
                continue
            if len(words(line)) > SUBHEADING_MAX_WORDS:
                st.drop(line, "related headline (no marker)")
                continue
        blocks.append(Block("paragraph", line))
    return blocks


def _choose_date(art: Article, st: _State, body: list[Block]) -> None:
    if st.dates:
        _, d, hijri = min(st.dates, key=lambda pd: pd[0])
        art.date, art.date_hijri = d.date.isoformat(), hijri
        art.time, art.timezone, art.date_evidence = d.time, d.timezone, d.evidence
        if d.swapped:
            st.warnings.append(f"date read month-first: {d.evidence}")
        if d.weekday and d.weekday != d.date.strftime("%A"):
            st.warnings.append(f"stated weekday {d.weekday} does not match {art.date}")
        return
    for block in body[:3]:
        found = find_today_weekday(block.text)
        if found:
            art.weekday, art.date_evidence = found
            st.warnings.append("no publication date: only the weekday is stated")
            return
    st.warnings.append("no publication date found")


def _choose_source(art: Article, st: _State, body: list[Block]) -> None:
    reg = registry()
    if body:
        lead = body[0].text
        m = DATELINE_AGENCY.match(lead)
        if m:
            outlet = reg.resolve(m["agency"])
            if outlet:
                st.sources.append((SRC_DATELINE, outlet.as_source(), lead[: m.end()]))
    if not st.sources:
        for block in body[:2]:
            m = LEAD_AGENCY.search(block.text)
            found = reg.find(m["name"]) if m else None
            if found:
                st.sources.append((SRC_LEAD, found[0].as_source(), m.group(0)))
                break
    if st.sources:
        _, src, evidence = min(st.sources, key=lambda s: s[0])
        art.source, art.source_evidence = src, evidence
    else:
        st.warnings.append("no source found")
