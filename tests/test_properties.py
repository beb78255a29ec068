"""Property-based tests (hypothesis) of extraction and of the escaping helpers.

Articles are random (Arabic words of the sample corpus, punctuation, digits
in both scripts, dates valid and not, page furniture, Latin and Cyrillic,
control and bidi characters, empty lines) or the five real seeds mutated
(lines dropped, duplicated, swapped, shuffled, split, joined, junk inserted).
Whatever ingest accepts, extraction must not raise and must keep the
record's invariants.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import json
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import jsonschema
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mkdocs.utils.meta import get_data

from conftest import ROOT
from generator import arabic
from generator.extract import extract
from generator.ingest import IngestError, read_article
from generator.models import Article, BuildReport, article_from_dict
from generator.pipeline import extract_all
from generator.safe import CONTROLS, front_matter, md_text

SCHEMA = json.loads((ROOT / "generator" / "schema" / "record.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MKDOCS_EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "admonition"]

SEED_LINES = [p.read_text(encoding="utf-8").split("\n") for p in sorted((ROOT / "seeds").glob("*.txt"))]
VOCAB = sorted({w for lines in SEED_LINES for ln in lines for w in re.findall(r"[\u0621-\u064A]{2,}", ln)})
DATES = yaml.safe_load((ROOT / "generator" / "data" / "dates.yml").read_text(encoding="utf-8"))

SETTINGS = settings(max_examples=int(__import__("os").environ.get("PROP_N", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


# --- strategies -------------------------------------------------------------------

INDIC, PERSIAN = "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"


def _digits(n: int, script: str) -> str:
    s = str(n)
    return s if script == "ascii" else s.translate(str.maketrans("0123456789", INDIC if script == "indic" else PERSIAN))


number = st.builds(_digits, st.integers(0, 3000), st.sampled_from(["ascii", "ascii", "indic", "persian"]))
two_digits = st.builds(lambda n, s: _digits(n, s).rjust(2, "0" if s == "ascii" else INDIC[0] if s == "indic" else PERSIAN[0]),
                       st.integers(0, 39), st.sampled_from(["ascii", "indic"]))
arabic_word = st.sampled_from(VOCAB)
latin_word = st.sampled_from(["Sputnik", "Moscow", "RT", "AFP", "Lavrov", "the", "news", "Follow", "us", "Read",
                              "more", "GMT", "Reuters", "Copyright", "x"])
cyrillic_word = st.sampled_from(["Москва", "новости", "Лавров", "Читайте", "также", "Ереван"])
PUNCT = ["،", "؛", "؟", ".", "!", ":", "«", "»", '"', "(", ")", "-", "–", "—", "…", "/", "|", "..", "*", "#",
         "[", "]", "<", ">", "&", "'", "’", "“", "”", "{{", "}}", "---", "؟!"]
CONTROL = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\u202e", "\u202b", "\u202a", "\u2066", "\u2067", "\u2069",
           "\u200f", "\u200e", "\u061c", "\ufeff", "\u200b", "\u200c", "\u200d", "\t", "\x0b", "\x0c", "\x85",
           "\u2028", "\u2029", "\xa0", "\u0640", "\u064b", "\u0651", "\ufffd"]
token = st.one_of(
    arabic_word, arabic_word, arabic_word, arabic_word, arabic_word,
    latin_word, cyrillic_word, st.sampled_from(PUNCT), number, st.sampled_from(CONTROL),
)
sentence = st.lists(st.tuples(token, st.sampled_from([" ", " ", " ", " ", "", "  ", "\t"])), min_size=1, max_size=28).map(
    lambda parts: "".join(t + sep for t, sep in parts))

MONTH_NAMES = [n for names in DATES["months"].values() for n in names]
HIJRI_NAMES = [n for names in DATES["hijri_months"].values() for n in names]
WEEKDAYS = [n for names in DATES["weekdays"].values() for n in names]
LABELS = DATES["published_labels"] + DATES["updated_labels"]


@st.composite
def date_line(draw) -> str:
    """Publication dates as sites print them, valid or not (31 February, month 13)."""
    d, y = draw(st.one_of(two_digits, number)), draw(st.one_of(number, two_digits))
    m_num, m_name = draw(two_digits), draw(st.sampled_from(MONTH_NAMES))
    time = draw(st.sampled_from(["", " 10:30", " ١٠:٣٠", " 23:59 م", " 11:46 صباحاً", " 25:61", " 09:05 GMT",
                                 " بتوقيت مكة المكرمة", " 14:00 +03:00"]))
    forms = [
        f"{d} {m_name} {y}", f"{d}/{m_num}/{y}", f"{y}-{m_num}-{d}", f"{d}.{m_num}.{y}", f"{m_name} {d}, {y}",
        f"{d} {draw(st.sampled_from(HIJRI_NAMES))} {y} هـ", f"{d} {m_name}",
    ]
    core = draw(st.sampled_from(forms)) + time
    label = draw(st.sampled_from(["", "", *[f"{x}: " for x in LABELS]]))
    weekday = draw(st.sampled_from(["", "", *[f"{x} " for x in WEEKDAYS], "اليوم الخميس "]))
    tail = draw(st.sampled_from(["", "", " - سبوتنيك", " | RT", " (أ ف ب)", " م", " الموافق 15 رجب 1444 هـ"]))
    return label + weekday + core + tail


WIDGETS = [
    "تابعنا على تويتر", "شارك", "شارك الخبر", "اقرأ أيضا:", "إقرأ أيضاً", "اقرأ المزيد", "كلمات دلالية: روسيا، أرمينيا",
    "الوسوم: روسيا أذربيجان قره باغ", "الكلمات المفتاحية: بوتين | باشينيان", "المصدر: سبوتنيك",
    "المصدر: وكالة الأناضول", "المصدر: موقع غير معروف", "© Sputnik . Name", "Follow us", "مشاهدات: 1234",
    "بقلم: أحمد محمد", "كتب: محمد علي", "الرئيسية / أخبار / العالم", "الرئيسية › سياسة › دولي", "عاجل",
    "بالفيديو..", "عاجل: ", "تعليقات", "اشترك في النشرة", "مدة القراءة: 3 دقائق", "loading...", "حمل تطبيق",
    "Sputnik", "RT Arabic", "سياسة - دولي", "هسبريس - دوليات", "© Reuters", "صورة أرشيفية", "(أ ف ب)",
    "المصدر: RT", "12", "٣ دقائق قراءة", "Read also", "كلمات دلالية:", "إعلان", "جميع الحقوق محفوظة © 2023",
]
widget_line = st.one_of(
    st.sampled_from(WIDGETS),
    st.tuples(st.sampled_from(WIDGETS), sentence).map(" ".join),
)
latin_line = st.lists(st.one_of(latin_word, cyrillic_word, number, st.sampled_from(PUNCT)), min_size=1, max_size=12).map(" ".join)
control_line = st.lists(st.sampled_from(CONTROL + [" ", "-", "—"]), min_size=1, max_size=6).map("".join)
line = st.one_of(
    sentence, sentence, sentence, sentence, date_line(), widget_line, latin_line, control_line,
    st.just(""), st.just("   "),
)
LINE_ENDS = st.sampled_from(["\n", "\n", "\r\n", "\r"])


@st.composite
def random_article(draw) -> str:
    lines = draw(st.lists(line, min_size=1, max_size=30))
    return draw(LINE_ENDS).join(lines) + draw(st.sampled_from(["", "\n"]))


@st.composite
def mutated_seed(draw) -> str:
    lines = list(draw(st.sampled_from(SEED_LINES)))
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "duplicate", "swap", "shuffle", "junk", "junk", "split", "join"]))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "shuffle":
            lines = list(draw(st.permutations(lines)))
        elif op == "junk":
            lines.insert(i, draw(line))
        elif op == "split" and lines[i]:
            cut = draw(st.integers(0, len(lines[i])))
            lines[i:i + 1] = [lines[i][:cut], lines[i][cut:]]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + draw(st.sampled_from([" ", ""])) + lines[i + 1]]
    return draw(LINE_ENDS).join(lines)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if how == "utf-16":
        return text.encode("utf-16")  # with BOM
    if how == "utf-16-le":
        return text.encode("utf-16-le")
    if how == "cp1256":
        try:
            return text.encode("cp1256")
        except UnicodeEncodeError:
            return text.encode("utf-8")
    return text.encode("utf-8")


encoding = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
file_name = st.one_of(
    st.just("article.txt"),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00"), min_size=1, max_size=60)
    .map(lambda s: s + ".txt").filter(lambda s: len(s.encode("utf-8")) <= 250 and s not in (".txt",)),
    st.sampled_from(["Index.txt", "index.txt", "..txt", "...txt", "خبر عاجل.txt", "a b'c\"d.txt", "x" * 200 + ".txt"]),
)


@pytest.fixture(scope="module")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="digest-properties-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _ingest(folder: Path, name: str, data: bytes):
    """read_article on a real file; None when ingest rejects the input."""
    sub = Path(tempfile.mkdtemp(dir=folder))  # a folder of its own: no sidecars, no overrides
    path = sub / name
    path.write_bytes(data)
    try:
        return read_article(path, f"seeds/{name}")
    except IngestError:
        return None


def _input_lines(text: str) -> Counter:
    return Counter(s for s in (squash(ln) for ln in text.split("\n")) if s)


def _output_lines(rec: dict) -> Counter:
    return Counter(squash(b["text"]) for b in rec["body"]) + Counter(squash(r["line"]) for r in rec["removed"])


def check_record_invariants(raw, art: Article) -> dict:
    rec = art.to_dict()
    expected, got = _input_lines(raw.text), _output_lines(rec)
    assert got == expected, {"lost": expected - got, "extra": got - expected}
    assert rec["title"].strip(), rec
    assert ID.match(rec["id"]) and len(rec["id"]) <= 80, rec["id"]
    if rec["date"] is not None:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["date"]), rec["date"]
        dt.date.fromisoformat(rec["date"])
    if rec["time"] is not None:
        h, m = rec["time"].split(":")
        assert 0 <= int(h) <= 23 and 0 <= int(m) <= 59, rec["time"]
    return rec


def check_article(folder: Path, data: bytes, name: str) -> None:
    raw = _ingest(folder, name, data)
    assume(raw is not None)
    check_raw(folder, raw, data, name)


def check_raw(folder: Path, raw, data: bytes, name: str) -> None:
    art = extract(raw)  # must not raise
    rec = check_record_invariants(raw, art)
    assert extract(raw).to_dict() == rec  # deterministic
    again = _ingest(folder, name, data)
    assert again.text == raw.text and extract(again).to_dict() == rec
    # the whole pipeline for one article: no "extraction failed", a valid record
    report = BuildReport()
    (full,) = extract_all([raw], report)
    assert not report.skipped, report.skipped
    record = full.to_dict()
    errors = sorted(VALIDATOR.iter_errors(record), key=str)
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
    assert _output_lines(record) == _input_lines(raw.text)
    report2 = BuildReport()
    (full2,) = extract_all([raw], report2)
    assert full2.to_dict() == record  # deterministic
    # what the build cache stores and reads back is the same record
    assert article_from_dict(json.loads(json.dumps(record))).to_dict() == record


# --- extraction -----------------------------------------------------------------------


@SETTINGS
@given(text=random_article(), how=encoding, name=file_name)
def test_random_articles_extract_with_their_invariants(workdir, text, how, name):
    check_article(workdir, _encode(text, how), name)


@SETTINGS
@given(text=mutated_seed(), how=encoding)
def test_mutated_seeds_extract_with_their_invariants(workdir, text, how):
    check_article(workdir, _encode(text, how), "seed.txt")


def test_the_seeds_themselves_keep_the_invariants(workdir):
    for lines in SEED_LINES:
        data = "\n".join(lines).encode("utf-8")
        check_raw(workdir, _ingest(workdir, "seed.txt", data), data, "seed.txt")


# --- a corpus --------------------------------------------------------------------------

# Names that slug alike (case, the 60-character cut) and texts that repeat.
CORPUS_NAMES = ["A.txt", "a.txt", "a.TXT", "a .txt", "Index.txt", "index.txt", "X" * 60 + "3.txt", "x" * 60 + "1.txt",
                "x" * 60 + "2.txt", "خبر.txt"]
SHORT = [("وزير الخارجية يصل إلى " + city + "\n" + "وأكد الوزير في مؤتمر صحفي عقده في " + city
          + " أن المفاوضات بين الطرفين ستستمر.\n").encode("utf-8") for city in ("موسكو", "باكو")]


@st.composite
def corpus(draw) -> list[tuple[str, bytes]]:
    texts = draw(st.lists(st.one_of(mutated_seed(), random_article()), min_size=1, max_size=3))
    names = sorted(draw(st.lists(st.sampled_from(CORPUS_NAMES), min_size=2, max_size=5, unique=True)),
                   key=lambda n: n.encode("utf-8"))  # the order of ingest.seed_files
    return [(n, draw(st.sampled_from(texts)).encode("utf-8")) for n in names]


@settings(max_examples=int(__import__("os").environ.get("PROP_N", 60)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(files=corpus())
# three names with one id ("a"), the last two the same article
@example(files=[("A.txt", SHORT[0]), ("a.TXT", SHORT[1]), ("a.txt", SHORT[1])])
def test_every_input_of_a_corpus_is_one_page_or_one_report_entry(workdir, files):
    folder = Path(tempfile.mkdtemp(dir=workdir))
    for name, data in files:
        (folder / name).write_bytes(data)
    raws = []
    report = BuildReport()
    for name, _ in files:
        try:
            raws.append(read_article(folder / name, f"seeds/{name}"))
        except IngestError as exc:
            report.skipped.append(exc)
    articles = extract_all(raws, report)
    ids = [a.id for a in articles]
    assert len(ids) == len(set(ids)), f"two pages with one id: {sorted(ids)}"
    paths = Counter([a.path for a in articles] + [s.path for s in report.skipped if hasattr(s, "path")]
                    + [d.path for d in report.duplicates])
    assert all(n == 1 for n in paths.values()), paths
    assert len(articles) + len(report.skipped) + len(report.duplicates) == len(files)
    for a in articles:
        assert a.path not in {c.path for c in a.copies}
        assert a.id not in {c.id for c in a.copies}, (a.id, [c.id for c in a.copies])


# --- md_text ---------------------------------------------------------------------------

MD_SYNTAX = list("\\`*_{}[]()#+-.!|<>&:;=~^$%@'\"/?,") + [
    "&amp;", "&#60;", "&lt;", "<!--", "-->", "[TOC]", "{: .x }", "{ onclick=x }", "!!! note", "```", "***", "---",
    "|---|", "http://x.y", "<http://x.y>", "<b>", "</p>", "1. ", "- ", "> ", "    ", "  \n", "\n\n", "[a](b)",
    "![a](b)", "[a]: b", "<div markdown>", "{{ x }}", "{% raw %}", "wzxhzdk:0", "klzzwxh:0", "\u2028", "\xa0", "\t",
]
PLAIN_CHARS = st.characters(blacklist_categories=["Cs", "Cc"])


def _md_html(s: str) -> str:
    return markdown.markdown(md_text(s), extensions=MKDOCS_EXTENSIONS)


def check_md_text(s: str) -> None:
    # control characters are not text: md_text drops them (\x02 and \x03
    # would otherwise act as Python-Markdown's placeholders)
    expected = squash(CONTROLS.sub("", s))
    assume(expected)
    out = _md_html(s)
    assert out.startswith("<p>") and out.endswith("</p>") and out.count("<p") == 1, (s, out)
    assert html.unescape(out[3:-4]) == expected, (s, out)


markdownish = st.lists(
    st.one_of(st.sampled_from(MD_SYNTAX), st.text(PLAIN_CHARS, max_size=4), st.sampled_from(VOCAB)), max_size=25,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(s=markdownish)
def test_md_text_renders_as_the_text_itself(s):
    """Text as the pipeline passes it (no control characters: ingest removes them)."""
    check_md_text(s)


@settings(max_examples=300, deadline=None)
@given(s=st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(MD_SYNTAX), st.text(max_size=3)), max_size=15).map("".join)))
def test_md_text_renders_any_string_as_itself(s):
    """Any string, control characters included: md_text also gets strings that
    never went through ingest (file names in the build report)."""
    check_md_text(s)


MD_ALPHABET = list("\\`*_{}[]()#+-.!|<>&:;=~^$%@'\"/?,0123456789") + list("٠١٢٣٤٥٦٧٨٩") + list(
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + ["ء", "ة", "«", "»", "،", "؟", " ", " ", " ", "\n", "\t", "\xa0", "a", "x"]


@settings(max_examples=500, deadline=None)
@given(s=st.text(st.sampled_from(MD_ALPHABET), max_size=30))
def test_md_text_is_text_in_both_markdowns(s):
    """Random text, mostly Markdown syntax and Arabic letters: Python-Markdown
    (as MkDocs runs it) makes one paragraph of exactly that text, whitespace
    collapsed, and so does a heading of it; CommonMark sees one paragraph
    with nothing but text in it."""
    expected = squash(CONTROLS.sub("", s))
    md = md_text(s)
    out = markdown.markdown(md, extensions=MKDOCS_EXTENSIONS)
    tokens = MarkdownIt("commonmark").parse(md)
    if not expected:
        assert md == "" and out == "" and tokens == []
        return
    assert out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1, (s, md, out)
    assert html.unescape(out[3:-4]) == expected, (s, md, out)
    heading = re.fullmatch(r'<h1 id="[^"]*">(.*)</h1>', markdown.markdown("# " + md, extensions=MKDOCS_EXTENSIONS))
    assert heading and html.unescape(heading.group(1)) == expected, (s, md)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], (s, md, tokens)
    assert all(c.type == "text" for c in tokens[1].children), (s, md, tokens[1].children)
    assert "".join(c.content for c in tokens[1].children) == expected, (s, md)


# --- front_matter -----------------------------------------------------------------------

yaml_text = st.one_of(
    st.text(),
    st.sampled_from(["yes", "no", "on", "off", "null", "~", "true", "False", "2023-01-19", "10:30", "1e3", "0x1F", "0o17",
                     "-", "---", "...", "- x", "? x", ": x", "#x", "&a", "*a", "!x", "|", ">", "%", "@", "`", "<<",
                     "'", '"', "{}", "[]", "a: b", "a #b", " x", "x ", "\ufeff", "\x85", "\u2028", "", "=", "title: x",
                     "\u2029", "\t", "\\", "\\n", "\x00", "\x1b", "\x7f", "\x9f", "\ufffe", "😀", "a\nb", "\r\n", "é" * 65,
                     "x" * 129, ".inf", "-.inf", ".nan", "1_000", "0b1", "+1", "1:20", "!!str", "&a *a", "? a", "- - a"]),
    st.tuples(st.text(max_size=6), st.integers(1000, 3000)).map(lambda t: (t[0] + " --- ... ") * (t[1] // 8 + 1)),
)
yaml_values = st.recursive(
    st.one_of(yaml_text, yaml_text, st.none(), st.integers(-10**6, 10**6), st.integers(), st.booleans(),
              st.floats(allow_nan=False)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(yaml_text, children, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.dictionaries(yaml_text, yaml_values, max_size=6))
def test_front_matter_round_trips(data):
    """Any record-like data, keys any strings: front_matter writes its own
    YAML (generator.safe), MkDocs reads it with PyYAML's SafeLoader."""
    fm = front_matter(data)
    assert fm.startswith("---\n") and fm.endswith("\n---\n")
    assert yaml.safe_load(fm[4:-4]) == data
    # and as MkDocs reads it from the page
    body, meta = get_data(fm + "# page\n")
    assert (meta or {}) == data and body == "# page\n", (fm, meta, body)


# --- Arabic folding -----------------------------------------------------------------

FOLDED_ALPHABET = "".join(chr(c) for c in arabic._FOLD) + "ابتةهويىءAaZz ٌَُِّْـ\u0670" + INDIC + PERSIAN


@SETTINGS
@given(st.text(alphabet=FOLDED_ALPHABET, max_size=40) | st.text(max_size=40))
def test_folding_letter_by_letter_is_the_translation_table(text):
    # normalize() replaces the folded letters one after another (faster than
    # str.translate); the table is the definition
    expected = arabic.DIACRITICS.sub("", text).translate(arabic._FOLD)
    assert arabic.fold_letters(text) == expected
    assert arabic.normalize(text) == expected.lower()


# --- Reporting verbs ------------------------------------------------------------

REPORTING = ["قال", "وقال", "أكد", "وأضاف", "فأوضح", "صرح", "مضيفا", "قالت"]
quoted_paragraph = st.lists(st.one_of(sentence, st.sampled_from(REPORTING)), min_size=1, max_size=8).map(" ".join)


@SETTINGS
@given(quoted_paragraph)
def test_reporting_verbs_found_from_the_paragraphs_tokens_as_from_each_span_alone(text):
    # quotes.py looks for the verb among the paragraph's tokens within a
    # sentence or the text before a quotation; the definition is the span
    # tokenized on its own, quotation marks matched within it
    from generator.enrich.cues import enrich_cues
    from generator.enrich.matcher import tokenize
    from generator.enrich.quotes import QUOTE, _sentences, _Words
    cues = enrich_cues()
    verbs = cues.reporting | cues.continuing
    spans = [(q.start(), q.end()) for q in QUOTE.finditer(text)]
    words = _Words(tokenize(text), spans, verbs)

    def alone(lo: int, hi: int):
        part = text[lo:hi]
        inside = [(q.start(), q.end()) for q in QUOTE.finditer(part)]
        found = None
        for tok in tokenize(part):
            n = tok.norm
            for form in (n, n[1:] if n[:1] in ("و", "ف") else None):
                if form and form in verbs and not any(s <= tok.start < e for s, e in inside):
                    found = (tok.start, tok.end, form)
        return found

    for start, end in _sentences(text, spans):
        assert words.last_verb(start, end) == alone(start, end)
        for q in QUOTE.finditer(text):
            if start <= q.start() < end:
                assert words.last_verb(start, q.start()) == alone(start, q.start())


@SETTINGS
@given(st.lists(st.one_of(arabic_word, st.sampled_from(["في", "على", "إلى", "أن", "بأن", "قائلا", "،", ",", ":", " ", "\t", "وزير"])),
                max_size=14).map(" ".join))
def test_the_speakers_words_read_lazily_are_the_words_of_the_whole_text(between):
    # the definition: every word, fillers left out, a leading preposition
    # dropped, then up to four words, stopping at a preposition
    from generator.enrich.quotes import FILLER, PREPOSITIONS, SPEAKER_TEXT_WORDS, _speaker_text
    words = [w for w in re.split(r"[\s،,:]+", between) if w and arabic.normalize(w) not in FILLER]
    if words and arabic.normalize(words[0]) in PREPOSITIONS:
        words = words[1:]
    expected = []
    for w in words[:SPEAKER_TEXT_WORDS]:
        if arabic.normalize(w) in PREPOSITIONS:
            break
        expected.append(w)
    assert _speaker_text(between) == " ".join(expected)


@SETTINGS
@given(sentence | line, st.integers(0, 25))
def test_counting_words_stops_early_with_the_same_answer(text, n):
    # the line rules ask "more than n words?" of every line without listing
    # all of them; words() is the definition
    from generator.extract.text import (
        CLOSING_QUOTES, HEADLINE_MAX_WORDS, SPEECH, TRAILING_QUOTES, _final_punctuation, is_headline_like, reads_as_speech,
    )
    assert arabic.more_words_than(text, n) == (len(arabic.words(text)) > n)
    count = len(arabic.words(text))
    assert is_headline_like(text) == (2 <= count <= HEADLINE_MAX_WORDS
                                      and not _final_punctuation(text.rstrip(TRAILING_QUOTES + " ")))
    assert reads_as_speech(text) == (bool(SPEECH.search(text)) or (count > 10 and text.rstrip()[-1:] in CLOSING_QUOTES))
