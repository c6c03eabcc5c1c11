"""Write ``environment.yml`` (conda, Binder) from ``requirements.lock`` (pip-compile).

``requirements.lock`` is made by pip-tools (``make lock`` runs ``pip-compile``
on ``requirements.in``) and holds the exact pins of the whole environment.
Binder and conda users get ``environment.yml``, which installs the very same
pins with pip; this script writes it and, with ``--check``, says whether the
committed one still agrees. It uses the standard library only, so that
``make lock`` can run it before any environment exists::

    python3 tools/environment_yml.py          # rewrite environment.yml
    python3 tools/environment_yml.py --check  # exit 1 if it disagrees with the lock
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON_VERSION = "3.11"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def normalise(name: str) -> str:
    """Normalise a distribution name as PEP 503 does.

    Parameters
    ----------
    name : str
        A distribution name.

    Returns
    -------
    str
        Lowercase, runs of ``-_.`` as one ``-``.
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path = ROOT / "requirements.lock") -> dict[str, str]:
    """Return ``{normalised name: version}`` for every pin of a pip-compile lock file.

    Parameters
    ----------
    path : pathlib.Path
        The lock file; comments (pip-compile's ``# via`` lines included) and
        blank lines are skipped.

    Returns
    -------
    dict
        The pins.

    Raises
    ------
    ValueError
        If a line is anything else than an exact ``name==version`` pin, naming
        the line (an option such as ``--find-links`` or a range).
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text().splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.match(line)
        if not match:
            raise ValueError(f"{path}, line {number}: expected an exact pin 'name==version', got {raw!r}")
        pins[normalise(match.group(1))] = match.group(2)
    return pins


def environment_yml(pins: dict[str, str]) -> str:
    """The text of ``environment.yml`` installing exactly ``pins`` with pip.

    Parameters
    ----------
    pins : dict
        ``{name: version}``, as :func:`read_lock` returns.

    Returns
    -------
    str
        The YAML text.
    """
    lines = [
        "# Generated from requirements.lock by `make lock` (tools/environment_yml.py): do not edit.",
        "# The same exact pins as the lock, for conda and Binder users; tests/test_environment.py",
        "# fails when the two disagree.",
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


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """Write ``environment.yml``, or with ``--check`` compare it; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the command line).
    root : pathlib.Path
        The project root holding both files.

    Returns
    -------
    int
        0, or 1 when ``--check`` finds the files disagreeing.
    """
    argv = sys.argv[1:] if argv is None else argv
    expected = environment_yml(read_lock(root / "requirements.lock"))
    target = root / "environment.yml"
    if "--check" in argv:
        if not target.exists() or target.read_text() != expected:
            print("environment.yml does not agree with requirements.lock: run `make lock` "
                  "or `python3 tools/environment_yml.py`", file=sys.stderr)
            return 1
        return 0
    target.write_text(expected)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
