"""Builds the scry-search wheel for one platform from a prebuilt scry binary.

    python3 packages/python/tools/wheel.py --binary target/.../scry --target x86_64-unknown-linux-musl \
        --out target/dist/python

The wheel holds the Python package (every file under packages/python/scry_search/), the binary as a
script (pip puts it on PATH as `scry`), the metadata of packages/python/pyproject.toml (entry points
included) and both licenses. No compiler runs at install time, and the same inputs give the same
bytes (entries sorted, timestamps fixed), so a wheel can be rebuilt and compared.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import sys
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # packages/python
ROOT = HERE.parent.parent

# The wheel platform tag of each Rust target. The Linux binaries are static (musl), so they run on
# glibc and musl systems alike and carry both tags.
TAGS = {
    "x86_64-unknown-linux-musl": "manylinux_2_17_x86_64.manylinux2014_x86_64.musllinux_1_1_x86_64",
    "aarch64-unknown-linux-musl": "manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64",
    "x86_64-apple-darwin": "macosx_10_12_x86_64",
    "aarch64-apple-darwin": "macosx_11_0_arm64",
    "x86_64-pc-windows-gnu": "win_amd64",
}
EPOCH = (1980, 1, 1, 0, 0, 0)


def metadata(project: dict, readme: str) -> str:
    lines = [
        "Metadata-Version: 2.4",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        f"License-Expression: {project['license']}",
        "License-File: LICENSE-MIT",
        "License-File: LICENSE-APACHE",
        f"Keywords: {','.join(project.get('keywords', []))}",
    ]
    lines += [f"Classifier: {c}" for c in project.get("classifiers", [])]
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {d}; extra == "{extra}"' for d in deps]
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + readme


def entry_points(project: dict) -> str:
    out = []
    groups = dict(project.get("entry-points", {}))
    if project.get("scripts"):
        groups["console_scripts"] = project["scripts"]
    for group, entries in sorted(groups.items()):
        out.append(f"[{group}]")
        out += [f"{k} = {v}" for k, v in sorted(entries.items())]
        out.append("")
    return "\n".join(out)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build(binary: Path, target: str, out: Path) -> Path:
    project = tomllib.loads((HERE / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    dist = name.replace("-", "_")
    tag = f"py3-none-{TAGS[target]}"
    exe = "scry.exe" if "windows" in target else "scry"
    files: list[tuple[str, bytes, int]] = []
    for p in sorted((HERE / "scry_search").rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            files.append((p.relative_to(HERE).as_posix(), p.read_bytes(), 0o644))
    data_dir = f"{dist}-{version}.data"
    files.append((f"{data_dir}/scripts/{exe}", binary.read_bytes(), 0o755))
    info = f"{dist}-{version}.dist-info"
    readme = (HERE / project.get("readme", "README.md")).read_text()
    files.append((f"{info}/METADATA", metadata(project, readme).encode(), 0o644))
    wheel_meta = f"Wheel-Version: 1.0\nGenerator: scry-search tools/wheel.py\nRoot-Is-Purelib: false\n"
    wheel_meta += "".join(f"Tag: py3-none-{t}\n" for t in TAGS[target].split("."))
    files.append((f"{info}/WHEEL", wheel_meta.encode(), 0o644))
    eps = entry_points(project)
    if eps:
        files.append((f"{info}/entry_points.txt", eps.encode(), 0o644))
    for lic in ("LICENSE-MIT", "LICENSE-APACHE"):
        files.append((f"{info}/licenses/{lic}", (ROOT / lic).read_bytes(), 0o644))
    record = [record_line(n, d) for n, d, _ in files] + [f"{info}/RECORD,,"]
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode(), 0o644))

    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{dist}-{version}-{tag}.whl"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, d, mode in files:
            zi = zipfile.ZipInfo(n, EPOCH)
            zi.external_attr = (0o100000 | mode) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, d)
    path.write_bytes(buf.getvalue())
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True, type=Path)
    ap.add_argument("--target", required=True, choices=sorted(TAGS))
    ap.add_argument("--out", required=True, type=Path)
    a = ap.parse_args()
    print(build(a.binary, a.target, a.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
