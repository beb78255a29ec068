"""Optional machine translation (Arabic -> English), cached by content.

Used only where an article has no editorial translation (sidecar
`<article>.en.yml`). The engine is chosen by name (`engine_from_settings`):

- "none": no machine translation (the default);
- "argos": Argos Translate with an installed Arabic->English model, fully
  offline (`pip install 'caucasus-digest[mt]'` plus a model package);
- "fake": a deterministic stand-in for tests, obviously not a translation.

Nothing here downloads anything: a missing package or model raises
`MachineTranslationUnavailable` with instructions.

Every text (title, kicker, summary sentence, body block) is translated once
per engine and model: `TranslationCache` keeps one JSON file per text, keyed
by sha256 of the engine name and the source text, so a rebuild only sends
new or changed texts to the engine.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Protocol

from ..models import Article, Block, Translation

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "Install the optional dependencies with: pip install 'caucasus-digest[mt]'\n"
    "then an Arabic->English model, either from the Argos package index "
    "(downloads it once): argospm update && argospm install translate-ar_en\n"
    "or offline from a model package file (.argosmodel) you already have: "
    "python -c \"import argostranslate.package as p; p.install_from_path('translate-ar_en.argosmodel')\""
)

ENGINES = ("none", "argos", "fake")


class MachineTranslationError(RuntimeError):
    """Machine translation failed for an article (the build goes on without it)."""


class MachineTranslationUnavailable(MachineTranslationError):
    """The engine cannot run here: package or model not installed."""


class Engine(Protocol):
    name: str  # engine and model, e.g. "argos:ar-en@1.9"; part of the cache key

    def translate(self, texts: list[str]) -> list[str]:
        """English for each Arabic text, in the same order."""
        ...


class ArgosEngine:
    """Argos Translate with an installed Arabic->English model (offline)."""

    def __init__(self, from_code: str = "ar", to_code: str = "en") -> None:
        try:  # lazily: the package is optional and heavy
            import argostranslate.package as argos_package
            import argostranslate.translate as argos_translate
        except Exception as exc:  # ImportError, or a broken native dependency
            raise MachineTranslationUnavailable(
                f"Argos Translate is not installed ({type(exc).__name__}: {exc}).\n{INSTALL_HINT}"
            ) from exc
        try:
            packages = [
                p for p in argos_package.get_installed_packages()
                if p.from_code == from_code and p.to_code == to_code
            ]
            translation = argos_translate.get_translation_from_codes(from_code, to_code) if packages else None
        except Exception as exc:  # noqa: BLE001 - argos raises various errors for a missing pair
            raise MachineTranslationUnavailable(
                f"No usable Argos Translate {from_code}->{to_code} model ({type(exc).__name__}: {exc}).\n{INSTALL_HINT}"
            ) from exc
        if translation is None:
            raise MachineTranslationUnavailable(
                f"No Argos Translate {from_code}->{to_code} model is installed.\n{INSTALL_HINT}"
            )
        version = max(str(getattr(p, "package_version", "") or "?") for p in packages)
        self.name = f"argos:{from_code}-{to_code}@{version}"
        self._translation = translation

    def translate(self, texts: list[str]) -> list[str]:
        return [self._translation.translate(t) for t in texts]


# A rough letter-by-letter romanisation: enough to look deterministic and fake.
_FAKE_LETTERS = str.maketrans({
    "ء": "'", "آ": "a", "أ": "a", "ؤ": "'", "إ": "i", "ئ": "'", "ا": "a", "ب": "b",
    "ة": "h", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "و": "w", "ى": "a", "ي": "y", "،": ",", "؛": ";", "؟": "?",
})


class FakeEngine:
    """Deterministic stand-in for tests: "[en] " + the text romanised letter by
    letter. Records every call so tests can check what the cache saved."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []  # the texts of each translate() call

    @property
    def texts(self) -> list[str]:
        """Every text sent to the engine, over all calls."""
        return [t for call in self.calls for t in call]

    def translate(self, texts: list[str]) -> list[str]:
        self.calls.append(list(texts))
        return ["[en] " + t.translate(_FAKE_LETTERS) for t in texts]


class TranslationCache:
    """A folder of JSON files, one per (engine name, source text).

    Writes are atomic (temporary file, then os.replace). A folder that cannot
    be created or written never fails the build: the cache then only reads
    what it can and logs once that it is not saving.
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.writable = True

    @staticmethod
    def key(engine: str, text: str) -> str:
        return hashlib.sha256(f"{engine}\x00{text}".encode("utf-8")).hexdigest()

    def _path(self, engine: str, text: str) -> Path:
        return self.folder / f"{self.key(engine, text)}.json"

    def get(self, engine: str, text: str) -> str | None:
        """The cached translation, or None (missing, unreadable or not this text)."""
        try:
            data = json.loads(self._path(engine, text).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("engine") != engine or data.get("source") != text:
            return None
        out = data.get("text")
        return out if isinstance(out, str) and out.strip() else None

    def put(self, engine: str, text: str, translated: str) -> None:
        if not self.writable:
            return
        record = {"engine": engine, "source": text, "text": translated}
        tmp: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False, indent=1)
            os.replace(tmp, self._path(engine, text))
            tmp = None
        except OSError as exc:
            self.writable = False
            log.warning("machine translations are not cached: cannot write %s (%s)", self.folder, exc)
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def machine_translate(article: Article, engine: Engine, cache: TranslationCache) -> Translation:
    """English for the article's title, kicker, summary and body (headings stay
    headings). Each distinct text goes to the engine at most once, in one call,
    and only if the cache does not have it; no call at all when it has them all.

    Raises MachineTranslationError when the engine returns the wrong number of
    texts or an empty one (nothing of that is cached); the engine's own errors
    pass through.
    """
    sources = [article.title, *([article.kicker] if article.kicker else []), *article.summary]
    sources += [b.text for b in article.body]
    done: dict[str, str] = {}
    missing: list[str] = []
    for text in sources:
        if text in done or text in missing:
            continue
        hit = cache.get(engine.name, text)
        if hit is not None:
            done[text] = hit
        else:
            missing.append(text)
    if missing:
        out = engine.translate(missing)
        if len(out) != len(missing):
            raise MachineTranslationError(f"{engine.name} returned {len(out)} texts for {len(missing)}")
        for src, dst in zip(missing, out):
            dst = (dst or "").strip()
            if not dst:
                raise MachineTranslationError(f"{engine.name} returned no text for: {src[:60]}")
            done[src] = dst
            cache.put(engine.name, src, dst)
    return Translation(
        title=done[article.title],
        kicker=done[article.kicker] if article.kicker else None,
        summary=[done[s] for s in article.summary],
        body=[Block(b.type, done[b.text]) for b in article.body],
        translated_by="machine",
        engine=engine.name,
    )


def engine_from_settings(name: str | None) -> Engine | None:
    """The engine called `name`: "none" (or None, "") -> None, "argos", "fake".

    Raises ValueError for an unknown name and MachineTranslationUnavailable
    when "argos" cannot run here.
    """
    key = (name or "none").strip().lower()
    if key == "none":
        return None
    if key == "fake":
        return FakeEngine()
    if key == "argos":
        return ArgosEngine()
    raise ValueError(f"unknown machine translation engine {name!r}: choose one of {', '.join(ENGINES)}")
