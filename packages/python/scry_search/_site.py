"""What the MkDocs and Sphinx integrations share: page globs, the generated scry.toml, the widget's
markup, finding an element in a built page, and running the scry binary on the built site.

The index itself is always built by the scry binary (``scry --site``), never by Python.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ._binary import find_scry

MODES = ("modal", "inline")
WEIGHT_FIELDS = ("title", "heading", "body")


class SiteError(Exception):
    """A problem the site owner has to fix; the message names the option or file."""


# ------------------------------------------------------------------------------------------------
# Page globs

def glob_regex(pattern: str) -> "re.Pattern[str]":
    """A regular expression for a page glob over ``/``-separated paths.

    ``*`` and ``?`` stay inside one path segment, ``**`` spans segments (``a/**`` is everything
    under ``a/``, ``**/x.md`` is ``x.md`` in any folder), ``[abc]`` is a class. A pattern matches
    the whole path.
    """
    out = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 2)
            if j < 0:
                raise ValueError(f"unclosed [ in {pattern!r}")
            body = pattern[i + 1 : j]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def check_globs(option: str, patterns: Sequence[str]) -> List["re.Pattern[str]"]:
    """Compiles ``patterns``; a malformed one is a :class:`SiteError` naming ``option``."""
    out = []
    for p in patterns:
        if not isinstance(p, str) or not p.strip():
            raise SiteError(f"{option}: {p!r} is not a page glob (expected a string such as \"blog/**\")")
        try:
            out.append(glob_regex(p.strip().lstrip("/")))
        except ValueError as e:
            raise SiteError(f"{option}: bad glob {p!r}: {e}") from None
    return out


def select_pages(
    pages: Dict[str, Sequence[str]], include: Sequence[str], exclude: Sequence[str], where: str
) -> List[str]:
    """The pages that ``include`` (all when empty) keeps and ``exclude`` drops.

    ``pages`` maps each page to the names a glob may match (its source path, and for Sphinx its
    docname too). A glob that matches no page at all is a typo or a stale setting: a
    :class:`SiteError` naming the option and the glob. ``where`` is the options' prefix
    (``plugins.scry.`` or ``scry_``).
    """
    inc = check_globs(f"{where}include", include)
    exc = check_globs(f"{where}exclude", exclude)

    def hit(rx: "re.Pattern[str]", page: str) -> bool:
        return any(rx.match(name) for name in pages[page])

    for option, globs, raw in (("include", inc, include), ("exclude", exc, exclude)):
        for rx, p in zip(globs, raw):
            if not any(hit(rx, page) for page in pages):
                names = sorted(n for names in pages.values() for n in names[:1])
                shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
                raise SiteError(
                    f"{where}{option}: the glob {p!r} matches no page (pages are named like: {shown})"
                )
    kept = [p for p in sorted(pages) if not inc or any(hit(rx, p) for rx in inc)]
    kept = [p for p in kept if not any(hit(rx, p) for rx in exc)]
    if not kept:
        raise SiteError(f"{where}include and {where}exclude leave no page to index")
    return kept


def literal_glob(path: str) -> str:
    """A glob (scry's globset syntax) that matches exactly ``path``."""
    return re.sub(r"([*?\[\]{}\\!])", r"[\1]", path)


# ------------------------------------------------------------------------------------------------
# Options shared by both integrations

def check_weights(option: str, weights: object) -> Dict[str, float]:
    if not isinstance(weights, dict):
        raise SiteError(f"{option}: expected a mapping such as {{title: 6, heading: 3, body: 1}}, got {weights!r}")
    out = {}
    for k, v in weights.items():
        if k not in WEIGHT_FIELDS:
            raise SiteError(f"{option}.{k}: unknown field (the fields are {', '.join(WEIGHT_FIELDS)})")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not (v > 0 and v < float("inf")):
            raise SiteError(f"{option}.{k}: expected a positive number, got {v!r}")
        out[k] = float(v)
    return out


def check_selectors(option: str, selectors: object) -> List[str]:
    if not isinstance(selectors, (list, tuple)) or not all(isinstance(s, str) and s.strip() for s in selectors):
        raise SiteError(f"{option}: expected a list of CSS selectors such as [\".admonition.note\"], got {selectors!r}")
    return [s.strip() for s in selectors]


def check_base_url(option: str, base: str) -> str:
    if not base.startswith("/") or any(c.isspace() or c in "#?" for c in base):
        raise SiteError(f"{option}: {base!r} is not a path such as \"/docs/\"")
    return base if base.endswith("/") else base + "/"


# ------------------------------------------------------------------------------------------------
# The widget

def widget_html(mode: str, placeholder: Optional[str], label: Optional[str], limit: Optional[int],
                extra_class: str = "") -> str:
    """The ``<scry-search>`` element, attributes escaped."""
    attrs = [("mode", mode)]
    if placeholder:
        attrs.append(("placeholder", placeholder))
    if label:
        attrs.append(("label", label))
    if limit:
        attrs.append(("limit", str(limit)))
    if extra_class:
        attrs.append(("class", extra_class))
    a = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs)
    return f"<scry-search{a}></scry-search>"


def script_tag(src: str) -> str:
    return f'<script type="module" src="{html.escape(src, quote=True)}"></script>'


# ------------------------------------------------------------------------------------------------
# Finding elements in a built page (for themes whose search box is not a template of its own)

class _Finder(HTMLParser):
    """Offsets of the first element that ``test(tag, attrs)`` accepts: (start, after its start
    tag, start of its end tag, after its end tag)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self, text: str, test: Callable[[str, Dict[str, str]], bool]):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.test = test
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())
        self.found: Optional[List[int]] = None
        self.depth = 0
        self.tag = ""

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if self.found and len(self.found) == 2:
            if tag == self.tag and tag not in self.VOID:
                self.depth += 1
            return
        if self.found is None and self.test(tag, {k: v or "" for k, v in attrs}):
            start = self._offset()
            raw = self.get_starttag_text() or ""
            self.found = [start, start + len(raw)]
            self.tag = tag
            self.depth = 1
            if tag in self.VOID:
                self.found += [start + len(raw), start + len(raw)]

    def handle_endtag(self, tag):
        if self.found and len(self.found) == 2 and tag == self.tag:
            self.depth -= 1
            if self.depth == 0:
                at = self._offset()
                end = self.text.index(">", at) + 1
                self.found += [at, end]


def find_element(text: str, test: Callable[[str, Dict[str, str]], bool]) -> Optional[Tuple[int, int, int, int]]:
    f = _Finder(text, test)
    f.feed(text)
    f.close()
    if f.found and len(f.found) == 4:
        return tuple(f.found)  # type: ignore[return-value]
    return None


def has_class(attrs: Dict[str, str], name: str) -> bool:
    return name in attrs.get("class", "").split()


# ------------------------------------------------------------------------------------------------
# Running scry

def toml_config(
    *,
    include: Sequence[str],
    exclude: Sequence[str],
    ignore: Sequence[str],
    weights: Dict[str, float],
    base_url: str,
    language: Optional[str],
    extra_word_chars: Optional[str],
) -> str:
    """The scry.toml for a generator's build (strings written as TOML basic strings)."""
    s = json.dumps
    lines = ["# Written by the scry-search integration for this build; not meant to be edited."]
    if language is not None:
        lines.append(f"language = {s(language)}")
    if extra_word_chars:
        lines.append(f"extra_word_chars = {s(extra_word_chars)}")
    if weights:
        lines.append("[weights]")
        lines += [f"{k} = {v!r}" for k, v in weights.items()]
    lines.append("[site]")
    lines.append(f"base_url = {s(base_url)}")
    if include:
        lines.append("include = [" + ", ".join(s(g) for g in include) + "]")
    if exclude:
        lines.append("exclude = [" + ", ".join(s(g) for g in exclude) + "]")
    if ignore:
        lines.append("ignore = [" + ", ".join(s(g) for g in ignore) + "]")
    return "\n".join(lines) + "\n"


def run_scry(site_dir: str, toml: str, log_info: Callable[[str], None],
             log_warning: Callable[[str], None]) -> None:
    """``scry --site site_dir --config <toml>``: writes site_dir/scry/. A failure is a SiteError
    carrying scry's own message."""
    try:
        exe = find_scry()
    except Exception as e:  # BinaryNotFound: its message says what to do
        raise SiteError(str(e)) from None
    fd, path = tempfile.mkstemp(prefix="scry-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(toml)
        proc = subprocess.run(
            [exe, "--site", str(site_dir), "--config", path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            errors="replace",
        )
    finally:
        os.unlink(path)
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        raise SiteError(f"scry could not index {site_dir} (exit {proc.returncode}):\n{out}")
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        if re.match(r"^(warning|error)\b", line, re.I):
            log_warning(line)
        else:
            log_info(line)


def rel_url(target: str, from_dir: str) -> str:
    """``target`` (a path from the site root) relative to the folder ``from_dir`` (also from the
    root, '' for the root), with ``/`` separators."""
    rel = os.path.relpath(target or ".", from_dir or ".").replace(os.sep, "/")
    return rel


def site_files(site_dir: str) -> List[str]:
    root = Path(site_dir)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.htm*") if p.is_file())
