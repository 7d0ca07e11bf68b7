"""The MkDocs plugin: ``plugins: [scry]`` in mkdocs.yml.

After the build it indexes ``site_dir`` with the scry binary (the index and the widget's files land
in ``site_dir/scry/``), and every page gets the widget's script and a ``<scry-search>`` box where
the theme's own search box goes: the navbar of the default ``mkdocs`` theme, the header of Material
for MkDocs, the sidebar of MkDocs' ``readthedocs`` theme. Only the Markdown content of each page
is indexed (it is wrapped in ``data-scry-body``), so results are text, not navigation.

The theme's own search comes from MkDocs' ``search`` plugin; with scry in the ``plugins`` list it is
off unless listed too, and listing both is refused (two search boxes on a page never ship).

Options (all optional)::

    plugins:
      - scry:
          mode: modal            # modal (a button, Ctrl/Cmd-K) or inline (a box with a dropdown)
          placeholder: Search the docs
          label: Search          # the accessible name of the box
          limit: 8               # results shown at once
          include: ["guide/**"]  # pages to index: globs over the Markdown files (default: all)
          exclude: ["changelog.md"]
          ignore: [".admonition.note"]   # CSS selectors left out of the indexed text
          weights: {title: 6, heading: 3, body: 1}
          language: en           # stemmer (default: the pages' <html lang>)
          extra_word_chars: "+#" # so C++ and C# are words
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

import shutil
from pathlib import Path

from . import _site
from ._site import SiteError

try:  # MkDocs >= 1.5
    from mkdocs.plugins import get_plugin_logger

    log = get_plugin_logger("scry")
except ImportError:  # pragma: no cover
    log = logging.getLogger("mkdocs.plugins.scry")

# MkDocs' own search plugin, under the names it goes by (Material registers "material/search").
THEME_SEARCH_PLUGINS = ("search", "material/search")
# Fits the box into the themes' headers; written to site_dir/CSS_PATH.
CSS = Path(__file__).with_name("mkdocs_assets") / "scry-mkdocs.css"
CSS_PATH = "assets/scry-mkdocs.css"


class _Option(c.BaseConfigOption):
    def __init__(self, default: Any = None):
        super().__init__()
        self.default = default


class _Weights(_Option):
    """``weights: {title: 6, heading: 3, body: 1}``."""

    def run_validation(self, value: object) -> Dict[str, float]:
        try:
            return _site.check_weights("weights", value)
        except SiteError as e:
            raise c.ValidationError(str(e).split(": ", 1)[1] if str(e).startswith("weights: ") else str(e))


class _PositiveInt(_Option):
    def run_validation(self, value: object) -> Optional[int]:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise c.ValidationError(f"expected a positive whole number, got {value!r}")
        return value


class _Selectors(_Option):
    def run_validation(self, value: object) -> List[str]:
        try:
            return _site.check_selectors("ignore", value)
        except SiteError as e:
            raise c.ValidationError(str(e).split(": ", 1)[1])


class _Globs(_Option):
    def __init__(self, name: str):
        super().__init__(default=[])
        self.name = name

    def run_validation(self, value: object) -> List[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise c.ValidationError(f"expected a list of globs such as [\"guide/**\"], got {value!r}")
        try:
            _site.check_globs(self.name, value)
        except SiteError as e:
            raise c.ValidationError(str(e).split(": ", 1)[1])
        return [v.strip().lstrip("/") for v in value]


class ScryConfig(base.Config):
    mode = c.Choice(_site.MODES, default="modal")
    placeholder = c.Optional(c.Type(str))
    label = c.Optional(c.Type(str))
    limit = _PositiveInt()
    include = _Globs("include")
    exclude = _Globs("exclude")
    ignore = _Selectors(default=[])
    weights = _Weights(default={})
    language = c.Optional(c.Type(str))
    extra_word_chars = c.Optional(c.Type(str))


class ScryPlugin(BasePlugin[ScryConfig]):
    """``plugins: [scry]``: see the module's documentation."""

    def __init__(self) -> None:
        super().__init__()
        self._pages: List[str] = []  # dest paths of the pages to index
        self._base_path = "/"
        self._warned_theme = False

    # Unknown options are errors, not MkDocs' usual warnings: a misspelt option would otherwise
    # be ignored and the build would succeed with settings the owner did not ask for.
    def load_config(self, options: Dict[str, Any], config_file_path: Optional[str] = None):
        errors, warnings = super().load_config(options, config_file_path)
        known = set(self.config_scheme_keys())
        for key in options:
            if key not in known and key != "enabled":
                errors.append((key, f"unknown option (the options are: {', '.join(sorted(known))})"))
        warnings = [(k, w) for k, w in warnings if k in known]
        return errors, warnings

    def config_scheme_keys(self) -> List[str]:
        return [k for k, _ in self.config_class._schema]

    def on_config(self, config):
        for name in THEME_SEARCH_PLUGINS:
            if name in config.plugins:
                raise PluginError(
                    f"plugins: scry replaces the '{name}' plugin's search box, and a page with two "
                    f"search boxes would confuse visitors: remove '{name.split('/')[-1]}' from "
                    f"plugins in {os.path.basename(config.config_file_path or 'mkdocs.yml')}"
                )
        site_url = config.site_url or ""
        path = urlsplit(site_url).path or "/"
        self._base_path = path if path.endswith("/") else path + "/"
        self._warned_theme = False
        return config

    def on_files(self, files, config):
        pages = {f.src_uri: f.dest_uri for f in files.documentation_pages()}
        names = {src: [src] for src in pages}
        try:
            kept = _site.select_pages(names, self.config.include, self.config.exclude, "plugins.scry.")
        except SiteError as e:
            raise PluginError(str(e)) from None
        self._pages = sorted(pages[p] for p in kept)
        return files

    def on_page_content(self, html, page, config, files):
        # Only the page's own content is indexed, whatever the theme puts around it.
        return f"<div data-scry-body>{html}</div>"

    def on_post_page(self, output, page, config):
        here = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url)
        root = _site.rel_url("", here.strip("/"))
        root = "" if root == "." else root + "/"
        return self._inject(output, root, config.theme.name, page.file.src_uri)

    def on_post_template(self, output_content, template_name, config):
        if template_name != "404.html":
            return output_content
        # The 404 page is served at any depth: absolute paths from the site's base.
        return self._inject(output_content, self._base_path, config.theme.name, "404.html")

    def on_post_build(self, config):
        css = Path(config.site_dir) / CSS_PATH
        css.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CSS, css)
        toml = _site.toml_config(
            include=[_site.literal_glob(p) for p in self._pages],
            exclude=[],
            ignore=self.config.ignore,
            weights=self.config.weights,
            base_url=self._base_path,
            language=self.config.language,
            extra_word_chars=self.config.extra_word_chars,
        )
        try:
            _site.run_scry(config.site_dir, toml, log.info, log.warning)
        except SiteError as e:
            raise PluginError(str(e)) from None

    # --------------------------------------------------------------------------------------------

    def _widget(self) -> str:
        cfg = self.config
        return _site.widget_html(cfg.mode, cfg.placeholder, cfg.label, cfg.limit)

    def _inject(self, output: str, root: str, theme: Optional[str], name: str) -> str:
        """The script (and the box's CSS) in the head, the box where the theme's goes; ``root`` is
        the site's root relative to the page ("", "../", ...) or an absolute path."""
        head = output.find("</head>")
        if head < 0:
            return output
        css = html.escape(root + CSS_PATH, quote=True)
        tags = f'{_site.script_tag(root + "scry/scry.js")}\n<link rel="stylesheet" href="{css}">\n'
        output = output[:head] + tags + output[head:]
        if "<scry-search" in output[head:]:
            return output  # the owner's template places the box itself
        widget = self._widget()
        if theme == "mkdocs":
            at = _site.find_element(output, lambda t, a: t == "ul" and _site.has_class(a, "navbar-nav")
                                    and _site.has_class(a, "ms-md-auto"))
            if at:
                return output[: at[1]] + f'<li class="nav-item scry-nav-item">{widget}</li>' + output[at[1]:]
        elif theme == "material":
            src_at = _site.find_element(output, lambda t, a: t == "div" and _site.has_class(a, "md-header__source"))
            nav = _site.find_element(output, lambda t, a: t == "nav" and _site.has_class(a, "md-header__inner"))
            box = f'<div class="md-header__option scry-header">{widget}</div>'
            if src_at and nav and nav[0] < src_at[0] < nav[2]:
                return output[: src_at[0]] + box + output[src_at[0]:]
            if nav:
                return output[: nav[2]] + box + output[nav[2]:]
        elif theme == "readthedocs":
            at = _site.find_element(output, lambda t, a: t == "div" and _site.has_class(a, "wy-side-nav-search"))
            if at:
                return output[: at[2]] + widget + output[at[2]:]
        if not self._warned_theme:
            self._warned_theme = True
            log.warning(
                f"theme {theme!r}: scry does not know where this theme's header is, so the search box "
                f"is placed at the top of each page (first seen on {name}). To place it yourself, "
                f"put <scry-search></scry-search> in the theme's template (custom_dir): scry then "
                f"adds only its script."
            )
        body = _site.find_element(output, lambda t, a: t == "body")
        if body:
            return output[: body[1]] + widget + output[body[1]:]
        return output
