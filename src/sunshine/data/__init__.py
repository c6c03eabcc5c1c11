"""The data the book reads: the survey file and its codebook, the published values, context statistics.

* :mod:`sunshine.data.survey` loads and validates a CMLRS-shaped file (the
  committed synthetic one or a user's own) against the codebook;
* :mod:`sunshine.data.sample` turns chapter parameters into the analysis sample;
* :mod:`sunshine.data.published` reads the values printed in the paper;
* :mod:`sunshine.data.context` reads the official statistics of chapters 1-3.
"""
