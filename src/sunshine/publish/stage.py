"""Stage the book's sources and render them: one route for the book and for alternate editions.

A stage holds the configuration (execution off: the chapters arrive executed), the pages and the
executed chapters: ``_build/stage/`` for the book (:mod:`sunshine.publish.book`), ``runs/NAME/_stage/``
for a rerun. Only changed files are written, so Sphinx's incremental build re-reads only those.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from sunshine.files import atomic_write_bytes
from sunshine.paths import BOOK_SOURCES, Layout


class RenderFailed(RuntimeError):
    """Sphinx reported warnings or errors while rendering (warnings are errors here)."""


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (atomically) unless it already holds exactly that."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return True


def staged_config(config_text: str, *, title_suffix: str = "", announcement: str | None = None) -> bytes:
    """The book configuration for rendering: execution off (chapters arrive executed)."""
    config = yaml.safe_load(config_text)
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config.setdefault("sphinx", {}).setdefault("config", {})["sunshine_staged"] = True
    if title_suffix:
        config["title"] = f"{config.get('title', '')}{title_suffix}"
    if announcement is not None:
        config.setdefault("html", {})["announcement"] = announcement
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode()


def book_sources(layout: Layout, **config) -> dict[str, bytes]:
    """The book's sources other than the chapters, as the stage holds them."""
    files: dict[str, bytes] = {}
    for name in BOOK_SOURCES:
        source = layout.root / name
        if source.is_dir():
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                files[path.relative_to(layout.root).as_posix()] = path.read_bytes()
        elif source.exists():
            files[name] = source.read_bytes()
    files[layout.config_file.name] = staged_config(layout.config_file.read_text(), **config)
    return files


def stage_files(stage_dir: Path, files: dict[str, bytes]) -> list[str]:
    """Make ``stage_dir`` hold exactly ``files`` (its ``_build`` kept); return the paths that changed."""
    changed = [rel for rel, data in files.items() if write_if_changed(stage_dir / rel, data)]
    if stage_dir.exists():
        for path in sorted(p for p in stage_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(stage_dir)
            if rel.as_posix() not in files and not rel.parts[0].startswith("_build"):
                path.unlink()
                changed.append(rel.as_posix())
    return sorted(changed)


def render(stage_dir: Path, output_root: Path, *, full: bool, quiet: bool = False, builder: str = "html") -> None:
    """Run ``jupyter-book build`` on ``stage_dir`` into ``output_root/_build``, warnings as errors."""
    command = [
        str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage_dir),
        "--path-output", str(output_root), "--builder", builder, "-W", "-n", "--keep-going",
    ] + (["--all"] if full else []) + (["-q"] if quiet else [])
    result = subprocess.run(command, cwd=output_root)
    if result.returncode != 0:
        raise RenderFailed(f"jupyter-book build failed (exit {result.returncode}); see the warnings above")
