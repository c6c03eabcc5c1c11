"""What a chapter shows: tables, figures, heatmaps, prose and verdicts."""


def _figures_for_print() -> None:
    """In a notebook kernel, keep every figure as PDF (vector) too: the book's PDF prints it
    (MyST-NB's LaTeX output prefers ``application/pdf``), the HTML shows the PNG. Colour bars,
    which matplotlib would embed as a bitmap, are drawn as vector shapes."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the kernel
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    from matplotlib import colorbar
    from matplotlib_inline.backend_inline import InlineBackend

    colorbar.Colorbar.n_rasterize = 2**31  # never rasterize a colour bar's gradient
    InlineBackend.instance().figure_formats = {"png", "pdf"}  # kept when pyplot sets up the backend


_figures_for_print()
