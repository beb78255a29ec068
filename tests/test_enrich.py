"""Actors, places, unknown people, quotes and summaries, on a small gazetteer."""

from __future__ import annotations

import pytest

from generator.enrich import enrich
from generator.enrich.gazetteer import parse, validate
from generator.enrich.matcher import NameTrie, token_forms
from generator.enrich.people import transliterate
from generator.models import Article, Block

ACTORS = {"actors": [
    {"id": "russia", "type": "state", "name_ar": "روسيا", "name_en": "Russia", "variants_ar": ["روسيا الاتحادية"],
     "variants_en": [], "country": None, "roles": [], "wikidata": "Q159", "adjectives_ar": ["روسي", "روسية", "روس"]},
    {"id": "azerbaijan", "type": "state", "name_ar": "أذربيجان", "name_en": "Azerbaijan", "variants_ar": ["أذريبجان"],
     "variants_en": [], "country": None, "roles": [], "wikidata": "Q227",
     "adjectives_ar": ["أذربيجاني", "أذربيجانية", "أذري", "أذرية", "أذريون", "أذربايجاني"]},
    {"id": "armenia", "type": "state", "name_ar": "أرمينيا", "name_en": "Armenia", "variants_ar": [],
     "variants_en": [], "country": None, "roles": [], "wikidata": "Q399",
     "adjectives_ar": ["أرمني", "أرمنية", "أرميني", "أرمينية", "أرمن"]},
    {"id": "sergey-lavrov", "type": "person", "name_ar": "سيرغي لافروف", "name_en": "Sergey Lavrov",
     "variants_ar": ["لافروف", "سيرجي لافروف"], "variants_en": ["Lavrov"], "country": "russia",
     "roles": [{"title_en": "Foreign Minister of Russia", "title_ar": "وزير خارجية روسيا", "from": "2004-03-09", "to": None}],
     "wikidata": None},
    {"id": "vladimir-putin", "type": "person", "name_ar": "فلاديمير بوتين", "name_en": "Vladimir Putin",
     "variants_ar": ["بوتين"], "variants_en": ["Putin"], "country": "russia", "roles": [], "wikidata": "Q7747"},
    {"id": "kremlin", "type": "government_body", "name_ar": "الكرملين", "name_en": "Kremlin", "variants_ar": [],
     "variants_en": [], "country": "russia", "roles": [], "wikidata": None},
    {"id": "russia-mfa", "type": "government_body", "name_ar": "وزارة الخارجية الروسية", "name_en": "Russian Foreign Ministry",
     "variants_ar": ["الخارجية الروسية"], "variants_en": [], "country": "russia", "roles": [], "wikidata": None},
    {"id": "csto", "type": "organization", "name_ar": "منظمة معاهدة الأمن الجماعي", "name_en": "CSTO",
     "variants_ar": ["معاهدة الأمن الجماعي"], "variants_en": [], "country": None, "roles": [], "wikidata": None},
]}
PLACES = {"places": [
    {"id": "nagorno-karabakh", "kind": "region", "name_ar": "ناغورنو قره باغ", "name_en": "Nagorno-Karabakh",
     "variants_ar": ["ناغورني قره باغ", "قره باغ", "كاراباخ", "ناغورني كاراباخ"], "variants_en": [], "parent": None,
     "actor": None, "wikidata": None},
    {"id": "moscow", "kind": "city", "name_ar": "موسكو", "name_en": "Moscow", "variants_ar": [], "variants_en": [],
     "parent": None, "actor": None, "wikidata": None},
]}
GAZ = parse(ACTORS, PLACES)


def article(*paragraphs: str, title: str = "عنوان") -> Article:
    return Article(path="t.txt", id="t", title=title, body=[Block("paragraph", p) for p in paragraphs])


def enriched(*paragraphs: str, title: str = "عنوان") -> Article:
    a = article(*paragraphs, title=title)
    enrich(a, GAZ)
    return a


def mentions(a: Article) -> dict[str, int]:
    return {r.id: r.mentions for r in a.actors}


def test_the_test_gazetteer_is_valid():
    assert validate(GAZ) == []


@pytest.mark.parametrize("token, stem", [
    ("وبوتين", "بوتين"), ("للكرملين", "كرملين"), ("فلافروف", "لافروف"), ("الروسية", "روسيه"),
    ("وللكرملين", "كرملين"), ("بالكرملين", "كرملين"),
])
def test_clitics_are_stripped(token: str, stem: str):
    from generator.arabic import normalize

    assert normalize(stem) in token_forms(normalize(token))


@pytest.mark.parametrize("text, actor", [
    ("قال وبوتين إن", "vladimir-putin"), ("صرح للكرملين", "kremlin"), ("فلافروف قال", "sergey-lavrov"),
    ("القوات الروسية", "russia"), ("الروس", "russia"), ("الأذرية", "azerbaijan"), ("أذريون", "azerbaijan"),
    ("الأذربايجاني", "azerbaijan"), ("أذريبجان", "azerbaijan"), ("اذربيجان", "azerbaijan"),
    ("الأرمن", "armenia"), ("الأرمينية", "armenia"), ("لمنظمة معاهدة الأمن الجماعي", "csto"),
])
def test_forms_of_names(text: str, actor: str):
    assert actor in mentions(enriched(text))


def test_full_name_then_surname_is_one_actor_with_a_count():
    a = enriched("قال وزير الخارجية الروسي سيرغي لافروف إن موسكو مستعدة.", "وأضاف لافروف أن الحوار مستمر.")
    m = mentions(a)
    assert m["sergey-lavrov"] == 2
    assert m["russia"] == 1  # the adjective الروسي; no separate anonymous minister
    assert not a.unlinked


def test_a_ministry_is_the_ministry_not_the_state():
    m = mentions(enriched("أكدت الخارجية الروسية أن الاتفاق قائم."))
    assert m == {"russia-mfa": 1}


def test_places_and_multiword_names():
    a = enriched("تصاعد التوتر في ناغورني قره باغ، وقال مسؤول في موسكو إن قره باغ منطقة متنازع عليها.")
    assert {r.id: r.mentions for r in a.places} == {"nagorno-karabakh": 2, "moscow": 1}


@pytest.mark.parametrize("text", ["روسيات الغربية", "الروسيتين", "باكورة الإنتاج", "أرمينيوس", "التروس"])
def test_words_that_only_look_like_names(text: str):
    assert mentions(enriched(text)) == {}


def test_unknown_people_after_office_words_are_proposed():
    a = enriched("وقال مدير الإدارة الرابعة في وزارة الخارجية الروسية، دينيس غونتشار، إن الوضع مستقر.")
    assert [(u.name_ar, u.name_en) for u in a.unlinked] == [("دينيس غونتشار", "Dinis Ghuntshar")]
    assert "دينيس غونتشار" in a.unlinked[0].context


def test_quotes_speakers_and_carry_over():
    a = enriched(
        "قال لافروف: «روسيا مستعدة لنشر قوات على الحدود».",
        "وأضاف: «واجهنا صعوبات تتعلق بالوضع في أرمينيا».",
        "وأكد بوتين أن \"الحوار هو الطريق الوحيد للسلام\".",
        "وتحدث عن “تخدم مصالح” فقط.",
    )
    assert [(q.speaker, q.text) for q in a.quotes] == [
        ("sergey-lavrov", "روسيا مستعدة لنشر قوات على الحدود"),
        ("sergey-lavrov", "واجهنا صعوبات تتعلق بالوضع في أرمينيا"),
        ("vladimir-putin", "الحوار هو الطريق الوحيد للسلام"),
    ]


def test_summary_is_the_lead():
    a = enriched("الجملة الأولى من المقدمة طويلة بما يكفي. والجملة الثانية تكمل الخبر هنا.", "فقرة ثانية لا تدخل في الملخص هنا.")
    assert a.summary == ["الجملة الأولى من المقدمة طويلة بما يكفي.", "والجملة الثانية تكمل الخبر هنا.", "فقرة ثانية لا تدخل في الملخص هنا."][:3]


def test_transliteration():
    assert transliterate("دينيس غونتشار") == "Dinis Ghuntshar"


def test_matching_work_is_linear_in_text_length():
    """Counted, not timed: the trie lookups grow with the text, never with its
    square (a timed version flaked on a loaded CI machine)."""

    class Counting(dict):
        lookups = 0

        def get(self, key, default=None):
            Counting.lookups += 1
            return super().get(key, default)

    trie = NameTrie()
    for i in range(5000):
        trie.add(f"اسم{i} عائلة{i} الابن", f"p{i}")
    stack = [trie.root]
    while stack:
        node = stack.pop()
        node.children = Counting(node.children)
        stack.extend(node.children.values())
    # names, name prefixes that stop short, and plain words
    text = " ".join(["كلمة عادية اسم7 عائلة7 في نص اسم9 عائلة9 الابن طويل"] * 500)

    def lookups(t: str) -> int:
        Counting.lookups = 0
        found = trie.find(t)
        assert found
        return Counting.lookups

    small, large = lookups(text), lookups(" ".join([text] * 4))
    assert small > 0
    assert large <= 4 * small + 10  # ~4x, never quadratic


def test_trie_finds_a_name_added_after_it_was_searched():
    # the trie remembers which words start a name: adding one must not leave
    # a word it already looked at "starting nothing"
    trie = NameTrie()
    trie.add("سيرغي لافروف", "lavrov")
    text = "التقى لافروف بنظيره شويغو في موسكو"
    assert [m.target for m in trie.find(text)] == []
    trie.add("لافروف", "lavrov")
    trie.add("سيرغي شويغو", "shoigu")
    trie.add("شويغو", "shoigu")
    assert [(m.target, m.surface) for m in trie.find(text)] == [("lavrov", "لافروف"), ("shoigu", "شويغو")]
    assert [m.surface for m in trie.find("قال وزير الخارجية سيرغي لافروف")] == ["سيرغي لافروف"]


# --- the project's own gazetteer, on the samples -----------------------------

def test_project_gazetteer_is_valid_and_large():
    from generator.enrich.gazetteer import gazetteer

    gaz = gazetteer()
    assert validate(gaz) == []
    assert len(gaz.actors) >= 250 and len(gaz.places) >= 100


def _sample(stem: str) -> dict:
    from conftest import ROOT
    from generator.ingest import read_all
    from generator.models import BuildReport
    from generator.pipeline import extract_all

    raws, _ = read_all([ROOT / "seeds" / f"{stem}.txt"], ROOT)
    (a,) = extract_all(raws, BuildReport())
    return a.to_dict()


@pytest.mark.parametrize("stem, actors, places", [
    ("000_0c354cb52bb2b83e", {"russian-mfa", "emmanuel-macron", "france", "russia", "azerbaijan", "armenia", "france-2"},
     {"paris", "baku", "yerevan", "nagorno-karabakh", "kalbajar", "lachin", "agdam", "south-caucasus"}),
    ("001_33f9a58888d4f58e", {"denis-gonchar", "russian-mfa", "vladimir-putin", "cis", "sputnik", "turkey", "united-states", "ukraine"},
     {"south-caucasus", "nagorno-karabakh", "kyiv", "donetsk", "luhansk"}),
    ("002_8e5f498fc9c05559", {"vladimir-putin", "emmanuel-macron", "ilham-aliyev", "nikol-pashinyan", "azerbaijani-mfa", "cis"},
     {"moscow", "sochi", "saint-petersburg", "kazakhstan", "nagorno-karabakh"}),
    ("003_33a46d52206eb315", {"sergey-lavrov", "antony-blinken", "nikol-pashinyan", "csto", "european-union", "us-state-department"},
     {"lachin-corridor", "nagorno-karabakh", "moscow"}),
    ("004_c61355213998c85b", {"dmitry-peskov", "kremlin", "nikol-pashinyan", "russian-peacekeepers", "armenia", "azerbaijan"},
     {"nagorno-karabakh"}),
])
def test_samples_name_their_actors_and_places(stem, actors, places):
    rec = _sample(stem)
    assert actors <= {a["id"] for a in rec["actors"]}
    assert places <= {p["id"] for p in rec["places"]}
    assert rec["unlinked"] == []


def test_junk_and_appended_articles_contribute_no_actors():
    ids = {a["id"] for a in _sample("004_c61355213998c85b")["actors"]}
    assert not ids & {"emmanuel-macron", "volodymyr-zelensky", "ukraine", "france", "elysee"}
    ids = {a["id"] for a in _sample("001_33f9a58888d4f58e")["actors"]}
    assert "vitaly-belousov" not in ids  # the photographer, named only in a photo credit


def test_validation_names_each_kind_of_problem():
    bad = parse(
        {"actors": [
            {"id": "Bad Id", "type": "wizard", "name_ar": "", "name_en": "X", "wikidata": "Z12", "country": "nowhere"},
            {"id": "a", "type": "person", "name_ar": "لافروف", "name_en": "A"},
            {"id": "b", "type": "person", "name_ar": "لافروف", "name_en": "B"},
        ]},
        {"places": [{"id": "p", "kind": "city", "name_ar": "مدينة", "name_en": "P", "parent": "missing"}]},
    )
    text = "\n".join(validate(bad))
    for fragment in ("lower-case ASCII slug", "unknown type", "missing name_ar", "malformed Wikidata",
                     "is not a state", "also claimed by", "is not a place"):
        assert fragment in text, fragment
