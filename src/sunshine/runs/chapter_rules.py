"""Checks of the chapter-specific parameters (those outside the survey parameters).

A value of the right type can still fail in the kernel (a ``YEAR`` the income table lacks,
``n_draws = 0``, a ``*_PATH`` to a file of another format):
:func:`check` tests it before a rerun or sweep writes anything and raises a ParameterError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping

from sunshine.runs.parameters import ParameterError, user_path

__all__ = ["check", "RULES"]

MAX_DRAWS = 1000


def _whole(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ParameterError(name, value, f"a whole number from {low} to {high}")


def _context_file(loader_name: str) -> Callable[[str, Any, Mapping[str, Any], Path], None]:
    def check_file(name: str, value: Any, given: Mapping[str, Any], base: Path) -> None:
        if value is None:
            return
        if not isinstance(value, str) or not value.strip():
            raise ParameterError(name, value, "None (the book's copy) or the path of a CSV file")
        path = user_path(value, base)
        if not path.is_file():
            raise ParameterError(name, value, f"None or an existing CSV file (looked for {path})")
        from sunshine.data import context

        try:
            getattr(context, loader_name)(path)
        except (ValueError, KeyError, OSError) as error:
            raise ParameterError(name, value, f"a file in the format of data/context/ ({error})") from None

    return check_file


def _years(name: str, value: Any, given: Mapping[str, Any], base: Path) -> None:
    from sunshine.data import context

    path = given.get("RURAL_INCOME_PATH")
    years = sorted(int(y) for y in context.load_rural_income(user_path(path, base) if path else None)["year"].unique())
    if isinstance(value, bool) or value not in years:
        raise ParameterError(name, value, "a year of the rural income table: " + ", ".join(map(str, years)))


def _periods(name: str, value: Any, given: Mapping[str, Any], base: Path) -> None:
    from sunshine.data import context

    path = given.get("SUNSHINE_PATH")
    table = context.load_sunshine_project(user_path(path, base) if path else None)
    per_trainee = table[table["measure"] == "subsidy_per_trainee"]
    regions = set(per_trainee["region"])
    usable = sorted(p for p, rows in per_trainee.groupby("period") if set(rows["region"]) == regions)
    if isinstance(value, bool) or str(value) not in usable:
        raise ParameterError(name, value, "a period with the subsidy per trainee of every region: " + ", ".join(usable))


RULES: dict[str, Callable[[str, Any, Mapping[str, Any], Path], None]] = {
    "YEAR": _years,
    "INCOME_YEAR": _years,
    "FIRST_PERIOD": _periods,
    "SECOND_PERIOD": _periods,
    "n_draws": lambda name, value, given, base: _whole(name, value, 1, MAX_DRAWS),
    "first_seed": lambda name, value, given, base: _whole(name, value, 0, 2**32 - 1 - MAX_DRAWS),
    "RURAL_INCOME_PATH": _context_file("load_rural_income"),
    "CITED_FIGURES_PATH": _context_file("load_cited_figures"),
    "SUNSHINE_PATH": _context_file("load_sunshine_project"),
}
"""The rule of each chapter-specific parameter, by name."""


def check(given: Mapping[str, Any], base: Path) -> None:
    """Check every chapter-specific parameter in ``given`` that has a rule."""
    # files first: the others read them
    for name in sorted([n for n in given if n in RULES], key=lambda n: not n.endswith("_PATH")):
        RULES[name](name, given[name], given, base)
