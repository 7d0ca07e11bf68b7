"""Finds the ``scry`` binary that this wheel installed (or ``SCRY_BINARY``)."""

from __future__ import annotations

import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

DIST = "scry-search"
EXE = "scry.exe" if sys.platform == "win32" else "scry"


class BinaryNotFound(RuntimeError):
    """No usable scry binary; the message says what to do."""


def find_scry() -> str:
    """The absolute path of the scry binary.

    ``SCRY_BINARY`` wins; else the file the scry-search wheel installed (found through its
    RECORD, so a user or venv install works whatever the scripts folder is); else ``scry`` on
    PATH.
    """
    env = os.environ.get("SCRY_BINARY")
    if env:
        if not Path(env).is_file():
            raise BinaryNotFound(f"SCRY_BINARY is set to {env}, which does not exist.")
        return str(Path(env).resolve())
    try:
        files = metadata.files(DIST) or []
    except metadata.PackageNotFoundError:
        files = []
    for f in files:
        if f.name == EXE:
            p = Path(f.locate())
            if p.is_file():
                return str(p.resolve())
    on_path = shutil.which(EXE)
    if on_path:
        return on_path
    raise BinaryNotFound(
        "scry-search could not find its scry binary. Reinstall it (pip install --force-reinstall "
        "scry-search), or install the command with `cargo install scry-search` and set SCRY_BINARY "
        "to its path."
    )
