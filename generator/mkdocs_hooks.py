"""MkDocs hooks (listed in mkdocs.yml): `mkdocs build` and `mkdocs serve`
regenerate docs/ from seeds/ first and build the English site beside the
Arabic one. MkDocs loads this file by path, so it only imports the package
and hands over to generator.site."""

import sys
from pathlib import Path

_root = str(Path(__file__).resolve().parent.parent)
if _root not in sys.path:  # a fresh clone where the package is not installed
    sys.path.insert(0, _root)

from generator.site import (  # noqa: E402
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_markdown,
    on_page_read_source,
    on_post_build,
    on_post_page,
    on_post_template,
    on_pre_build,
    on_serve,
    on_shutdown,
    on_startup,
)

__all__ = ["on_startup", "on_config", "on_pre_build", "on_files", "on_env", "on_build_error", "on_serve", "on_shutdown", "on_page_read_source", "on_page_markdown", "on_page_content", "on_post_page", "on_post_template", "on_post_build"]
