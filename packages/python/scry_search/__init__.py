"""scry: search for static sites that runs in the visitor's browser.

This package installs the ``scry`` command and a Python API that drives it (``scry service``:
JSON lines over stdio), so the API and the command line can never disagree::

    import scry_search

    index = scry_search.create_index(config={"weights": {"title": 8}})
    index.add_directory("site")
    result = index.write_files("site/scry")
    if result.errors:
        raise SystemExit("\\n".join(result.errors))
    index.close()

Every method returns a result whose ``errors`` list names the input that went wrong (empty on
success); bad input never raises. ``create_index`` raises :class:`ScryError` only when the index
cannot start (bad options, no binary). An index holds either pages or records. The MkDocs plugin
(``plugins: [scry]``) and the Sphinx extension (``scry_search.sphinx``) live beside this module.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Union

from ._binary import BinaryNotFound, find_scry

__all__ = [
    "create_index",
    "Index",
    "Result",
    "WriteResult",
    "FilesResult",
    "IndexFile",
    "ScryError",
    "BinaryNotFound",
    "find_scry",
]
__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]


class ScryError(RuntimeError):
    """An index could not be started; ``errors`` holds the messages."""

    def __init__(self, errors: List[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Result:
    """What a call did: ``errors`` is empty on success; ``data`` holds the other fields."""

    errors: List[str] = field(default_factory=list)
    data: Dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class WriteResult(Result):
    output_path: Optional[str] = None
    documents: int = 0
    files: int = 0
    bytes: int = 0


@dataclass
class FilesResult(Result):
    files: List["IndexFile"] = field(default_factory=list)


@dataclass
class IndexFile:
    """One file of an index built in memory (``path`` relative to the index folder)."""

    path: str
    content: bytes


class Index:
    """One index being built by a ``scry service`` process. Use as a context manager, or call
    :meth:`close`."""

    def __init__(self, binary: str):
        self._proc = subprocess.Popen(
            [binary, "service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._next = 1
        self._lock = threading.Lock()
        self._closed = False
        self._stderr: List[str] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self) -> None:
        assert self._proc.stderr is not None
        for line in self._proc.stderr:
            self._stderr = (self._stderr + [line])[-50:]

    def _request(self, op: str, **fields: Any) -> Dict[str, Any]:
        with self._lock:
            if self._closed:
                return {"errors": [f"{op}: this index is closed"]}
            rid = self._next
            self._next += 1
            try:
                line = json.dumps({"id": rid, "op": op, **fields})
            except (TypeError, ValueError) as e:
                return {"errors": [f"{op}: not representable as JSON: {e}"]}
            try:
                assert self._proc.stdin is not None and self._proc.stdout is not None
                self._proc.stdin.write(line + "\n")
                self._proc.stdin.flush()
                reply = self._proc.stdout.readline()
            except (BrokenPipeError, OSError) as e:
                reply = ""
                why = str(e)
            else:
                why = ""
            if not reply:
                self._closed = True
                tail = "".join(self._stderr).strip()
                return {"errors": [f"{op}: scry stopped before answering{': ' + (tail or why) if (tail or why) else ''}"]}
            out = json.loads(reply)
            out.pop("id", None)
            return out

    @staticmethod
    def _result(reply: Dict[str, Any]) -> Result:
        errors = reply.pop("errors", [])
        return Result(errors=errors, data=reply)

    def add_directory(self, path: PathLike, glob: Optional[str] = None) -> Result:
        """Index the HTML pages under a folder (``glob`` relative to it; default .html/.htm)."""
        return self._result(self._request("addDirectory", path=str(path), glob=glob))

    def add_html_file(
        self, content: str, url: Optional[str] = None, source_path: Optional[str] = None
    ) -> Result:
        """Index one page given as text, at ``url`` ("/guide/") or ``source_path``."""
        return self._result(
            self._request("addHTMLFile", content=content, url=url, sourcePath=source_path)
        )

    def add_record(self, record: Mapping[str, Any]) -> Result:
        """Index one record, mapped by the config's ``records`` keys as ``scry --records``."""
        return self._result(self._request("addRecord", record=record))

    def write_files(self, output_path: Optional[PathLike] = None) -> WriteResult:
        """Build and write the index with the browser assets into ``output_path`` (swapped in
        whole; a failed build leaves the previous folder as it was)."""
        reply = self._request(
            "writeFiles", outputPath=None if output_path is None else str(output_path)
        )
        return WriteResult(
            errors=reply.pop("errors", []),
            output_path=reply.pop("outputPath", None),
            documents=reply.pop("documents", 0),
            files=reply.pop("files", 0),
            bytes=reply.pop("bytes", 0),
            data=reply,
        )

    def get_files(self) -> FilesResult:
        """Build in memory, for tools that write files themselves: ``.files`` holds
        :class:`IndexFile` objects (empty when ``.errors`` says why)."""
        reply = self._request("getFiles")
        files = [IndexFile(f["path"], base64.b64decode(f["content"])) for f in reply.pop("files", [])]
        return FilesResult(errors=reply.pop("errors", []), files=files, data=reply)

    def close(self) -> Result:
        """Ends the scry process."""
        if self._closed:
            return Result()
        reply = self._request("close")
        self._closed = True
        try:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
        except OSError:
            pass
        self._proc.wait(timeout=30)
        return self._result(reply)

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            if not self._closed and self._proc.poll() is None:
                self._proc.kill()
        except Exception:
            pass


def create_index(
    config: Optional[Mapping[str, Any]] = None, config_file: Optional[PathLike] = None
) -> Index:
    """Start an index. ``config`` holds the keys of scry.toml as a dict, or ``config_file`` names
    a scry.toml. Raises :class:`ScryError` for a bad configuration or a missing binary."""
    if config is not None and not isinstance(config, Mapping):
        raise ScryError(["create_index: config must be a dict (the keys of scry.toml)"])
    try:
        binary = find_scry()
    except BinaryNotFound as e:
        raise ScryError([str(e)]) from None
    index = Index(binary)
    reply = index._request(
        "create",
        config=None if config is None else dict(config),
        configFile=None if config_file is None else str(config_file),
    )
    if reply.get("errors"):
        index.close()
        raise ScryError(reply["errors"])
    return index
