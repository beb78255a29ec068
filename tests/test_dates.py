"""Reading dates in the forms Arabic news sites print them."""

from __future__ import annotations

import pytest

from generator.extract.dates import find_dates, find_today_weekday


@pytest.mark.parametrize(
    "line, date, time, tz",
    [
        ("الخميس ١٩ يناير ٢٠٢٣ - ٠٧:٢٩ بتوقيت غرينتش", "2023-01-19", "07:29", "GMT"),
        ("تاريخ النشر: 25th, September 2023 GMT", "2023-09-25", None, "GMT"),
        ("نشر في 9 تشرين الثاني/نوفمبر 2020", "2020-11-09", None, None),
        ("25.04.2022", "2022-04-25", None, None),
        ("25-4-2022", "2022-04-25", None, None),
        ("25/04/2022 10:30 م", "2022-04-25", "22:30", None),
        ("2023-09-25", "2023-09-25", None, None),
        ("2020October14", "2020-10-14", None, None),
        ("September 25, 2023 at 5:30 pm", "2023-09-25", "17:30", None),
        ("الأحد 3 جانفي 2021", "2021-01-03", None, None),
        ("12 يوليوز 2022", "2022-07-12", None, None),
        ("1 أوت 2021", "2021-08-01", None, None),
        ("٥ كانون الأول ٢٠٢٢", "2022-12-05", None, None),
        ("آخر تحديث: 2 آذار 2022 - 14:05 بتوقيت مكة", "2022-03-02", "14:05", "Asia/Riyadh"),
    ],
)
def test_reads_dates(line: str, date: str, time: str | None, tz: str | None):
    found = find_dates(line)
    assert found, line
    d = found[0]
    assert (d.date.isoformat(), d.time, d.timezone) == (date, time, tz)
    assert d.evidence in line


def test_labels_are_recognised():
    assert find_dates("تاريخ النشر: 25.04.2022")[0].label == "published"
    assert find_dates("آخر تحديث: 25.04.2022")[0].label == "updated"


@pytest.mark.parametrize("line", ["في 9 نوفمبر", "عام 2020", "© 2023 جميع الحقوق محفوظة", "31.02.2022", "الساعة 10:30"])
def test_incomplete_or_impossible_dates_are_not_dates(line: str):
    assert find_dates(line) == []


def test_month_first_dates_are_swapped_and_flagged():
    d = find_dates("09/25/2023")[0]
    assert d.date.isoformat() == "2023-09-25" and d.swapped


def test_today_weekday():
    assert find_today_weekday("أكدت الوزارة، اليوم الخميس، أن") == ("Thursday", "اليوم الخميس")
    assert find_today_weekday("قال أمس الأربعاء إن") is None


@pytest.mark.parametrize("line, zone", [
    ("19 يناير 2023 الساعة 10:30 GMT+99", None),  # no zone is 99 hours off
    ("19 يناير 2023 الساعة 10:30 GMT+14", "UTC+14:00"),
    ("19 يناير 2023 الساعة 10:30 GMT-3:30", "UTC-03:30"),
    ("19 يناير 2023 10:30 +130", "UTC+01:30"),  # hours and minutes without a colon
    ("19 يناير 2023 10:30 GMT+930", "UTC+09:30"),
    ("19 يناير 2023 10:30 +05:३०", "UTC+05:30"),  # digits of another script
])
def test_time_zone_offsets_are_read_within_the_range_of_real_zones(line: str, zone: str | None):
    assert find_dates(line)[0].timezone == zone


def test_a_line_that_is_only_a_date_that_does_not_exist_is_not_the_headline():
    from pathlib import Path

    from generator.extract import extract
    from generator.models import RawArticle

    title = "وزير الخارجية يبحث في القاهرة مستقبل المفاوضات"
    lead = "وأكد وزير الخارجية في مؤتمر صحفي عقده في القاهرة أن المفاوضات بين الطرفين ستستمر خلال الأسبوع المقبل."
    text = f"30 فبراير 2023\n{title}\n\n{lead}\n"
    art = extract(RawArticle("seeds/x.txt", "x.txt", Path("x.txt"), text, "utf-8", "0" * 64))
    assert art.title == title and art.date is None
    assert any("30 فبراير 2023" in w for w in art.warnings)
    assert [r.line for r in art.removed if "does not exist" in r.reason] == ["30 فبراير 2023"]
