"""The Sphinx extension: ``extensions = ["scry_search.sphinx"]`` in conf.py.

After an HTML build (``html`` or ``dirhtml``) it indexes the output folder with the scry binary (the
index and the widget's files land in ``<outdir>/scry/``). The theme's search box becomes scry's:
this extension's templates take the place of ``searchbox.html`` and ``searchfield.html`` (the
basic theme, alabaster, the Read the Docs theme) and furo's ``sidebar/search.html``, and the
``search.html`` page holds an inline scry box instead of Sphinx's own search. Only each page's
document body is indexed (it is wrapped in ``data-scry-body``), so results are text, not the
sidebar. Sphinx's own ``?highlight=`` script is left out: scry's marks the terms.

Options (conf.py, all optional)::

    scry_mode = "modal"                 # or "inline": a box with a dropdown
    scry_placeholder = "Search the docs"
    scry_label = "Search"               # the accessible name of the box
    scry_limit = 8                      # results shown at once
    scry_include = ["guide/*"]          # pages: globs over source files or docnames (default: all)
    scry_exclude = ["changelog"]
    scry_ignore = [".admonition.note"]  # CSS selectors left out of the indexed text
    scry_weights = {"title": 6, "heading": 3, "body": 1}
    scry_language = "en"                # stemmer (default: the pages' <html lang>)
    scry_extra_word_chars = "+#"
    scry_base_url = "/docs/"            # where the HTML is served; default: the path of
                                        # html_baseurl (or $READTHEDOCS_CANONICAL_URL), else "/"
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Dict, List
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

from . import _site
from ._site import SiteError

log = logging.getLogger(__name__)

TEMPLATES = str(Path(__file__).with_name("sphinx_templates"))
STATIC = str(Path(__file__).with_name("sphinx_static"))
HTML_BUILDERS = ("html", "dirhtml")

# name → (default, check(value) → value or raise SiteError)
OPTIONS: Dict[str, Any] = {}


def _option(name: str, default: Any):
    def register(check):
        OPTIONS[name] = (default, check)
        return check

    return register


def _str_or_none(name: str):
    def check(v):
        if v is not None and not isinstance(v, str):
            raise SiteError(f"{name}: expected a string, got {type(v).__name__} {v!r}")
        return v

    return check


@_option("scry_mode", "modal")
def _mode(v):
    if v not in _site.MODES:
        raise SiteError(f"scry_mode: expected \"modal\" or \"inline\", got {v!r}")
    return v


@_option("scry_limit", None)
def _limit(v):
    if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 1):
        raise SiteError(f"scry_limit: expected a positive whole number, got {v!r}")
    return v


def _globs(name):
    def check(v):
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, (list, tuple)):
            raise SiteError(f"{name}: expected a list of globs such as [\"guide/*\"], got {v!r}")
        _site.check_globs(name, v)
        return [g.strip().lstrip("/") for g in v]

    return check


OPTIONS["scry_include"] = ([], _globs("scry_include"))
OPTIONS["scry_exclude"] = ([], _globs("scry_exclude"))
OPTIONS["scry_ignore"] = ([], lambda v: _site.check_selectors("scry_ignore", v))
OPTIONS["scry_weights"] = ({}, lambda v: _site.check_weights("scry_weights", v))
for _name in ("scry_placeholder", "scry_label", "scry_language", "scry_extra_word_chars", "scry_base_url"):
    OPTIONS[_name] = (None, _str_or_none(_name))


class ScryConfigError(SystemExit):
    """A mistake in conf.py's scry options or a failed index build: stops sphinx-build with the
    message alone (exit status 2).

    Sphinx's ConfigError would be the idiomatic exception, but sphinx-build 8.2 and later print every
    exception with its versions, extensions and a traceback and ask for a bug report (Sphinx issue
    #14543), which buries a one-line mistake in conf.py. The message starts "Configuration error",
    as Sphinx's own did.
    """

    def __init__(self, message: str, what: str = "Configuration error"):
        super().__init__(2)
        self.message = message
        sys.stderr.write(f"\n{what} (scry_search.sphinx):\n{message}\n")
        sys.stderr.flush()

    def __str__(self) -> str:
        return self.message


def _config_inited(app: Sphinx, config) -> None:
    raw = getattr(config, "_raw_config", {})
    for name in raw:
        if name.startswith("scry_") and name not in OPTIONS:
            raise ScryConfigError(
                f"{name}: unknown option of scry_search.sphinx (the options are: "
                f"{', '.join(sorted(OPTIONS))})"
            )
    try:
        for name, (_, check) in OPTIONS.items():
            setattr(config, name, check(getattr(config, name)))
        if config.scry_base_url is not None:
            config.scry_base_url = _site.check_base_url("scry_base_url", config.scry_base_url)
    except SiteError as e:
        raise ScryConfigError(str(e)) from None
    # Our templates come after the project's own (which still win) and before the theme's.
    if TEMPLATES not in config.templates_path:
        config.templates_path = list(config.templates_path) + [TEMPLATES]
    if STATIC not in config.html_static_path:
        config.html_static_path = list(config.html_static_path) + [STATIC]


def _base_url(config) -> str:
    if config.scry_base_url:
        return config.scry_base_url
    canonical = config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    path = urlsplit(canonical).path or "/"
    return path if path.endswith("/") else path + "/"


def _env_updated(app: Sphinx, env) -> List[str]:
    """Which documents are indexed; a glob that matches none stops the build here, before writing."""
    if app.builder.name not in HTML_BUILDERS:
        return []
    names = {}
    for doc in env.found_docs:
        src = os.path.relpath(env.doc2path(doc), app.srcdir).replace(os.sep, "/")
        names[doc] = [src, doc]
    try:
        app.env.scry_docs = _site.select_pages(
            names, app.config.scry_include, app.config.scry_exclude, "scry_"
        )
    except SiteError as e:
        raise ScryConfigError(str(e)) from None
    return []


def _script() -> Any:
    """scry.js as one of the page's script files (a module, its path relative to the page)."""
    try:
        from sphinx.builders.html._assets import _JavaScript  # Sphinx >= 7.2
    except ImportError:  # pragma: no cover
        from sphinx.builders.html import JavaScript as _JavaScript
    return _JavaScript("scry/scry.js", type="module", priority=500)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: Dict[str, Any], doctree):
    if app.builder.name not in HTML_BUILDERS:
        return None
    cfg = app.config
    if doctree is not None and isinstance(context.get("body"), str):
        context["body"] = f"<div data-scry-body>{context['body']}</div>"
    # Sphinx's own highlighter reads the same ?highlight= parameter; scry.js marks the terms.
    scripts = [
        s for s in context.get("script_files", [])
        if os.path.basename(str(getattr(s, "filename", s)).split("?")[0]) != "sphinx_highlight.js"
    ]
    scripts.append(_script())
    context["script_files"] = scripts
    context["scry_widget"] = _site.widget_html(cfg.scry_mode, cfg.scry_placeholder, cfg.scry_label, cfg.scry_limit)
    context["scry_widget_inline"] = _site.widget_html(
        "inline", cfg.scry_placeholder, cfg.scry_label, cfg.scry_limit, extra_class="scry-search-page"
    )
    if pagename == "search":
        theme = getattr(getattr(app.builder, "theme", None), "name", "")
        return "scry/search-furo.html" if theme == "furo" else "scry/search.html"
    return None


def _build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    cfg = app.config
    docs = getattr(app.env, "scry_docs", None)
    if docs is None:  # an incremental build that read nothing: every document is indexed again
        _env_updated(app, app.env)
        docs = app.env.scry_docs
    out = Path(app.outdir)
    files = []
    for doc in docs:
        f = Path(app.builder.get_outfilename(doc))
        if f.is_file():
            files.append(f.relative_to(out).as_posix())
    toml = _site.toml_config(
        include=[_site.literal_glob(f) for f in files],
        exclude=[],
        ignore=cfg.scry_ignore,
        weights=cfg.scry_weights,
        base_url=_base_url(cfg),
        language=cfg.scry_language,
        extra_word_chars=cfg.scry_extra_word_chars,
    )
    try:
        _site.run_scry(str(out), toml, lambda m: log.info(f"scry: {m}"), lambda m: log.warning(f"scry: {m}"))
    except SiteError as e:
        raise ScryConfigError(str(e), "Could not build the search index") from None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("scry-search")
    except Exception:
        return "unknown"


def setup(app: Sphinx) -> Dict[str, Any]:
    for name, (default, _) in OPTIONS.items():
        app.add_config_value(name, default, "html")
    app.connect("config-inited", _config_inited)
    app.add_css_file("scry-sphinx.css")
    app.connect("env-updated", _env_updated)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"version": _version(), "parallel_read_safe": True, "parallel_write_safe": True}
