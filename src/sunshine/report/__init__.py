"""What a chapter shows: tables, figures, heatmaps, prose and verdicts."""
