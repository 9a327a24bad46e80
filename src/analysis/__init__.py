"""Skills-needs analytics for VET consortia.

The package follows the flow of the data: :mod:`analysis.ingest` (LimeSurvey exports -> raw frame
and codebook) -> :mod:`analysis.clean` (rules, exclusions, tidy ratings) -> :mod:`analysis.stats`
(Borich needs, group differences) -> :mod:`analysis.report` (HTML site). :mod:`analysis.pipeline`
wires the stages; :mod:`analysis.cli` is the ``skillsneeds`` command.
"""

__version__ = "0.1.0"
