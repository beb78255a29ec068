"""Build the English site in its own process, beside the Arabic build.

MkDocs builds on one core; the two language trees are independent once
docs/ is generated, so generator.site starts this as a child process and the
machine's second core builds the English site while the first builds the
Arabic one.

    python -m generator.secondary CONFIG_FILE SITE_DIR SITE_URL STRICT

It is started before the Arabic build generates docs/, loads its config,
then waits for a line on its stdin: {"plan": null or a quick build's plan
file} once docs/ is ready (end of input: the Arabic build stopped).
"""

from __future__ import annotations

import json
import logging
import os
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config

from .quickbuild import PLAN_ENV

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
        plan = json.loads(go).get("plan")
        if plan:
            os.environ[PLAN_ENV] = plan  # a quick build (generator.quickbuild)
        build(config, dirty=False)
    except Exception as exc:  # noqa: BLE001 - reported to the parent by the exit status
        logging.getLogger("mkdocs").error("English build failed: %s", exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
