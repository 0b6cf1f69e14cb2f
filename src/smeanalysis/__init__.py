"""smeanalysis: sourced facts and calendar-aware indicators on Iran's SME exports and parks.

The package is small on purpose: each module holds one idea.

- ``smeanalysis.facts``: load and validate the official-figures fact base.
- ``smeanalysis.calendar``: the Iranian (Solar Hijri) calendar, vectorized.
- ``smeanalysis.units``: Persian digits, magnitude words, currencies.
- ``smeanalysis.provinces``: Iran's 31 provinces and their many spellings.
- ``smeanalysis.metrics``: shares, growth, concentration on any dataframe engine.
- ``smeanalysis.reconcile``: official statements checked against each other.
- ``smeanalysis.reports``: the report face (papermill runs, HTML pages, text kit, charts).
"""

from smeanalysis.errors import ParameterError, Problem, SmeAnalysisError

__all__ = ["ParameterError", "Problem", "SmeAnalysisError", "__version__"]
__version__ = "0.1.0"
