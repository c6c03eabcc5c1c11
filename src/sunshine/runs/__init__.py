"""Running the chapters with other parameters or data: parameters, reruns, sweeps and glued results.

* :mod:`sunshine.runs.parameters` checks the survey chapters' parameters;
* :mod:`sunshine.runs.rerun` reruns chapters into ``runs/NAME/`` (and alternate editions);
* :mod:`sunshine.runs.sweep` runs one chapter over a grid of parameter sets;
* :mod:`sunshine.runs.glued` reads the values a chapter glued.
"""
