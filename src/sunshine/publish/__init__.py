"""Building the book: the execution cache, rendering, the PDF and the Sphinx extension."""
