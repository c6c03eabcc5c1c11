"""Keep ``environment.yml`` a faithful mirror of ``requirements.lock``.

``requirements.lock`` holds the exact pins of the whole environment (book
toolchain included) and is what ``make`` installs with pip. Conda and Binder
users get ``environment.yml``, which must install the very same versions. This
module writes it from the lock and reads both back, so a test can fail when
they drift apart. It uses the standard library only, so that ``make lock`` can
run it before any environment exists::

    python tools/lockfile.py          # rewrite environment.yml
    python tools/lockfile.py --check  # exit 1 if they differ
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON_VERSION = "3.11"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]+\])?)==([^\s;#]+)$")


def read_lock(path: Path = ROOT / "requirements.lock") -> dict[str, str]:
    """Return ``{normalised name: version}`` for every pin of the lock file.

    Raises
    ------
    ValueError
        If a line is neither blank, a comment nor an exact ``name==version`` pin.
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        if not match:
            raise ValueError(f"{path}, line {number}: expected an exact pin 'name==version', got {raw!r}")
        pins[normalise(match.group(1))] = match.group(2)
    return pins


def normalise(name: str) -> str:
    """Normalise a distribution name as PEP 503 does."""
    return re.sub(r"[-_.]+", "-", name).lower()


def environment_yml(pins: dict[str, str]) -> str:
    """The text of ``environment.yml`` installing exactly ``pins`` with pip."""
    lines = [
        "# Generated from requirements.lock by `make lock` (tools/lockfile.py): do not edit.",
        "# The same exact pins as the lock, for conda and Binder users; tests/test_environment.py",
        "# fails when the two drift apart.",
        "name: neoliberal-sunshine",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON_VERSION}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(pins.items())]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def read_environment_pins(path: Path = ROOT / "environment.yml") -> dict[str, str]:
    """Return the ``name==version`` pins listed in the pip section of ``environment.yml``."""
    pins: dict[str, str] = {}
    for line in Path(path).read_text().splitlines():
        item = line.strip()
        if item.startswith("- ") and "==" in item:
            match = _PIN.match(item[2:].strip())
            if match:
                pins[normalise(match.group(1))] = match.group(2)
    return pins


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    expected = environment_yml(read_lock())
    target = ROOT / "environment.yml"
    if "--check" in argv:
        if not target.exists() or target.read_text() != expected:
            print("environment.yml does not mirror requirements.lock: run `make lock` "
                  "or `python tools/lockfile.py`", file=sys.stderr)
            return 1
        return 0
    target.write_text(expected)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
