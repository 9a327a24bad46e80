"""Clean: raw responses -> kept respondents, tidy ratings, open texts and the list of exclusions.

Every raw response is either kept or listed in the exclusions with the rule and the reason; the run
fails if raw rows != kept + excluded. Personal fields (token, names, e-mail, IP address, referrer,
seed, exact times) are not carried into the outputs; free texts only with contact data redacted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.clean import rules
from analysis.clean.harmonise import (
    MISSING_KINDS,
    PREFERENCE_COLUMNS,
    apply_recodes,
    battery_allowed,
    battery_columns,
    battery_scale,
    check_answer_codes,
    check_scale_values,
    preference_answers,
    profile_allowed,
    profile_codes,
    rating_values,
    scale_warning,
)
from analysis.clean.privacy import (
    PSEUDONYM_KEY_VARIABLE,
    open_text_columns,
    open_texts,
    pseudonym,
    pseudonym_key,
    resolve_pseudonym_key,
)
from analysis.clean.tables import (
    TIMING_COLUMNS,
    empty_frame,
    median_page_times,
    missingness_table,
    ratings_table,
    respondents_table,
    timings_table,
    wide_ratings,
)
from analysis.clean.text import normalise_frame
from analysis.codebook import Codebook, ScaleValues
from analysis.config import CleaningConfig, Skill, SurveyConfig, load_skills
from analysis.errors import ConfigError, InputError, InvariantError
from analysis.ingest import RawSurvey

__all__ = [
    "CleanSurvey",
    "PSEUDONYM_KEY_VARIABLE",
    "clean",
    "median_page_times",
    "missingness_table",
    "pseudonym",
    "require_kept",
    "response_partners",
    "pseudonym_key",
    "skill_table",
    "timings_table",
]

log = logging.getLogger(__name__)

UNKNOWN_PARTNER = "unknown"
#: The ``cleaning`` setting of each response rule (:data:`analysis.clean.rules.RULES`).
RULE_SETTINGS = {rule.name: rule.setting for rule in rules.RULES}


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
    open_text: pd.DataFrame = field(
        default_factory=lambda: empty_frame(
            {"respondent_id": "string", "question": "string", "language": "string", "text": "string"}
        )
    )
    missingness: pd.DataFrame = field(default_factory=pd.DataFrame)
    preferences: pd.DataFrame = field(default_factory=lambda: empty_frame(PREFERENCE_COLUMNS))
    funnel_by_partner: list[dict[str, object]] = field(default_factory=list)
    warnings: list[dict[str, object]] = field(default_factory=list)
    scales: dict[str, ScaleValues] = field(default_factory=dict)
    timings: pd.DataFrame = field(default_factory=lambda: empty_frame(TIMING_COLUMNS))
    #: responses the speeder rule timed by ``interviewtime``, by ``dates`` and not at all
    speeder_times: dict[str, int] = field(default_factory=dict)

    @property
    def n_kept(self) -> int:
        """Number of kept responses."""
        return len(self.respondents)


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


def _partners(
    config: SurveyConfig, codebook: Codebook, responses: pd.DataFrame
) -> tuple[pd.Series, dict[str, str]]:
    """Each response's partner (``cleaning.partner_field``) and the partners' labels.

    The partner field is a profile field or a question code; ``""`` means the response's source
    file. A response without an answer belongs to partner ``unknown``.
    """
    name = config.cleaning.partner_field
    if name == "":
        files = responses["_file"] if "_file" in responses else pd.Series("", index=responses.index)
        partner = files.map(lambda f: Path(f).name if f else UNKNOWN_PARTNER).astype("string")
        return partner, {p: p for p in partner.unique()}
    question = config.profile.get(name, name)
    if question not in codebook or question not in responses:
        raise ConfigError(
            f"{config.config_path}: cleaning.partner_field {name!r} is neither a profile field "
            f"({', '.join(config.profile) or 'none'}) nor a question of the survey; use \"\" for the "
            f"source file"
        )
    partner = profile_codes(responses, codebook, question).fillna(UNKNOWN_PARTNER).astype("string")
    item = codebook[question]
    labels = {o.code: o.labels.get(codebook.base_language, o.code) for o in item.answers}
    labels |= {"other": "Other", UNKNOWN_PARTNER: "Unknown"}
    return partner, {p: labels.get(p, p) for p in partner.unique()}


def response_partners(
    config: SurveyConfig, codebook: Codebook, responses: pd.DataFrame
) -> tuple[pd.Series, dict[str, str]]:
    """Each raw response's partner (``cleaning.partner_field``, ``unknown`` when unanswered) and labels.

    The same partners cleaning reports its exclusions by (fieldwork counts with it).

    Raises
    ------
    ConfigError
        When ``cleaning.partner_field`` is neither a profile field nor a question of the survey.
    """
    return _partners(config, codebook, normalise_frame(responses))


def _attention_allowed(codebook: Codebook, config: SurveyConfig, responses: pd.DataFrame) -> dict:
    columns = codebook.column_map()
    allowed: dict[str, list[str]] = {}
    for check in config.cleaning.attention_checks:
        if check.column not in responses:
            raise ConfigError(
                f"{config.config_path}: cleaning.attention_checks: column {check.column!r} is not in "
                f"the responses"
            )
        column = columns.get(check.column)
        if column is None or column.kind != "answer":
            continue
        codes = codebook[column.question].answer_codes(column.scale or 0)
        if codes:
            unknown = [c for c in check.expected if c not in codes]
            if unknown:
                raise ConfigError(
                    f"{config.config_path}: cleaning.attention_checks: {check.column} has no answer "
                    f"code {unknown[0]!r} ({', '.join(codes)})"
                )
            allowed[check.column] = codes
    return allowed


def _warnings(
    config: SurveyConfig,
    funnel_by_partner: list[dict[str, object]],
    missingness: pd.DataFrame,
    unknown_timing: int,
    fallback_key: bool,
    redacted: tuple[int, int],
    funnel: pd.DataFrame | None = None,
    scales: Mapping[str, ScaleValues] | None = None,
) -> list[dict[str, object]]:
    """Things an analyst must decide on, as {check, message, values}: ``values`` holds the
    numbers and codes of the message, for the report to say it in the page's language."""
    settings = config.cleaning
    out: list[dict[str, object]] = []
    for dimension, numbers in (scales or {}).items():
        warning = scale_warning(numbers, dimension)
        if warning is not None:
            out.append(warning)
    n_raw = sum(int(row["raw"]) for row in funnel_by_partner)  # type: ignore[call-overload]
    for step in ([] if funnel is None else funnel.itertuples()):
        if n_raw and step.excluded > n_raw / 2:
            out.append({
                "check": "rule_excluded_share",
                "message": f"rule {step.rule} excluded {step.excluded} of {n_raw} responses "
                f"({step.excluded / n_raw:.0%}), more than half: {step.reason}. Check its settings "
                f"(cleaning.{RULE_SETTINGS[step.rule]}) and the answers it reads",
                "values": {"rule": step.rule, "excluded": int(step.excluded), "raw": n_raw,
                           "setting": f"cleaning.{RULE_SETTINGS[step.rule]}"},
            })
    if fallback_key:
        out.append({
            "check": "pseudonym_key",
            "message": f"{PSEUDONYM_KEY_VARIABLE} is not set: respondent ids use the public sample key "
            f"and are not secret; set it (environment or .env) before processing real data",
        })
    for row in funnel_by_partner:
        raw, kept = int(row["raw"]), int(row["kept"])  # type: ignore[call-overload]
        if raw and (raw - kept) / raw > settings.warn_excluded_share:
            out.append({
                "check": "partner_excluded_share",
                "message": f"partner {row['partner']} ({row['partner_label']}): {raw - kept} of {raw} "
                f"responses excluded ({(raw - kept) / raw:.0%}), above {settings.warn_excluded_share:.0%}",
                "values": {"partner": str(row["partner"]), "excluded": raw - kept, "raw": raw,
                           "threshold": float(settings.warn_excluded_share)},
            })
    overall = missingness[(missingness["scope"] == "overall") & (missingness["n"] > 0)]
    for row in overall[overall["missing_share"] > settings.warn_missing_share].itertuples():
        kinds = ", ".join(f"{k} {getattr(row, k)}" for k in MISSING_KINDS if getattr(row, k))
        out.append({
            "check": "item_missing_share",
            "message": f"{row.dimension} of {row.skill_id}: {row.missing_share:.0%} of {row.n} kept "
            f"respondents without a rating ({kinds}), above {settings.warn_missing_share:.0%}",
            "values": {"dimension": str(row.dimension), "skill_id": str(row.skill_id),
                       "missing_share": float(row.missing_share), "n": int(row.n),
                       "threshold": float(settings.warn_missing_share)},
        })
    if unknown_timing:
        out.append({
            "check": "speeder_timing_unknown",
            "message": f"{unknown_timing} submitted responses carry LimeSurvey's placeholder dates "
            f"(anonymised survey) and no interview time: the speeder rule could not judge them",
            "values": {"responses": int(unknown_timing)},
        })
    emails, phones = redacted
    if emails or phones:
        out.append({
            "check": "contact_data_redacted",
            "message": f"open texts of kept respondents held {emails} e-mail addresses and {phones} "
            f"phone numbers, replaced by [e-mail] and [phone]",
            "values": {"emails": int(emails), "phones": int(phones)},
        })
    return out


@dataclass(frozen=True)
class _Answers:
    """The responses with canonical answer codes, and what the rules and the tables read of them.

    ``values`` and ``codes`` hold each rating battery by dimension (numeric ratings, answer
    codes; columns are subquestion codes); ``battery_names`` names them as the rules report them.
    """

    responses: pd.DataFrame
    skills: pd.DataFrame
    scales: dict[str, ScaleValues]
    partner: pd.Series
    partner_labels: dict[str, str]
    values: dict[str, pd.DataFrame]
    codes: dict[str, pd.DataFrame]
    battery_names: dict[str, str]

    def batteries(self) -> dict[str, pd.DataFrame]:
        """The numeric ratings of each battery under its name, e.g. ``Q2[1]``."""
        return {self.battery_names[d]: frame for d, frame in self.values.items()}


@dataclass(frozen=True)
class _Tables:
    """The tidy tables of the kept respondents, and the contact data redacted (e-mails, phones)."""

    respondents: pd.DataFrame
    ratings: pd.DataFrame
    open_text: pd.DataFrame
    preferences: pd.DataFrame
    missingness: pd.DataFrame
    timings: pd.DataFrame
    redacted: tuple[int, int]


def clean(raw: RawSurvey, key: bytes | None = None) -> CleanSurvey:
    """Harmonise the survey, apply its response rules and build the tidy outputs.

    Parameters
    ----------
    raw
        The ingested survey (:func:`analysis.ingest.ingest`).
    key
        Pseudonym key; by default from the environment or the project's ``.env``
        (:func:`analysis.clean.privacy.resolve_pseudonym_key`).

    Returns
    -------
    CleanSurvey
        ``respondents`` (one row per kept response), ``ratings`` (long, with the kind of missing),
        ``open_text``, ``exclusions`` (response_id, partner, rule, detail), ``missingness``, the
        ``funnel`` overall and by partner, and ``warnings``.

    Raises
    ------
    ConfigError
        For ``scale_values`` that do not fit the survey structure, and for a rating battery where
        no answer code has a number (:func:`~analysis.clean.harmonise.battery_scale`).
    InputError
        Listing every answer code (up to 20) that is not in the codebook.
    InvariantError
        If raw responses != kept + excluded.
    """
    config, codebook = raw.config, raw.codebook
    fallback_key = False
    if key is None:
        key, fallback_key = resolve_pseudonym_key(config.root)
    answers = _harmonise(config, codebook, raw.responses)
    answer_columns = [column.heading for column in codebook.columns()]
    screening = rules.apply_rules(
        answers.responses, rules.RuleInputs(config.cleaning, answer_columns, answers.batteries())
    )
    exclusions = _exclusions(answers, screening.flagged)
    _check_accounted(config, answers.responses, screening.kept, exclusions)
    tables = _tidy_tables(config, codebook, answers, screening.kept, key)
    funnel = _funnel(screening.flagged)
    by_partner = _funnel_by_partner(answers, exclusions, tables.respondents)
    warnings = _warnings(
        config, by_partner, tables.missingness, _unknown_timing(answers.responses, config.cleaning),
        fallback_key, tables.redacted, funnel, answers.scales,
    )
    return CleanSurvey(
        name=config.name,
        respondents=tables.respondents,
        ratings=tables.ratings,
        exclusions=exclusions,
        funnel=funnel,
        skills=answers.skills,
        n_raw=len(answers.responses),
        open_text=tables.open_text,
        missingness=tables.missingness,
        preferences=tables.preferences,
        funnel_by_partner=by_partner,
        warnings=warnings,
        scales=answers.scales,
        timings=tables.timings,
        speeder_times=_speeder_times(answers.responses, screening, config.cleaning),
    )


def _harmonise(config: SurveyConfig, codebook: Codebook, raw_responses: pd.DataFrame) -> _Answers:
    """Normalise and recode the answers, check every code and scale, read the rating batteries.

    Raises the :func:`clean` errors of the configuration and the answer codes.
    """
    settings = config.cleaning
    responses = apply_recodes(normalise_frame(raw_responses), codebook, settings.recodes)
    skills = skill_table(config, codebook)
    check_scale_values(config, codebook)
    scales = {
        dimension: battery_scale(config, codebook, source.question, source.scale)
        for dimension, source in config.ratings.items()
    }
    check_answer_codes(responses, _allowed_codes(config, codebook, responses))
    partner, partner_labels = _partners(config, codebook, responses)
    values: dict[str, pd.DataFrame] = {}
    codes: dict[str, pd.DataFrame] = {}
    battery_names: dict[str, str] = {}
    for dimension, source in config.ratings.items():
        headings = battery_columns(codebook, source.question, source.scale)
        values[dimension] = rating_values(
            responses, codebook, source.question, source.scale, list(settings.missing_codes),
            scales[dimension],
        )
        codes[dimension] = responses[list(headings.values())].set_axis(list(headings), axis=1)
        battery_names[dimension] = source.question + (f"[{source.scale}]" if source.scale else "")
    return _Answers(
        responses, skills, scales, partner, partner_labels, values, codes, battery_names
    )


def _allowed_codes(
    config: SurveyConfig, codebook: Codebook, responses: pd.DataFrame
) -> dict[str, list[str]]:
    """The answer codes each checked column may hold: profile, rating and attention-check items."""
    allowed: dict[str, list[str]] = {}
    for question in config.profile.values():
        if question in codebook:  # participant attributes have no answer codes to check
            allowed[question] = profile_allowed(codebook, question)
    for source in config.ratings.values():
        allowed |= battery_allowed(
            codebook, source.question, source.scale, config.cleaning.missing_codes
        )
    return allowed | _attention_allowed(codebook, config, responses)


def _exclusions(answers: _Answers, flagged: Mapping[str, pd.Series]) -> pd.DataFrame:
    """One row per excluded response: response_id, partner, rule and detail, in rule order."""
    frames = [
        pd.DataFrame(
            {
                "response_id": answers.responses.loc[d.index, "id"].to_numpy(dtype=object),
                "partner": answers.partner.loc[d.index].to_numpy(dtype=object),
                "rule": rule,
                "detail": d.to_numpy(dtype=object),
            }
        )
        for rule, d in flagged.items()
        if len(d)
    ]
    empty = pd.DataFrame(columns=["response_id", "partner", "rule", "detail"])
    return pd.concat(frames or [empty], ignore_index=True).astype("string")


def _funnel(flagged: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Responses each rule excluded, with its reason, in the order the rules run."""
    return pd.DataFrame(
        {
            "rule": list(rules.RULE_ORDER),
            "reason": [rules.RULE_REASONS[r] for r in rules.RULE_ORDER],
            "excluded": [len(flagged[r]) for r in rules.RULE_ORDER],
        }
    )


def _check_accounted(
    config: SurveyConfig, responses: pd.DataFrame, kept: pd.DataFrame, exclusions: pd.DataFrame
) -> None:
    """Every raw response is either kept or excluded: raise InvariantError otherwise."""
    if len(responses) != len(kept) + len(exclusions):
        raise InvariantError(
            f"survey {config.name}: {len(responses)} raw responses but {len(kept)} kept + "
            f"{len(exclusions)} excluded"
        )


def _tidy_tables(
    config: SurveyConfig, codebook: Codebook, answers: _Answers, kept: pd.DataFrame, key: bytes
) -> _Tables:
    """The processed tables of the kept responses, under their pseudonymous ids."""
    ids = pseudonym(config.name, kept["id"], key)
    respondents = respondents_table(config, codebook, kept, ids, answers.partner)
    wide = wide_ratings(config, codebook, kept, answers.skills, answers.values, answers.codes)
    ratings = ratings_table(wide, ids)
    text, emails, phones = open_texts(
        kept, ids, open_text_columns(codebook, config.cleaning.personal_questions)
    )
    preferences = preference_answers(kept, codebook, config.preference_questions, ids)
    missingness = missingness_table(wide, respondents["partner"])
    timings = timings_table(kept, ids, codebook)
    return _Tables(respondents, ratings, text, preferences, missingness, timings, (emails, phones))


def _funnel_by_partner(
    answers: _Answers, exclusions: pd.DataFrame, respondents: pd.DataFrame
) -> list[dict[str, object]]:
    """Per partner: its label, raw and kept responses, and the responses each rule excluded."""
    partner = answers.partner
    excluded_rules = exclusions.groupby(["partner", "rule"]).size()
    raw_counts, kept_counts = partner.value_counts(), respondents["partner"].value_counts()
    by_partner = []
    for code in sorted(partner.unique()):
        row: dict[str, object] = {
            "partner": str(code), "partner_label": answers.partner_labels.get(code, code),
            "raw": int(raw_counts.get(code, 0)), "kept": int(kept_counts.get(code, 0)),
        }
        row |= {r: int(excluded_rules.get((code, r), 0)) for r in rules.RULE_ORDER}
        by_partner.append(row)
    return by_partner


def _speeder_times(
    responses: pd.DataFrame, screening: rules.Screening, settings: CleaningConfig
) -> dict[str, int]:
    """Submitted responses the speeder rule timed by ``interviewtime``, by dates and not at all."""
    if not settings.speeders.enabled:
        return {}
    timing = [c for c in ("submitdate", "startdate", "interviewtime") if c in responses]
    judged = responses.loc[screening.judged["speeder"], timing]
    return rules.interview_time_sources(
        judged[judged["submitdate"] != ""], settings.placeholder_dates
    )


def _unknown_timing(responses: pd.DataFrame, settings: CleaningConfig) -> int:
    """Submitted responses with placeholder dates and no interview time, if speeders are judged."""
    if not (settings.speeders.enabled and len(responses)):
        return 0
    done = responses[responses["submitdate"] != ""]
    placeholder = done["submitdate"].isin(settings.placeholder_dates)
    if "startdate" in done:
        placeholder |= done["startdate"].isin(settings.placeholder_dates)
    if "interviewtime" in done:
        placeholder &= pd.to_numeric(done["interviewtime"], errors="coerce").isna()
    return int(placeholder.sum())


def require_kept(config: SurveyConfig, cleaned: CleanSurvey) -> None:
    """A cleaning that keeps nobody is an error, never an empty result.

    Raises
    ------
    InputError
        Naming the survey, the rule that excluded most responses (with its count, reason, the
        setting to check and an example response), or that there were no responses at all.
    """
    if cleaned.n_kept:
        return
    if cleaned.n_raw == 0:
        raise InputError(
            f"survey {config.name}: there are no responses to clean (the exports hold none); "
            f"nothing was written"
        )
    top = cleaned.funnel.sort_values("excluded", ascending=False, kind="stable").iloc[0]
    rule = str(top["rule"])
    example = cleaned.exclusions[cleaned.exclusions["rule"] == rule].iloc[0]
    others = ", ".join(
        f"{r.rule} {r.excluded}" for r in cleaned.funnel.itertuples() if r.excluded and r.rule != rule
    )
    raise InputError(
        f"survey {config.name}: cleaning kept none of the {cleaned.n_raw} responses. Rule {rule} "
        f"excluded most, {int(top['excluded'])} of {cleaned.n_raw} ({top['reason']}), e.g. response "
        f"{example['response_id']}: {example['detail']}"
        + (f"; the others: {others}" if others else "")
        + f". Check cleaning.{RULE_SETTINGS[rule]} in {config.config_path or 'the survey config'} and "
        f"the answers that rule reads; nothing was written"
    )
