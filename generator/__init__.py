"""Caucasus Digest generator: scraped Arabic news -> bilingual MkDocs site.

Stages, one module each: ingest -> extract -> index -> render -> write,
run in that order by pipeline.generate(); site.py ties them to MkDocs.
"""

__version__ = "0.1.0"
