"""Find dates (with time, zone, weekday and label) in one line of text.

This module only *reads* dates; which one is the publication date is decided
by the extractor from where the line stands (see extract/__init__.py).
Matching runs on normalised text (generator.arabic) with a map back to the
original characters, so the evidence recorded is the text as scraped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from hijridate import Hijri

from ..arabic import normalize
from ..data import built_from, data_stamp, load_data


HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMatch:
    date: dt.date
    start: int  # span in the original line, including weekday/time/zone/label
    end: int
    time: str | None
    timezone: str | None
    weekday: str | None  # stated weekday, English name
    label: str | None  # "published" | "updated" | None
    evidence: str
    swapped: bool = False  # month/day order was swapped to make a valid date
    hijri: str | None = None  # set for a Hijri date (then `date` is its Gregorian day)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return normalize(ch)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise char by char, remembering each output char's source index."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        n = _fold_char(ch)
        for c in n:
            out.append(c)
            idx.append(i)
    return "".join(out), idx


def _alt(names: list[str]) -> str:
    forms = sorted({normalize(n) for n in names}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)


@dataclass(frozen=True)
class _Vocabulary:
    month_of: dict[str, int]
    weekday_of: dict[str, str]
    timezone_of: dict[str, str]
    label_kind: dict[str, str]
    am: frozenset[str]
    pm: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    hijri_month_of: dict[str, int]
    hijri_re: re.Pattern[str]
    time_re: re.Pattern[str]
    tz_re: re.Pattern[str]
    weekday_re: re.Pattern[str]
    label_re: re.Pattern[str]
    today_re: re.Pattern[str]


def vocabulary() -> _Vocabulary:
    """Built from the data file, rebuilt when it changes."""
    return _build_vocabulary(data_stamp("dates"))


@lru_cache(maxsize=2)
@built_from("dates")
def _build_vocabulary(_stamp: tuple) -> _Vocabulary:
    data = load_data("dates")
    month_of = {normalize(n): int(m) for m, names in data["months"].items() for n in names}
    weekday_of = {normalize(n): day for day, names in data["weekdays"].items() for n in names}
    timezone_of = {normalize(k): v for k, v in data["timezones"].items()}
    label_kind = {normalize(k): "published" for k in data["published_labels"]}
    label_kind.update({normalize(k): "updated" for k in data["updated_labels"]})

    month = f"(?:{_alt(list(month_of))})"
    # "تشرين الثاني/نوفمبر", "نوفمبر (تشرين الثاني)": one month written twice
    month_expr = rf"(?P<mon>{month})(?:\s*[/(\-]\s*{month}\s*\)?)?"
    ordinal = r"(?:st|nd|rd|th)?"
    d = r"(?<!\d)(?P<day>\d{1,2})"
    # a year may carry the era mark م (ميلادي, AD), which is not "pm"
    y = r"(?P<year>(?:19|20)\d{2})(?!\d)(?:\s*(?:م|ميلادي|ميلاديه)(?![^\W\d_]))?"
    w_after = r"(?![^\W\d_])"  # month names must end at a word boundary
    year_word = r"(?:عام|سنه|سنة)?"
    patterns = (
        # 25 سبتمبر 2023, 25th, September 2023, 9 تشرين الثاني/نوفمبر 2020
        re.compile(rf"{d}{ordinal}\s*[,،]?\s*(?:من\s+)?(?:شهر\s+)?{month_expr}{w_after}\s*[,،]?\s*{year_word}\s*{y}"),
        # September 25, 2023
        re.compile(rf"(?<![^\W\d_]){month_expr}{w_after}\s*{d}{ordinal}\s*[,،]?\s*{y}"),
        # 2020October14, 2020 October 14
        re.compile(rf"(?<!\d)(?P<year>(?:19|20)\d{{2}})\s*,?\s*{month_expr}\s*(?P<day>\d{{1,2}})(?!\d)"),
        # 2023-09-25, 2023/09/25
        re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<mnum>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"),
        # 25.04.2022, 25-4-2022, 25/04/2022 (day first, as in the Arab world)
        re.compile(r"(?<![\d.])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<mnum>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})(?!\d)"),
    )
    hijri_month_of = {normalize(n): int(m) for m, names in data["hijri_months"].items() for n in names}
    # 27 جمادى الآخرة 1444 هـ  (the هـ mark is what makes a year Hijri)
    hijri_re = re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?P<mon>{_alt(list(hijri_month_of))})\s*,?\s*(?P<year>1[34]\d{{2}})\s*(?:هـ|ه)(?![^\W\d_])"
    )
    ampm = _alt(data["am"] + data["pm"])
    time_re = re.compile(
        rf"^[\s,\-–|،:]*(?:الساعه\s+|الساعة\s+|at\s+)?(?P<h>\d{{1,2}})\s*[:٫.]\s*(?P<m>\d{{2}})(?::\d{{2}})?"
        rf"(?:\s*(?P<ampm>{ampm})(?![^\W\d_]))?"
    )
    tz_re = re.compile(
        rf"^\s*\(?(?P<off>(?:gmt|utc)?\s*(?P<sign>[+-])(?P<oh>\d{{1,2}})(?::?(?P<om>\d{{2}}))?)(?!\d)\)?"
        rf"|^[\s,\-–|(]*(?P<tz>{_alt(list(data['timezones']))})(?![^\W\d_])\)?"
    )
    weekday_re = re.compile(rf"(?:(?<![^\W\d_])|(?<=[\u0648]))(?P<wd>{_alt(list(weekday_of))})(?![^\W\d_])")
    label_re = re.compile(rf"(?P<label>{_alt(list(label_kind))})\s*[:：\-–]?\s*$")
    today_re = re.compile(
        rf"(?<![^\W\d_])(?:{_alt(data['today_words'])})\s*,?\s*(?:يوم\s+)?(?P<wd>{_alt(list(weekday_of))})(?![^\W\d_])"
    )
    return _Vocabulary(
        month_of, weekday_of, timezone_of, label_kind,
        frozenset(normalize(x) for x in data["am"]), frozenset(normalize(x) for x in data["pm"]),
        patterns, hijri_month_of, hijri_re, time_re, tz_re, weekday_re, label_re, today_re,
    )


def find_dates(line: str, impossible: list[tuple[int, int]] | None = None) -> list[DateMatch]:
    """All full dates (day, month and year) in a line, in order. Spans that
    read as a date that does not exist (30 February) are added to
    `impossible` when it is given."""
    if not HAS_DIGIT.search(line):  # every date form has digits (any script)
        return []
    voc = vocabulary()
    norm, idx = normalize_with_map(line)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in voc.patterns:
        for m in pattern.finditer(norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            parsed = _to_date(m, voc)
            if parsed is None:
                if impossible is not None:
                    impossible.append((idx[m.start()], idx[m.end() - 1] + 1))
                continue
            date, swapped = parsed
            taken.append((m.start(), m.end()))
            found.append(_extend(line, norm, idx, m.start(), m.end(), date, swapped, voc))
    for m in voc.hijri_re.finditer(norm):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        year, month, day = int(m["year"]), voc.hijri_month_of[re.sub(r"\s+", " ", m["mon"])], int(m["day"])
        try:
            greg = Hijri(year, month, day).to_gregorian()
        except (ValueError, OverflowError):
            continue
        match = _extend(line, norm, idx, m.start(), m.end(), dt.date(greg.year, greg.month, greg.day), False, voc)
        found.append(replace(match, hijri=f"{year:04d}-{month:02d}-{day:02d}"))
    found.sort(key=lambda f: f.start)
    return found


def _to_date(m: re.Match[str], voc: _Vocabulary) -> tuple[dt.date, bool] | None:
    year, day = int(m["year"]), int(m["day"])
    groups = m.groupdict()
    if groups.get("mon"):
        month = voc.month_of.get(re.sub(r"\s+", " ", m["mon"]))
        if month is None:
            return None
    else:
        month = int(m["mnum"])
    swapped = False
    if month > 12 and day <= 12:  # 09/25/2023: month-first, as US sites write
        day, month, swapped = month, day, True
    try:
        return dt.date(year, month, day), swapped
    except ValueError:
        return None


def _extend(
    line: str, norm: str, idx: list[int], s: int, e: int,
    date: dt.date, swapped: bool, voc: _Vocabulary,
) -> DateMatch:
    """Grow the match over a weekday/label before it and time/zone after it."""
    weekday = None
    before = norm[:s]
    wd = None
    for wd in voc.weekday_re.finditer(before):
        pass
    if wd and re.fullmatch(r"[\s,،\-–]*(?:يوم\s*)?[\s,،\-–]*", before[wd.end():]):
        weekday = voc.weekday_of[wd["wd"]]
        s = wd.start()
    label = None
    lab = voc.label_re.search(norm[:s])
    if lab:
        label = voc.label_kind[re.sub(r"\s+", " ", lab["label"])]
        s = lab.start()
    time = tz = None
    t = voc.time_re.match(norm[e:])
    if t:
        h, mnt = int(t["h"]), int(t["m"])
        if t["ampm"] and normalize(t["ampm"]) in voc.pm and h < 12:
            h += 12
        if t["ampm"] and normalize(t["ampm"]) in voc.am and h == 12:
            h = 0
        if h < 24 and mnt < 60:
            time = f"{h:02d}:{mnt:02d}"
            e += t.end()
    z = voc.tz_re.match(norm[e:])
    if z:
        if z["tz"]:
            tz = voc.timezone_of[re.sub(r"\s+", " ", z["tz"])]
        else:
            hours, minutes = int(z["oh"]), int(z["om"] or 0)  # (int() reads digits of any script)
            if hours <= 14 and minutes < 60:  # UTC-12 to UTC+14: no zone is further off
                tz = f"UTC{z['sign']}{hours:02d}:{minutes:02d}"
        if tz is not None:
            e += z.end()
    start, end = idx[s], idx[e - 1] + 1
    while end < len(line) and not normalize(line[end]):  # trailing tatweel/diacritics (هـ)
        end += 1
    return DateMatch(
        date=date, start=start, end=end, time=time, timezone=tz, weekday=weekday,
        label=label, evidence=line[start:end].strip(" ,،-–|"), swapped=swapped,
    )


def find_today_weekday(line: str) -> tuple[str, str] | None:
    """'اليوم الخميس' -> ('Thursday', 'اليوم الخميس'): the day of publication
    stated without a date."""
    norm, idx = normalize_with_map(line)
    m = vocabulary().today_re.search(norm)
    if not m:
        return None
    return vocabulary().weekday_of[m["wd"]], line[idx[m.start()]: idx[m.end() - 1] + 1]
