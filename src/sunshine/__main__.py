"""``python -m sunshine`` runs the command-line interface (:mod:`sunshine.cli`)."""

import sys

from sunshine.cli import main

sys.exit(main())
