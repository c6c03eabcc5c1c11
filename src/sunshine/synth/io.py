"""Writing the synthetic file and its report, safely and reproducibly."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from sunshine.files import atomic_write_all, atomic_write_text, check_replaceable, sha256_bytes, sha256_file
from sunshine.synth.pipeline import SynthResult


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The canonical CSV encoding of a synthetic frame (UTF-8, ``\\n``, empty = missing)."""
    return df.to_csv(index=False, lineterminator="\n", na_rep="").encode("utf-8")


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        return None if np.isnan(obj) else round(float(obj), 6)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj


def report_json(result: SynthResult) -> str:
    """The machine-readable report: info and one record per published cell."""
    records = result.report.replace({np.nan: None}).to_dict(orient="records")
    return json.dumps(_jsonable({**result.info, "targets": records}), indent=2,
                      ensure_ascii=False) + "\n"


def write(result: SynthResult, out: str | Path, *, force: bool = False,
          report: str | Path | None = None) -> dict:
    """Write the data (and report) files; refuse to overwrite unless ``force``."""
    out = Path(out)
    report = Path(report) if report else out.with_suffix(".report.json")
    if out.resolve() == report.resolve():
        raise ValueError(f"the report {report} is the data file {out}: give the report another name")
    for path in (out, report):
        check_replaceable(path)
        if path.exists() and not force:
            raise FileExistsError(f"{path} exists; use --force to overwrite it")
        if not path.parent.is_dir():
            raise FileNotFoundError(f"folder {path.parent} does not exist")
    data = to_csv_bytes(result.data)
    atomic_write_all({out: data, report: report_json(result).encode("utf-8")})
    return {"out": str(out), "report": str(report), "sha256": sha256_bytes(data)}


def record_hash(csv_path: str | Path, datapackage: str | Path) -> str:
    """Record the CSV's SHA-256 and size in the codebook (``sunshine synth --record-hash``); return the digest."""
    csv_path, datapackage = Path(csv_path), Path(datapackage)
    pkg = json.loads(datapackage.read_text(encoding="utf-8"))
    res = pkg["resources"][0]
    described = (datapackage.parent / res["path"]).resolve()
    if csv_path.resolve() != described:
        raise ValueError(f"{datapackage} describes {described.name} in its own folder, not {csv_path}")
    digest = sha256_file(csv_path)
    if Path(res["path"]).name != csv_path.name:
        raise ValueError(f"{datapackage} describes {res['path']}, not {csv_path.name}")
    res["hash"] = f"sha256:{digest}"
    res["bytes"] = csv_path.stat().st_size
    atomic_write_text(datapackage, json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    return digest
