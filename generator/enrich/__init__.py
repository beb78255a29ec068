"""Stage 2b: who and where an article is about, who said what, in brief.

enrich() reads only the article's own title and body (never removed junk,
related headlines, keyword lines or appended articles) and fills the
record's actors, places, unlinked, quotes and summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..arabic import normalize
from ..models import ActorRef, Article, PlaceRef, QuoteRef, Unlinked
from .gazetteer import Gazetteer, gazetteer
from .matcher import Match, NameTrie, token_forms, tokenize
from .people import propose
from .quotes import ActorInfo, find_quotes
from .summary import summarize


@dataclass(frozen=True)
class Index:
    actors: NameTrie
    places: NameTrie
    adjectives: frozenset[str]  # folded nationality adjectives (qualifiers, never names)
    adjective_state: dict[str, str]  # folded adjective -> state id
    names: frozenset[str]  # folded gazetteer names, never proposed as unknown
    info: dict[str, ActorInfo]

    def adjective_of(self, surface: str) -> str | None:
        """The state a nationality adjective (الروسي، والأرمنية) stands for."""
        if " " in surface.strip():
            return None
        for form in token_forms(normalize(surface)):
            if form in self.adjective_state:
                return self.adjective_state[form]
        return None


def build_index(gaz: Gazetteer) -> Index:
    actors, places = NameTrie(), NameTrie()
    adjectives: set[str] = set()
    adjective_state: dict[str, str] = {}
    names: set[str] = set()
    for a in gaz.actors.values():
        for name in gaz.actor_names(a):
            actors.add(name, a.id)
            names.add(normalize(name))
        for adj in a.adjectives_ar:
            adjectives.update((normalize(adj), "ال" + normalize(adj)))
            adjective_state.setdefault(normalize(adj), a.id)
    for p in gaz.places.values():
        for name in gaz.place_names(p):
            places.add(name, p.id)
            names.add(normalize(name))
    info = {a.id: ActorInfo(a.type, a.country) for a in gaz.actors.values()}
    return Index(actors, places, frozenset(adjectives), adjective_state, frozenset(names), info)


@lru_cache(maxsize=4)
def _index_for(gaz: Gazetteer) -> Index:
    return build_index(gaz)


def enrich(article: Article, gaz: Gazetteer | None = None) -> None:
    gaz = gaz or gazetteer()
    index = _index_for(gaz)
    texts = [article.title] + [b.text for b in article.body]
    tokens = [tokenize(t) for t in texts]
    actor_hits = [index.actors.find(t, toks) for t, toks in zip(texts, tokens)]
    place_hits = [index.places.find(t, toks) for t, toks in zip(texts, tokens)]

    article.actors = _refs(actor_hits, lambda i: ActorRef(i, gaz.actors[i].name_ar, gaz.actors[i].name_en, gaz.actors[i].type, 0))
    article.places = _refs(place_hits, lambda i: PlaceRef(i, gaz.places[i].name_ar, gaz.places[i].name_en, gaz.places[i].kind, 0))

    proposals: dict[str, Unlinked] = {}
    for text, toks, hits, places in zip(texts, tokens, actor_hits, place_hits):
        for p in propose(text, hits + places, index.adjectives, toks):
            key = normalize(p.name_ar)
            if key not in index.names and key not in proposals:
                proposals[key] = Unlinked(p.name_ar, p.name_en, p.context)
    article.unlinked = list(proposals.values())

    body_texts = [b.text for b in article.body if b.type == "paragraph"]
    body_hits = [h for b, h in zip(article.body, actor_hits[1:]) if b.type == "paragraph"]
    body_tokens = [t for b, t in zip(article.body, tokens[1:]) if b.type == "paragraph"]
    quotes = find_quotes(body_texts, body_hits, index.info, index.adjective_of, body_tokens)
    article.quotes = [QuoteRef(q.speaker, q.speaker_text, q.text) for q in quotes]
    article.summary = summarize(body_texts)


def _refs(hits: list[list[Match]], make) -> list:
    counts = Counter(m.target for matches in hits for m in matches)
    refs = []
    for target, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        ref = make(target)
        refs.append(type(ref)(**{**ref.__dict__, "mentions": n}))
    return refs
