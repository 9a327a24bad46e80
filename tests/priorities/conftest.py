"""The cleaned sector sample (ingest + clean, no statistics or report) and the shipped catalogue."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.clean import clean
from analysis.config import load_skills, load_survey_config
from analysis.ingest import ingest
from analysis.priorities import MicroCredential, load_catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def sector_sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ratings, respondents) of the cleaned sector sample."""
    cleaned = clean(ingest(load_survey_config(ROOT / "config" / "surveys" / "sector.yml")))
    return cleaned.ratings, cleaned.respondents


@pytest.fixture(scope="session")
def catalogue() -> tuple[MicroCredential, ...]:
    skill_ids = {skill.id for skill in load_skills(ROOT / "config" / "skills" / "green.yml")}
    return load_catalogue(ROOT / "config" / "microcredentials.yml", skill_ids)
