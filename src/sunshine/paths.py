"""Where the project's files are.

The package is installed editable from ``src/``, so the project root is two
levels above this file (its ``data/`` folder, or the copy installed with the package
outside a checkout), unless the environment variable
``SUNSHINE_PROJECT_ROOT`` names another copy of the project (the book builder
sets it when it executes the chapters of a copy). Every path the chapters and
tools use is built here, so that no module hard-codes a layout of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming the copy of the project to work on.
ROOT_ENV_VAR = "SUNSHINE_PROJECT_ROOT"
PROJECT_ROOT = Path(os.environ.get(ROOT_ENV_VAR) or Path(__file__).resolve().parents[2]).resolve()
#: The copy of ``data/`` shipped inside the package (a wheel's ``sunshine/_data``), used where
#: there is no checkout: a chapter downloaded from the book, or opened in Colab.
PACKAGED_DATA_DIR = Path(__file__).resolve().parent / "_data"
DATA_DIR = PROJECT_ROOT / "data" if (PROJECT_ROOT / "data").is_dir() else PACKAGED_DATA_DIR
CONTEXT_DIR = DATA_DIR / "context"
PUBLISHED_DIR = DATA_DIR / "published"
CMLRS_DIR = DATA_DIR / "cmlrs"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
BUILD_DIR = PROJECT_ROOT / "_build"
