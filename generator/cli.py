"""The `digest` command (also `python -m generator`).

    digest build    regenerate docs/ from seeds/ and build site/ (both languages)
    digest serve    the same, served with live reload
    digest extract  print the record of each article as JSON Lines
    digest gazetteer  validate the actor and place data files
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .ingest import read_all
from .models import BuildReport
from .safe import printable
from .pipeline import extract_all

EXIT_SKIPPED = 1  # some input could not be used; the others were processed


def _profile_env(args: argparse.Namespace) -> None:
    """Select the build profile through the variables mkdocs.yml reads."""
    if args.site_url:
        os.environ["DIGEST_SITE_URL"] = args.site_url
    if args.profile == "pages":
        os.environ["DIGEST_OFFLINE"] = "false"
        if not os.environ.get("DIGEST_SITE_URL"):
            sys.exit("digest: the pages profile needs --site-url (or DIGEST_SITE_URL)")
    elif args.profile == "offline":
        os.environ["DIGEST_OFFLINE"] = "true"
        os.environ["DIGEST_SITE_URL"] = ""


def _config_file(args: argparse.Namespace) -> str:
    from .pipeline import Project

    return str(Project.find(Path(args.project) if args.project else None).root / "mkdocs.yml")


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _profile_env(args)
    config = load_config(config_file=_config_file(args), strict=args.strict or None)
    if args.full:  # no quick rebuild: every page generated and built again
        from .incremental import state_file, wait_saved
        from .quickbuild import forget
        from .render import Settings

        root = Path(config.config_file_path).resolve().parent
        state = state_file(root, Settings.from_config(config.extra.get("digest"), config.site_url))
        wait_saved()  # no state this process is saving can land after the unlink
        if state is not None:
            state.unlink(missing_ok=True)
        forget(root)
    build(config)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    _profile_env(args)
    serve(config_file=_config_file(args), livereload=True, dev_addr=args.dev_addr, open_in_browser=False)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    raws, skipped = read_all([Path(p) for p in args.paths])
    report = BuildReport(skipped=skipped)
    articles = extract_all(raws, report)
    for s in report.skipped:
        print(printable(f"digest: skipped {s.path}: {s.reason}"), file=sys.stderr)
    for art in articles:
        record = art.to_dict()
        if args.json:
            print(json.dumps(record, ensure_ascii=False, sort_keys=False))
        else:
            print("\t".join(printable(str(v)) for v in (record["id"], record["date"] or "-",
                                                         (record["source"] or {}).get("name_en", "-"), record["title"])))
    return EXIT_SKIPPED if report.skipped else 0


def cmd_gazetteer(args: argparse.Namespace) -> int:
    """Validate data/actors.yml and data/places.yml; print what they hold."""
    from collections import Counter

    from .enrich.gazetteer import gazetteer, validate

    gaz = gazetteer()
    problems = validate(gaz)
    for p in problems:
        print(f"digest: gazetteer: {p}", file=sys.stderr)
    types = Counter(a.type for a in gaz.actors.values())
    kinds = Counter(p.kind for p in gaz.places.values())
    print(f"actors: {len(gaz.actors)} ({', '.join(f'{k} {v}' for k, v in sorted(types.items()))})")
    print(f"places: {len(gaz.places)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digest", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    for name, helptext in (("build", "regenerate docs/ and build site/"), ("serve", "build and serve with live reload")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--project", help="project folder (default: the one holding mkdocs.yml above the current folder)")
        p.add_argument("--profile", choices=["offline", "pages"], help="offline (default): readable from disk; pages: for GitHub Pages")
        p.add_argument("--site-url", help="public URL of the site (pages profile)")
        if name == "build":
            p.add_argument("--strict", action="store_true", help="fail on any MkDocs warning")
            p.add_argument("--full", action="store_true",
                           help="regenerate and build every page (not only those the edits since the last build change)")
        else:
            p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    p = sub.add_parser("extract", help="print each article's record")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="one JSON object per line (JSON Lines)")

    sub.add_parser("gazetteer", help="validate the actor and place gazetteer")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    handler = {"build": cmd_build, "serve": cmd_serve, "extract": cmd_extract, "gazetteer": cmd_gazetteer}[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
