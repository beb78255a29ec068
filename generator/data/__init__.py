"""Language and domain data (YAML files beside this module).

Users extend the product by editing these files, never the Python code:
month names, boilerplate cues, the outlet registry, interface labels.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Parse data/<name>.yml (cached: data files are read once per process)."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yml"))
