"""Language and domain data (YAML files beside this module).

Users extend the product by editing these files, never the Python code:
month names, boilerplate cues, the outlet registry, interface labels.
Parsed data is cached per file version, so a long-running `mkdocs serve`
picks up an edited data file on its next rebuild.
"""

from __future__ import annotations

from functools import lru_cache, wraps
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


class DataFileError(Exception):
    """A data file that cannot be used (not YAML, or not the shape the code
    reads): the build stops and says which file and why."""


@lru_cache(maxsize=32)
def _load(stamp: tuple) -> Any:
    path = DATA_DIR / f"{stamp[0]}.yml"
    try:
        return read_yaml(path)
    except YamlFileError as exc:
        raise DataFileError(f"generator/data/{exc}") from None


def built_from(*names: str):
    """For a function that builds something from data files: an error it
    meets there (a key missing, a list where a mapping was expected) is a
    DataFileError naming the files, not a traceback into the code."""
    def wrap(fn):
        @wraps(fn)
        def build(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
                files = ", ".join(f"generator/data/{n}.yml" for n in names)
                raise DataFileError(f"{files}: not what the code reads ({type(exc).__name__}: {exc})") from exc
        return build
    return wrap


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
