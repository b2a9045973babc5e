"""The run report: one self-contained HTML file per run (``<var>/reports/<run_id>.html``),
built from the run record (or, for a dry run, from the summaries), with inline SVG charts."""
