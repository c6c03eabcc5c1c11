"""Running the chapters with other parameters or data.

:mod:`~sunshine.runs.parameters` checks the survey chapters' parameters, :mod:`~sunshine.runs.rerun`
reruns chapters into ``runs/NAME/``, :mod:`~sunshine.runs.sweep` runs one over a grid of parameter
sets, :mod:`~sunshine.runs.glued` reads the values a chapter glued.
"""
