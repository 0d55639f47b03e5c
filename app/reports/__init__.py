"""The journey effect report: what a journey earned, per node, branch, arm and day.

- :mod:`app.reports.effect`: the figures as pure functions of data frames;
- :mod:`app.reports.lift`: treatment against holdout, with 95% intervals (statsmodels);
- :mod:`app.reports.frames`: the rows a report reads, from the raw tables;
- :mod:`app.reports.service`: parameters checked, frames loaded, figures assembled;
- :mod:`app.reports.views` and :mod:`app.reports.cli`: the API, the CSV and the command.

Orders count by the attribution rule of :mod:`app.attribution` (``docs/attribution.md``).
"""
