"""Build the English site in its own process, beside the Arabic build.

MkDocs builds on one core; the two language trees are independent once
docs/ is generated, so generator.site starts this as a child process and the
machine's second core builds the English site while the first builds the
Arabic one.

    python -m generator.secondary CONFIG_FILE SITE_DIR SITE_URL STRICT

It is started before the Arabic build generates docs/, loads its config,
then waits for a line on its stdin once docs/ is ready: the quick build's
plan (JSON), or null for a full build (end of input: the Arabic build
stopped).
"""

from __future__ import annotations

import logging
import os
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

from . import quickbuild

# Read by generator.site: this build must not regenerate docs/ or start another.
NESTED_ENV = "DIGEST_NESTED_BUILD"


def main(argv: list[str]) -> int:
    config_file, site_dir, site_url, strict = argv
    os.environ[NESTED_ENV] = "1"
    logging.basicConfig(format="%(levelname)-7s -  %(message)s [en]", level=logging.INFO)
    overrides: dict = {"site_dir": site_dir, "strict": strict == "1"}
    if site_url:
        overrides["site_url"] = site_url
    try:
        config = load_config(config_file=config_file, **overrides)
        go = sys.stdin.readline()  # the Arabic build says go once docs/ is generated
        if not go:
            return 3  # it stopped before: nothing to build
        quickbuild.given = quickbuild.plan_from_json(go)  # a quick build, or None (read by the hooks)
        build(config, dirty=False)
    except Exception as exc:  # noqa: BLE001 - reported to the parent by the exit status
        logging.getLogger("mkdocs").error("English build failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
