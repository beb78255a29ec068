"""Stage 2: turn a RawArticle into an Article record.

Scraped text is one paragraph per line. lines.classify() decides what each
line is, in order; this module then shapes the body (subheadings, stray
headlines of other stories) and chooses among the evidence found for the
date and the source. Every input line ends up in the body or in `removed`
with its reason: lines = body + removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..arabic import words
from ..models import Article, Block, RawArticle
from .dates import find_dates, find_today_weekday
from .lines import DATE_DATELINE, SRC_DATELINE, SRC_LEAD, LineState, classify
from .sources import registry
from .text import SUBHEADING_MAX_WORDS, ends_sentence, is_headline_like, reads_as_speech

# The head of a lead paragraph that credits an agency: "موسكو- (د ب أ):",
# "باريس (أ ف ب) -", "القاهرة - أ ش أ -", "أنقرة/ الأناضول -", "شفق نيوز/",
# "مسقط في 21 يناير /العمانية/".
LEAD_CREDITS = (
    re.compile(r"\((?P<name>[^()]{1,30})\)"),
    re.compile(r"/\s*(?P<name>[^/]{2,25}?)\s*/"),
    re.compile(r"^[^-–—:(/]{1,25}?/\s*(?P<name>[^-–—:/]{2,25}?)\s*[-–—:]"),
    re.compile(r"^(?P<name>[^-–—:(/]{2,25}?)\s*/"),
    re.compile(r"^[^-–—:(/]{1,25}?\s[-–—]\s*(?P<name>[^-–—:()]{1,20}?)\s*(?:[-–—:]|$)"),
)
LEAD_HEAD_CHARS = 90
# Page names the site uses itself (articles/index.md lists the articles).
RESERVED_IDS = {"index"}
LEAD_DATELINE_CHARS = 55
# "ذكرت وكالة الأناضول" / "بحسب ما أفادت قناة الجزيرة": the outlet the lead cites
LEAD_AGENCY = re.compile(
    r"(?:ذكرت|قالت|أفادت|افادت|نقلت|أوردت|اوردت|بحسب|حسب|وفق|وفقا ل|وفقاً ل|نقلا عن|نقلاً عن|أعلنت|اعلنت)\s+"
    r"(?:ما\s+(?:ذكرت|أفادت|افادت|أوردت|نقلت)\s+)?(?:وكالة|وكالة أنباء|قناة|صحيفة|موقع|شبكة|إذاعة)\s+(?P<name>[^،,.:؛]{2,40})"
)


def make_id(name: str) -> str:
    """A stable ASCII slug from the file name (hash-suffixed if it had to change)."""
    stem = name.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_stem.lower()).strip("-_")[:60].strip("-_")
    if slug == stem.lower()[:60] and slug and slug not in RESERVED_IDS:
        return slug
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"article-{digest}"


def extract(raw: RawArticle) -> Article:
    lines = [" ".join(ln.split()) for ln in raw.text.split("\n")]  # runs of whitespace -> one space
    st = classify([ln for ln in lines if ln])
    body = _structure_body(st)
    art = Article(path=raw.path, id=make_id(raw.name), title=st.title or "", body=body)
    art.kicker, art.removed = st.kicker, st.removed
    art.section, art.byline, art.tags = st.section, st.byline, st.tags
    _choose_date(art, st)
    _choose_source(art, st)
    art.warnings = st.warnings
    if not art.title:
        art.title = art.id
        art.warnings.append("no headline and no text: title is the file name")
    if not body:
        art.warnings.append("no body text left after cleaning")
    return art


def _structure_body(st: LineState) -> list[Block]:
    """Mark subheadings; drop headline-like lines of other stories that stand
    between paragraphs with no marker at all."""
    lines = st.body
    punctuated = sum(1 for ln in lines if ends_sentence(ln))
    mostly_punctuated = bool(lines) and punctuated >= 0.7 * len(lines)
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if mostly_punctuated and 0 < i and is_headline_like(line) and not reads_as_speech(line):
            n = len(words(line))
            if n <= SUBHEADING_MAX_WORDS and i + 1 < len(lines):
                blocks.append(Block("heading", line))
                continue
            if n > SUBHEADING_MAX_WORDS and not line.startswith(("و", "ف")):
                st.drop(line, "related headline (no marker)")
                continue
        blocks.append(Block("paragraph", line))
    return blocks


def _choose_date(art: Article, st: LineState) -> None:
    if not st.dates and art.body:
        # "بكين 16 مايو 2024 (شينخوا) --": a dateline with a year, in the lead
        head = art.body[0].text[:LEAD_HEAD_CHARS]
        for d in find_dates(head):
            if d.start < 40:
                st.dates.append(((DATE_DATELINE, False), d, d.hijri))
                break
    if st.dates:
        _, d, hijri = min(st.dates, key=lambda pd: pd[0])
        art.date, art.date_hijri = d.date.isoformat(), hijri
        art.time, art.timezone, art.date_evidence = d.time, d.timezone, d.evidence
        if d.swapped:
            st.warnings.append(f"date read month-first: {d.evidence}")
        if d.weekday and d.weekday != d.date.strftime("%A"):
            st.warnings.append(f"stated weekday {d.weekday} does not match {art.date}")
        return
    for block in art.body[:3]:
        found = find_today_weekday(block.text)
        if found:
            art.weekday, art.date_evidence = found
            st.warnings.append("no publication date: only the weekday is stated")
            return
    st.warnings.append("no publication date found")


def _choose_source(art: Article, st: LineState) -> None:
    reg = registry()
    lead = next((b.text for b in art.body if b.type == "paragraph"), "")
    head = lead[:LEAD_DATELINE_CHARS]  # a dateline credit opens the lead
    for pattern in LEAD_CREDITS:
        m = pattern.search(head)
        outlet = reg.resolve(m["name"]) if m else None
        if outlet:
            st.sources.append((SRC_DATELINE, outlet.as_source(), head[: m.end()].strip()))
            break
    if not st.sources:
        for block in art.body[:2]:
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
