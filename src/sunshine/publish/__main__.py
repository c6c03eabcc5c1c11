"""``python -m sunshine.publish`` builds the book (:func:`sunshine.publish.book.main`)."""

import sys

from sunshine.publish.book import main

sys.exit(main())
