"""``python -m sunshine.build`` builds the book (:func:`sunshine.build.book.main`)."""

import sys

from sunshine.build.book import main

sys.exit(main())
