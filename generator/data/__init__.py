"""Language and domain data (YAML files beside this module).

Users extend the product by editing these files, never the Python code:
month names, boilerplate cues, the outlet registry, interface labels.
Parsed data is cached per file version, so a long-running `mkdocs serve`
picks up an edited data file on its next rebuild.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_seen: dict[str, tuple] = {}  # file -> (name, mtime, size), as of the last refresh()


def refresh() -> None:
    """Look at the data files again (once per build, not once per line):
    caches keyed by data_stamp() rebuild only when a file changed."""
    _seen.clear()


def data_stamp(*names: str) -> tuple:
    """Identifies the current version of data files (for derived caches)."""
    stamps = []
    for name in names:
        if name not in _seen:
            st = (DATA_DIR / f"{name}.yml").stat()
            _seen[name] = (name, st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)  # (ctime: cp -p keeps mtime and size)
        stamps.append(_seen[name])
    return tuple(stamps)


def load_data(name: str) -> Any:
    """Parse data/<name>.yml (re-read only when the file changed)."""
    return _load(data_stamp(name)[0])


@lru_cache(maxsize=32)
def _load(stamp: tuple) -> Any:
    with open(DATA_DIR / f"{stamp[0]}.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader)  # noqa: S506 - a safe loader (libyaml's when present)


class YamlFileError(ValueError):
    """An editor's YAML file (an override, a translation) that cannot be read."""


def read_yaml(path: Path) -> Any:
    """An editor's YAML file, parsed safely; YamlFileError (naming the file
    and the problem) when it is not UTF-8 or not YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlFileError(f"{path.name}: not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader (libyaml's when present)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where is not None else ""
        raise YamlFileError(f"{path.name}: not valid YAML{at}: {getattr(exc, 'problem', None) or exc}") from None
