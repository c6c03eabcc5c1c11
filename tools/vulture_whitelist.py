"""Names vulture cannot see used: what a framework calls, and what the ensemble key keeps.

``tests/test_code_quality.py`` runs vulture over ``src/``, ``notebooks/``,
``workbook/``, ``tools/`` and ``benchmarks/`` with this file at 60% confidence
and expects no report. Read by vulture, never run. Add a name here only when a
framework (or a string) uses it; code that nothing uses is deleted instead.
"""

from vulture.whitelists.whitelist_utils import Whitelist

_ = Whitelist()

# Sphinx
setup  # Sphinx loads each extension (build/accessibility, latex_print, sphinx_extension) by calling its setup(app)
templatename  # html-page-context handlers take Sphinx's (app, pagename, templatename, context, doctree)
doctree  # html-page-context handlers take Sphinx's (app, pagename, templatename, context, doctree)
default_priority  # SphinxPostTransform: the order docutils applies the transform in (build/latex_print)
builders  # SphinxPostTransform: the builders the transform runs for (build/latex_print)
_.numfig_secnum_depth  # a Sphinx config value the LaTeX builder reads (build/sphinx_extension)

# Python
__getattr__  # a module's __getattr__: Python calls it for a name the module lacks (PEP 562; synth/__init__)

# nbformat, matplotlib, jupyter_client, reprlib, io
_.execution_count  # an nbformat code cell's field, written into the notebook (build/book, build/editions)
_.nbformat_minor  # an nbformat notebook's field, written into the file (build/student)
_.n_rasterize  # matplotlib's Colorbar reads it when it draws (report/__init__)
_.figure_formats  # matplotlib_inline's InlineBackend reads it when pyplot sets up (report/__init__)
_.terminate  # jupyter_client's LocalProvisioner ends its Popen-like process with it (runs/executor ForkedKernel)
_.process  # jupyter_client's LocalProvisioner keeps the kernel's process here (runs/executor)
_.pgid  # jupyter_client's LocalProvisioner signals the kernel's process group by it (runs/executor)
_.repr_dict  # reprlib.Repr calls repr_<type name> for a dict (runs/safeyaml)
_.maxstring  # reprlib.Repr limits (runs/safeyaml)
_.maxother  # reprlib.Repr limits (runs/safeyaml)
_.maxlist  # reprlib.Repr limits (runs/safeyaml)
_.maxset  # reprlib.Repr limits (runs/safeyaml)
_.maxtuple  # reprlib.Repr limits (runs/safeyaml)
_.maxlevel  # reprlib.Repr limits (runs/safeyaml)
_.readinto  # io.BufferedReader reads a RawIOBase through it (data/readers _Capped)

# called by name in a string
install  # the kernel's exec_lines import and call it (build/provenance Recorder.kernel_arguments)
prepare_kernels  # the warm server calls "sunshine.runs.sweep:prepare_kernels" (runs/executor.prepared_server)
check_notebook  # tools/prose_check.py's entry point, run by tests/test_prose_numbers.py

# the workbook: the grader reads a student's answers by name (sunshine.workbook.questions)
wb_data  # the data each workbook hands the student, for the answer cells the student writes
tau_women  # q04_subgroup
ci_households  # q05_cluster
tau_young_age  # q05_young
median_gap  # q06_median_gap
se_households  # q06_cluster
n_unattainable  # q08_unattainable
tau_gansu_training  # q08_gansu
p_small  # q08_stars
keeps_stars  # q08_stars
