"""Skills-needs analytics for VET consortia.

The package follows the flow of the data: :mod:`analysis.ingest` (LimeSurvey exports -> raw frame
and codebook) -> :mod:`analysis.clean` (rules, exclusions, tidy ratings) -> :mod:`analysis.stats`
(Borich needs, group differences) -> :mod:`analysis.report` (HTML site). :mod:`analysis.pipeline`
wires the stages; :mod:`analysis.cli` is the ``skillsneeds`` command; :func:`open_survey`
(:mod:`analysis.explore`) opens a survey for exploring in a notebook.
"""

__version__ = "0.1.0"

__all__ = ["open_survey"]


def __getattr__(name: str) -> object:
    """``from analysis import open_survey`` without importing pandas for ``import analysis``."""
    if name == "open_survey":
        from analysis.explore import open_survey

        return open_survey
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
