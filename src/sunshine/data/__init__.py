"""The data the book reads: the survey file and its codebook (:mod:`~sunshine.data.survey`), the
analysis sample (:mod:`~sunshine.data.sample`), the published values and the context statistics."""
