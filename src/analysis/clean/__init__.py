"""Clean: raw responses -> kept respondents, tidy ratings and the list of exclusions.

Every raw response is either kept or listed in the exclusions with the rule and the reason; the run
fails if raw rows != kept + excluded. Personal fields (token, e-mail, IP address, seed, exact times,
free text) are not carried into the outputs.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

import pandas as pd

from analysis.clean import rules
from analysis.clean.harmonise import profile_codes, rating_values
from analysis.codebook import Codebook
from analysis.config import CANONICAL_PROFILE_FIELDS, Skill, SurveyConfig, load_skills
from analysis.errors import ConfigError, InvariantError
from analysis.ingest import RawSurvey

__all__ = ["CleanSurvey", "clean", "pseudonym", "skill_table", "PSEUDONYM_KEY_VARIABLE"]

log = logging.getLogger(__name__)

PSEUDONYM_KEY_VARIABLE = "SKILLSNEEDS_PSEUDONYM_KEY"
_PUBLIC_SAMPLE_KEY = "skillsneeds-public-sample-key"


@dataclass(frozen=True)
class CleanSurvey:
    """The cleaned survey: what the statistics and the report read."""

    name: str
    respondents: pd.DataFrame
    ratings: pd.DataFrame
    exclusions: pd.DataFrame
    funnel: pd.DataFrame
    skills: pd.DataFrame
    n_raw: int

    @property
    def n_kept(self) -> int:
        """Number of kept responses."""
        return len(self.respondents)


def pseudonym_key() -> bytes:
    """The key for respondent pseudonyms, from the environment (or a git-ignored ``.env``)."""
    key = os.environ.get(PSEUDONYM_KEY_VARIABLE)
    if not key:
        log.warning(
            "%s is not set: respondent ids use the public sample key and are not secret",
            PSEUDONYM_KEY_VARIABLE,
        )
        key = _PUBLIC_SAMPLE_KEY
    return key.encode("utf-8")


def pseudonym(survey: str, response_ids: pd.Series, key: bytes) -> pd.Series:
    """Stable pseudonymous respondent ids: a keyed hash (HMAC-SHA256) of survey and response id."""
    return response_ids.map(
        lambda rid: "R" + hmac.new(key, f"{survey}:{rid}".encode(), hashlib.sha256).hexdigest()[:16]
    ).astype("string")


def skill_table(config: SurveyConfig, codebook: Codebook) -> pd.DataFrame:
    """The skills of the survey: code (subquestion), skill_id, label, group, in battery order.

    Without a skill catalogue, ids are the lower-cased subquestion codes and labels come from the
    codebook in the survey's base language.
    """
    importance = config.ratings["importance"]
    question = codebook[importance.question]
    codes = question.subquestion_codes(0)
    labels = {s.code: s.labels for s in question.subquestions}
    catalogue: dict[str, Skill] = {}
    if config.skills is not None:
        catalogue = {skill.code: skill for skill in load_skills(config.path(config.skills))}
        unknown = sorted(set(catalogue) - set(codes))
        if unknown:
            raise ConfigError(
                f"{config.path(config.skills)}: skill codes {unknown} are not subquestions of "
                f"{importance.question} ({', '.join(codes)})"
            )
    rows = []
    for code in codes:
        skill = catalogue.get(code)
        base_label = labels.get(code, {}).get(codebook.base_language, code)
        rows.append(
            {
                "code": code,
                "skill_id": skill.id if skill else code.lower(),
                "label": (skill.label if skill and skill.label else base_label),
                "group": (skill.group if skill and skill.group else ""),
            }
        )
    return pd.DataFrame(rows).astype("string")


def clean(raw: RawSurvey, key: bytes | None = None) -> CleanSurvey:
    """Apply the survey's response rules and harmonise the kept responses.

    Parameters
    ----------
    raw
        The ingested survey (:func:`analysis.ingest.ingest`).
    key
        Pseudonym key; by default from the environment (:func:`pseudonym_key`).

    Returns
    -------
    CleanSurvey
        ``respondents`` (one row per kept response), ``ratings`` (long: respondent_id, skill_id,
        dimension, value), ``exclusions`` (response_id, rule, detail) and the ``funnel``.
    """
    config, codebook, responses = raw.config, raw.codebook, raw.responses
    settings = config.cleaning
    skills = skill_table(config, codebook)
    batteries = {
        dimension: rating_values(
            responses, codebook, source.question, source.scale, settings.missing_codes
        )
        for dimension, source in config.ratings.items()
    }
    answer_columns = [column.heading for column in codebook.columns()]

    flagged: dict[str, pd.Series] = {}
    remaining = responses
    for rule in rules.RULE_ORDER:
        if rule == "test_response":
            details = rules.test_responses(remaining, settings.test_responses)
        elif rule == "incomplete":
            details = (
                rules.incomplete_responses(remaining) if settings.incomplete.enabled
                else rules._empty()
            )
        elif rule == "duplicate":
            details = (
                rules.duplicate_responses(remaining, answer_columns)
                if settings.duplicates.enabled else rules._empty()
            )
        elif rule == "speeder":
            details = rules.speeders(remaining, settings.speeders)
        else:
            names = {
                f"{config.ratings[d].question}": frame.loc[remaining.index]
                for d, frame in batteries.items()
            }
            details = rules.straightliners(names, settings.straightliners)
        flagged[rule] = details
        remaining = remaining.drop(index=details.index)

    exclusions = pd.concat(
        [
            pd.DataFrame(
                {"response_id": responses.loc[d.index, "id"], "rule": rule, "detail": d.values}
            )
            for rule, d in flagged.items()
            if len(d)
        ]
        or [pd.DataFrame(columns=["response_id", "rule", "detail"])],
        ignore_index=True,
    )
    exclusions = exclusions.astype("string")
    funnel = pd.DataFrame(
        {
            "rule": list(rules.RULE_ORDER),
            "reason": [rules.RULE_REASONS[r] for r in rules.RULE_ORDER],
            "excluded": [len(flagged[r]) for r in rules.RULE_ORDER],
        }
    )
    kept = remaining
    if len(responses) != len(kept) + len(exclusions):
        raise InvariantError(
            f"survey {config.name}: {len(responses)} raw responses but {len(kept)} kept + "
            f"{len(exclusions)} excluded"
        )

    ids = pseudonym(config.name, kept["id"], key if key is not None else pseudonym_key())
    respondents = pd.DataFrame({"respondent_id": ids.values}, index=kept.index)
    respondents["survey"] = config.name
    for field in CANONICAL_PROFILE_FIELDS:
        respondents[field] = pd.Series(pd.NA, index=kept.index, dtype="string")
    for field, question in config.profile.items():
        respondents[field] = profile_codes(kept, codebook, question)
    respondents["language"] = kept["startlanguage"].astype("string")
    respondents["submit_date"] = kept["submitdate"].str.slice(0, 10).astype("string")
    respondents["weight"] = 1.0
    respondents = respondents.reset_index(drop=True).astype({"survey": "string"})

    code_to_id = dict(zip(skills["code"], skills["skill_id"], strict=True))
    long_frames = []
    for dimension, frame in batteries.items():
        if set(frame.columns) != set(code_to_id):
            raise ConfigError(
                f"{config.config_path}: ratings.{dimension} ({config.ratings[dimension].question}) "
                f"does not ask about the same subquestions as ratings.importance"
            )
        wide = frame.loc[kept.index, list(code_to_id)].rename(columns=code_to_id)
        wide.index = ids.values
        stacked = wide.rename_axis(index="respondent_id", columns="skill_id").stack(
            future_stack=True
        )
        long = stacked.rename("value").reset_index()
        long.insert(2, "dimension", dimension)
        long_frames.append(long)
    ratings = pd.concat(long_frames, ignore_index=True)
    ratings = ratings.astype(
        {"respondent_id": "string", "skill_id": "string", "dimension": "string"}
    )
    ratings["value"] = ratings["value"].round().astype("Int64")
    return CleanSurvey(
        name=config.name,
        respondents=respondents,
        ratings=ratings,
        exclusions=exclusions,
        funnel=funnel,
        skills=skills,
        n_raw=len(responses),
    )

