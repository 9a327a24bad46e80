"""Survey configuration: one YAML file describes one survey, so a new survey needs no code.

The shape is a promise to users (see docs/configuration.md): names may grow, never shrink. Paths in
a config are relative to the project folder, the folder that holds the ``config/`` directory the
file sits in (or, for a file elsewhere, the file's own folder).

Each module owns one part; every name is importable from ``analysis.config`` too:

- ``base``: the strict model every section is, reading YAML, explaining invalid settings, language codes;
- ``source``: where responses and the structure come from, the rating arrays and their numbers;
- ``cleaning``: the rules that exclude responses and how answers are tidied;
- ``analysis``: groups compared, the bootstrap, raking weights;
- ``priorities``: ranking candidate micro-credentials;
- ``fieldwork``: targets and breakdowns of ``skillsneeds fieldwork``;
- ``skills``: skill catalogues;
- ``survey``: the whole survey file, loading it and finding the project's surveys.
"""

from __future__ import annotations

from analysis.config.analysis import AnalysisConfig, BootstrapConfig, WeightsConfig
from analysis.config.base import LANGUAGE_CODE, StrictModel, check_language_codes, read_yaml
from analysis.config.cleaning import (
    AttentionCheck,
    CleaningConfig,
    DuplicatesRule,
    IncompleteRule,
    MissingKind,
    RuleSwitch,
    SpeedersRule,
    StraightlinersRule,
    TestResponsesRule,
    TooFewAnswersRule,
)
from analysis.config.fieldwork import FieldworkConfig, FieldworkTarget
from analysis.config.priorities import (
    PRIORITY_CRITERIA,
    CatalogueField,
    DemandQuestion,
    Interval,
    PrioritiesConfig,
)
from analysis.config.skills import Skill, load_skills, skill_group_names
from analysis.config.source import (
    LIMESURVEY_DATE_FORMAT,
    FileFormat,
    LimeSurveySource,
    LongAnswerWords,
    RatingSource,
    ResponseFile,
    ScaleValuesEntry,
    Source,
    SourceFiles,
)
from analysis.config.survey import (
    CANONICAL_PROFILE_FIELDS,
    QuestionTexts,
    SurveyConfig,
    SurveyTexts,
    discover_surveys,
    load_survey_config,
    loadable_surveys,
    project_root_for,
)

__all__ = [
    "CANONICAL_PROFILE_FIELDS",
    "LANGUAGE_CODE",
    "LIMESURVEY_DATE_FORMAT",
    "PRIORITY_CRITERIA",
    "AnalysisConfig",
    "AttentionCheck",
    "BootstrapConfig",
    "CatalogueField",
    "CleaningConfig",
    "DemandQuestion",
    "DuplicatesRule",
    "FieldworkConfig",
    "FieldworkTarget",
    "FileFormat",
    "IncompleteRule",
    "Interval",
    "LimeSurveySource",
    "LongAnswerWords",
    "MissingKind",
    "PrioritiesConfig",
    "RatingSource",
    "ResponseFile",
    "RuleSwitch",
    "ScaleValuesEntry",
    "Skill",
    "Source",
    "SourceFiles",
    "SpeedersRule",
    "StraightlinersRule",
    "StrictModel",
    "SurveyConfig",
    "QuestionTexts",
    "SurveyTexts",
    "TestResponsesRule",
    "TooFewAnswersRule",
    "WeightsConfig",
    "check_language_codes",
    "discover_surveys",
    "load_skills",
    "load_survey_config",
    "loadable_surveys",
    "project_root_for",
    "read_yaml",
    "skill_group_names",
]
