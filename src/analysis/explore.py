"""Exploring a survey: any subgroup on the fly, labelled tables and charts, for JupyterLab.

``open_survey`` reads a survey's processed folder once (through :mod:`analysis.store`) and gives a
:class:`Survey`: the kept respondents with their analysis weights and, for a raked sample, the
survey design, as R's ``srvyr`` design object carries them. ``where`` narrows it to any
combination of profile fields; ``needs``, ``describe`` and ``compare`` compute on the narrowed
survey with the very functions ``skillsneeds analyze`` uses (:func:`analysis.stats.needs_table`,
:func:`~analysis.stats.descriptives.describe`, the bootstrap, the gap and group tests), so a number
here is the number the report would give. A subgroup is a *domain* of the whole design (as
``svymean(~x, subset(design, ...))``): its intervals account for its random size.

>>> from analysis import open_survey                                  # doctest: +SKIP
>>> s = open_survey("sector")                                         # doctest: +SKIP
>>> s.where(country="BG", sector="CONST", respondent_type="EMPHR").needs()  # doctest: +SKIP

Nothing is written: ``results/`` stays what the pipeline published. Labels come from the
codebook in the language chosen; values keep full precision and the tables only *display* rounded.
Skills rated by fewer than ``analysis.min_group_n`` respondents of the subgroup are flagged
``too_small`` and left blank, as the report leaves them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import store
from analysis.config import SurveyConfig, discover_surveys, load_survey_config
from analysis.errors import ConfigError, InputError
from analysis.stats.descriptives import describe as describe_ratings
from analysis.stats.design import RakedDesign
from analysis.stats.gaps import gap_tests
from analysis.stats.groups import group_differences
from analysis.stats.needs import discrepancies, needs_table
from analysis.stats.results import rating_scale, survey_weights
from analysis.stats.uncertainty import bootstrap_ranks_by

__all__ = ["Survey", "Table", "open_survey"]

#: The column that marks the respondents inside the current subgroup (a domain of the design).
_INSIDE = "_inside"
_IN, _OUT = "in", "out"

#: Display headers of the tables' columns (the data keep their names).
HEADERS: dict[str, str] = {
    "skill_label": "Skill", "group_label": "Group", "rated": "Rated", "n": "n",
    "importance_mean": "Importance", "proficiency_mean": "Proficiency", "discrepancy_mean": "Gap",
    "mwds": "MWDS", "mwds_ci_low": "MWDS 95% CI low", "mwds_ci_high": "MWDS 95% CI high",
    "rank": "Rank", "rank_low": "Rank CI low", "rank_high": "Rank CI high",
    "simultaneous_rank_low": "Rank set low", "simultaneous_rank_high": "Rank set high",
    "p_top_k": "P(top k)", "gap_p_holm": "Gap p (Holm)", "gap_effect_r": "Gap r",
    "ipa_quadrant": "IPA quadrant", "too_small": "Too few", "mean": "Mean", "ci_low": "95% CI low",
    "ci_high": "95% CI high", "median": "Median", "top2": "Top-2 share", "p_holm": "p (Holm)",
    "epsilon_squared": "ε²", "significant": "Differs",
}
#: Columns shown as p-values, as counts, as shares (display only).
_P_VALUES = {"gap_p_holm", "p_holm", "p_value"}
_COUNTS = {"n", "rank", "rank_low", "rank_high", "simultaneous_rank_low", "simultaneous_rank_high",
           "k_groups", "top_k"}
_SHARES = {"p_top_k", "top2"}


class Table(pd.DataFrame):
    """A DataFrame of full-precision results that displays labelled and rounded.

    Slicing, ``to_csv`` and arithmetic see the exact values; only the notebook display (and
    ``print``) rounds: two decimals, counts whole, p-values as ``< 0.001``, shares as percentages,
    missing as ``—``; identifier columns (``skill_id``, ``scope``, codes) are hidden. ``caption``
    says which respondents the table describes and what was left out.
    """

    _metadata = ["caption", "hidden"]

    @property
    def _constructor(self) -> Callable[..., Table]:
        return Table

    def _display(self) -> pd.DataFrame:
        hidden = set(getattr(self, "hidden", ()) or ())
        shown = pd.DataFrame(self[[c for c in self.columns if c not in hidden]])
        out = pd.DataFrame(index=shown.index)
        for column in shown.columns:
            out[HEADERS.get(str(column), str(column))] = [
                _shown(column, value) for value in shown[column]
            ]
        return out.reset_index(drop=True)

    def _repr_html_(self) -> str:  # noqa: D401 - IPython display hook
        caption = getattr(self, "caption", "") or ""
        styler = self._display().style.hide(axis="index")
        if caption:
            styler = styler.set_caption(caption)
        return styler.to_html()

    def __repr__(self) -> str:
        caption = getattr(self, "caption", "") or ""
        text = self._display().to_string(index=False)
        return f"{caption}\n{text}" if caption else text


def _shown(column: object, value: object) -> str:
    """One value as the table displays it (see :class:`Table`), with the report's formats."""
    from analysis.report.render import DASH, fmt, fmt_int, fmt_p, fmt_pct, is_missing

    if value is None or is_missing(value):
        return DASH
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, float, np.integer, np.floating)):
        if column in _P_VALUES:
            return fmt_p(value)
        if column in _SHARES:
            return fmt_pct(value, 0)
        return fmt_int(value) if column in _COUNTS else fmt(value)
    return str(value)


@dataclass(frozen=True)
class _Data:
    """What a survey's processed folder holds, read once and shared by its subgroups."""

    config: SurveyConfig
    language: str
    respondents: pd.DataFrame
    ratings: pd.DataFrame
    skills: pd.DataFrame
    design: RakedDesign | None
    skill_labels: dict[str, str]
    group_labels: dict[str, dict[str, str]]
    scale: tuple[int, int]
    pairs: pd.DataFrame = field(repr=False)
    #: tables already computed, by (what, filters): a subgroup's tables never change
    cache: dict[tuple[object, ...], Table] = field(default_factory=dict, repr=False)


def open_survey(survey: str | Path, *, root: str | Path | None = None, language: str = "en") -> Survey:
    """A survey's cleaned data, weighted, ready to explore.

    Parameters
    ----------
    survey
        A survey's name (``config/surveys/<name>.yml`` of the project) or the path of its config.
    root
        The project folder; None: the current folder or the nearest parent with
        ``config/surveys/<name>.yml`` (so a notebook in ``notebooks/`` finds it).
    language
        Language of the skill and group labels (the codebook's texts; the base language where a
        text is missing).

    Raises
    ------
    ConfigError
        No such survey (the message lists the surveys of the project), or its config is invalid.
    InputError
        The survey has not been cleaned yet (the message names the command to run).
    """
    config = load_survey_config(_config_path(survey, root))
    try:
        store.require(config, store.folder(config) / store.RATINGS)
    except FileNotFoundError as error:
        raise InputError(str(error)) from None
    respondents, weighting = survey_weights(store.read_respondents(config), config.weights)
    ratings = store.read_ratings(config)
    skills = store.read_skills(config)
    design = (
        RakedDesign.from_respondents(respondents, list(config.weights.margins))
        if weighting["weighted"] else None
    )
    skill_labels, group_labels = _labels(config, language)
    data = _Data(
        config=config, language=language, respondents=respondents, ratings=ratings, skills=skills,
        design=design, skill_labels=skill_labels, group_labels=group_labels,
        scale=rating_scale(ratings), pairs=discrepancies(ratings, respondents),
    )
    return Survey(data, {})


def _config_path(survey: str | Path, root: str | Path | None) -> Path:
    """The config file of ``survey`` (a name or a path), see :func:`open_survey`."""
    given = Path(survey)
    if given.suffix in (".yml", ".yaml"):
        path = given if root is None or given.is_absolute() else Path(root) / given
        if not path.is_file():
            raise ConfigError(f"{path}: no such survey config file")
        return path
    starts = [Path(root)] if root is not None else [Path.cwd(), *Path.cwd().parents]
    for folder in starts:
        path = folder / "config" / "surveys" / f"{survey}.yml"
        if path.is_file():
            return path
    folder = starts[0]
    names = [p.stem for p in discover_surveys(folder)] or [
        p.stem for start in starts for p in discover_surveys(start)
    ]
    known = ", ".join(sorted(set(names))) or "none found"
    raise ConfigError(
        f"no survey {str(survey)!r} under {folder.resolve()}/config/surveys/ or its parents; "
        f"surveys: {known}"
    )


def _labels(config: SurveyConfig, language: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Skill labels and group labels in ``language`` (as the report shows them)."""
    from analysis.report.assemble import table_labels

    return table_labels(config, language)


class Survey:
    """A survey, or a subgroup of it, with its weights and design.

    Made by :func:`open_survey`; :meth:`where` gives a subgroup. Every method computes on the
    subgroup as a domain of the whole survey's design.
    """

    def __init__(self, data: _Data, filters: Mapping[str, tuple[str, ...]]) -> None:
        self._data = data
        self.filters: dict[str, tuple[str, ...]] = dict(filters)
        self.plot = _Plots(self)

    # -- who is in -------------------------------------------------------------------------------
    @property
    def config(self) -> SurveyConfig:
        """The survey's config."""
        return self._data.config

    @property
    def name(self) -> str:
        """The survey's name."""
        return self._data.config.name

    @property
    def language(self) -> str:
        """The language of the labels."""
        return self._data.language

    @property
    def min_group_n(self) -> int:
        """The smallest number of respondents a statistic is shown for (``analysis.min_group_n``)."""
        return self._data.config.analysis.min_group_n

    @cached_property
    def inside(self) -> pd.Series:
        """True for each kept respondent (``respondent_id`` index) inside this subgroup."""
        people = self._data.respondents.set_index("respondent_id")
        mask = pd.Series(True, index=people.index)
        for name, codes in self.filters.items():
            mask &= people[name].astype("string").isin(codes).fillna(False).astype(bool)
        return mask

    @property
    def respondents(self) -> pd.DataFrame:
        """The subgroup's respondents with their analysis ``weight``."""
        return self._data.respondents[self.inside.to_numpy()].reset_index(drop=True)

    @property
    def n(self) -> int:
        """The number of respondents in the subgroup."""
        return int(self.inside.sum())

    @property
    def label(self) -> str:
        """Who the subgroup is, in words: "Construction · Bulgaria · ..." or "All respondents"."""
        if not self.filters:
            return "All respondents"
        parts = []
        for name, codes in self.filters.items():
            names = self._data.group_labels.get(name, {})
            parts.append(" or ".join(names.get(code, code) for code in codes))
        return " · ".join(parts)

    def __repr__(self) -> str:
        return f"<Survey {self.name}: {self.label}, n = {self.n}>"

    def fields(self) -> list[str]:
        """The profile fields :meth:`where` and :meth:`compare` accept."""
        return [c for c in self._data.group_labels if c in self._data.respondents.columns]

    def values(self, name: str) -> dict[str, str]:
        """The codes of profile field ``name`` in the data, with their labels."""
        self._check_field(name)
        present = self._data.respondents[name].dropna().astype(str)
        labels = self._data.group_labels.get(name, {})
        return {code: labels.get(code, code) for code in sorted(present.unique())}

    def _check_field(self, name: str) -> None:
        if name not in self._data.respondents.columns or name in ("respondent_id", "weight"):
            raise ConfigError(
                f"{self.name}: no profile field {name!r}; fields: {', '.join(self.fields())}"
            )

    def where(self, **fields: str | Iterable[str]) -> Survey:
        """The respondents with these profile values (fields crossed; a list: any of its values).

        Values are answer codes (``"BG"``) or their labels (``"Bulgaria"``). Filters add to those
        already set: ``s.where(sector="CONST").where(country="BG")`` is both.

        Raises
        ------
        ConfigError
            A field the respondents do not have, or a value no respondent has (the message lists
            the values that exist), or a combination that leaves nobody.
        """
        filters = dict(self.filters)
        for name, wanted in fields.items():
            self._check_field(name)
            values = [wanted] if isinstance(wanted, str) or not isinstance(wanted, Iterable) else list(wanted)
            existing = self.values(name)
            by_label = {label.casefold(): code for code, label in existing.items()}
            codes = []
            for value in values:
                text = str(value)
                code = text if text in existing else by_label.get(text.casefold())
                if code is None:
                    listed = ", ".join(f"{c} ({label})" if label != c else c for c, label in existing.items())
                    raise ConfigError(
                        f"{self.name}: no respondent has {name} = {text!r}; values of {name}: {listed}"
                    )
                codes.append(code)
            kept = tuple(codes) if name not in filters else tuple(c for c in filters[name] if c in codes)
            filters[name] = kept
        narrowed = Survey(self._data, filters)
        if narrowed.n == 0:
            asked = ", ".join(f"{k} = {' or '.join(v) or '(none)'}" for k, v in filters.items())
            raise ConfigError(f"{self.name}: no respondent has {asked}")
        return narrowed

    # -- statistics ------------------------------------------------------------------------------
    def _respondents_marked(self, by: str | None = None) -> pd.DataFrame:
        """All respondents, :data:`_INSIDE` marking the subgroup (or its groups of field ``by``)."""
        people = self._data.respondents.copy()
        inside = self.inside.to_numpy()
        if by is None:
            people[_INSIDE] = np.where(inside, _IN, _OUT)
        else:
            codes = people[by].astype("string")
            people[_INSIDE] = np.where(inside & codes.notna().to_numpy(), codes.fillna(_OUT), _OUT)
        return people

    def _domain(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of a table computed with ``by=(_INSIDE,)`` that describe the subgroup."""
        if not self.filters:
            return frame[frame["scope"] == "overall"]
        return frame[(frame["scope"] == _INSIDE) & (frame["group"].astype(str) == _IN)]

    def _by(self) -> tuple[str, ...]:
        return (_INSIDE,) if self.filters else ()

    def _cached(self, what: tuple[object, ...], compute: Callable[[], Table]) -> Table:
        """``compute()`` once per subgroup and question; a copy each time (callers may change it)."""
        key = (*what, tuple(sorted(self.filters.items())))
        if key not in self._data.cache:
            self._data.cache[key] = compute()
        table = self._data.cache[key]
        copy = table.copy()
        copy.caption, copy.hidden = table.caption, table.hidden
        return copy

    def needs(self) -> Table:
        """Training needs of the subgroup, one row per skill, greatest need first.

        Borich MWDS with its design-based 95% interval, mean importance, proficiency and gap,
        rank, the bootstrap rank interval, the simultaneous rank confidence set, P(top k), the
        Wilcoxon test of the gap (Holm) and the IPA quadrant; as ``skillsneeds analyze`` computes
        them for a group (config ``analysis`` and ``weights``). Skills with fewer than
        ``min_group_n`` respondents are ``too_small`` and blank.
        """
        return self._cached(("needs",), self._needs)

    def _needs(self) -> Table:
        data, settings = self._data, self._data.config.analysis
        people = self._respondents_marked()
        table = needs_table(
            data.ratings, people, data.skills, by=self._by(), min_group_n=settings.min_group_n,
            weight="weight", crosshair=settings.crosshair, scale=data.scale, design=data.design,
        )
        needs = self._domain(table).copy()
        boot = settings.bootstrap
        strata = settings.bootstrap_strata
        ranks = self._domain(bootstrap_ranks_by(
            data.pairs, people, self._by(), strata=strata, B=boot.B, seed=boot.seed,
            top_k=boot.top_k, weight="weight", min_group_n=settings.min_group_n,
            analytic_n=boot.analytic_n, set_B=boot.set_B,
        ))
        rank_columns = [c for c in ("rank_low", "rank_high", "simultaneous_rank_low",
                                    "simultaneous_rank_high", "p_top_k") if c in ranks.columns]
        needs = needs.merge(ranks[["skill_id", *rank_columns]], on="skill_id", how="left")
        groups = people.set_index("respondent_id")[_INSIDE]
        gaps = gap_tests(
            data.pairs, groups if self.filters else None, _INSIDE if self.filters else "overall",
            alpha=settings.alpha, min_group_n=settings.min_group_n,
        )
        gaps = self._domain(gaps)[["skill_id", "p_holm", "effect_r"]].rename(
            columns={"p_holm": "gap_p_holm", "effect_r": "gap_effect_r"}
        )
        needs = needs.merge(gaps, on="skill_id", how="left")
        needs["skill_label"] = needs["skill_id"].map(data.skill_labels).fillna(needs["skill_label"])
        needs["too_small"] = needs["suppressed"].astype(bool)
        columns = [
            "skill_id", "skill_label", "n", "importance_mean", "proficiency_mean", "discrepancy_mean",
            "mwds", "mwds_ci_low", "mwds_ci_high", "rank", *rank_columns, "gap_p_holm",
            "gap_effect_r", "ipa_quadrant", "too_small",
            "ipa_importance_cross", "ipa_proficiency_cross", "lff_importance_cross",
            "lff_discrepancy_cross", "lff_quadrant", "skill_group",
        ]
        out = Table(needs[columns].sort_values(["too_small", "rank", "skill_id"]).reset_index(drop=True))
        out["rank"] = out["rank"].astype("Int64")
        out.hidden = ("skill_id", "ipa_importance_cross", "ipa_proficiency_cross",
                      "lff_importance_cross", "lff_discrepancy_cross", "lff_quadrant", "skill_group")
        out.caption = self._caption(
            f"Training needs (k = {boot.top_k} for P(top k))", int(out["too_small"].sum()), "skills"
        )
        return out

    def describe(self) -> Table:
        """Weighted descriptives of the subgroup per skill and rating: n, mean with its design-based
        95% interval, median, top-2 share (shares of each scale point kept in ``share_<c>``)."""
        return self._cached(("describe",), self._describe)

    def _describe(self) -> Table:
        data = self._data
        table = describe_ratings(
            data.ratings, self._respondents_marked(), by=self._by(), weight="weight",
            scale=data.scale, design=data.design,
        )
        rows = self._domain(table).copy()
        rows.insert(rows.columns.get_loc("skill_id") + 1, "skill_label",
                    rows["skill_id"].map(data.skill_labels))
        tr_ = _translator(self.language)
        words = {"importance": tr_("Importance"), "proficiency": tr_("Proficiency")}
        rows.insert(rows.columns.get_loc("dimension") + 1, "rated", rows["dimension"].map(words))
        small = rows["n"] < self.min_group_n
        statistics = [c for c in rows.columns if c in ("mean", "ci_low", "ci_high", "median", "top2")
                      or str(c).startswith("share_")]
        rows.loc[small, statistics] = np.nan
        rows["too_small"] = small
        out = Table(rows.drop(columns=["scope", "group"]).reset_index(drop=True))
        out.hidden = ("skill_id", "dimension", *[c for c in out.columns if str(c).startswith("share_")])
        out.caption = self._caption("Ratings", int(small.sum()), "ratings")
        return out

    def compare(self, by: str, *, within: Mapping[str, str | Iterable[str]] | None = None) -> Table:
        """The groups of profile field ``by`` side by side, inside this subgroup (and ``within``).

        One row per skill: each group's MWDS (a column per group, by its label), the
        Kruskal-Wallis test of the gap across the groups (Holm over the skills, ε²); the skills
        that differ most first, then by their mean MWDS over the groups. A group with
        fewer than ``min_group_n`` respondents is not computed: it is named in the caption.
        """
        scope = self.where(**within) if within else self
        scope._check_field(by)
        data, settings = scope._data, scope._data.config.analysis
        people = scope._respondents_marked(by)
        counts = people.loc[people[_INSIDE] != _OUT, _INSIDE].value_counts()
        labels = data.group_labels.get(by, {})
        small = sorted(code for code, count in counts.items() if count < settings.min_group_n)
        needs = needs_table(
            data.ratings, people, data.skills, by=(_INSIDE,), min_group_n=settings.min_group_n,
            weight="weight", crosshair=settings.crosshair, scale=data.scale, design=data.design,
        )
        needs = needs[(needs["scope"] == _INSIDE) & (needs["group"] != _OUT) & ~needs["group"].isin(small)]
        wide = needs.pivot(index="skill_id", columns="group", values="mwds")
        wide.columns = [labels.get(str(code), str(code)) for code in wide.columns]
        groups = people.set_index("respondent_id")[_INSIDE]
        groups = groups[(groups != _OUT) & ~groups.isin(small)]
        tests = group_differences(
            data.pairs[data.pairs["respondent_id"].isin(groups.index)], groups, by,
            min_group_n=settings.min_group_n, alpha=settings.alpha,
        )[["skill_id", "p_holm", "epsilon_squared", "significant"]]
        out = wide.reset_index().merge(tests, on="skill_id", how="left")
        out.insert(1, "skill_label", out["skill_id"].map(data.skill_labels))
        out["_mean"] = out[list(wide.columns)].mean(axis=1)
        out = out.sort_values(
            ["p_holm", "_mean", "skill_id"], ascending=[True, False, True], na_position="last"
        )
        out = Table(out.drop(columns="_mean").reset_index(drop=True))
        out.hidden = ("skill_id",)
        named = ", ".join(f"{labels.get(code, code)} (n = {int(counts[code])})" for code in small)
        caption = f"MWDS by {by} · {scope.label} · n = {scope.n}"
        if named:
            caption += f" · fewer than {settings.min_group_n} respondents, not computed: {named}"
        out.caption = caption
        return out

    def _caption(self, what: str, small: int, unit: str) -> str:
        caption = f"{what} · {self.name} · {self.label} · n = {self.n}"
        if self._data.design is not None:
            caption += " · weighted (raked)"
        if small:
            caption += (
                f" · {small} {unit} with fewer than {self.min_group_n} respondents: not computed"
            )
        return caption


class _Plots:
    """``survey.plot``: the report's charts of a subgroup as plotly figures."""

    def __init__(self, survey: Survey) -> None:
        self._survey = survey

    def needs(self, top: int | None = 15) -> Any:
        """Bars of the MWDS with their 95% intervals, greatest need at the top (``top`` skills)."""
        from analysis.report.charts import needs_chart, plotly_figure, shared_range, skill_group_colors

        survey = self._survey
        rows = survey.needs()
        rows = rows[~rows["too_small"]].sort_values("rank")
        if top:
            rows = rows.head(top)
        if rows.empty:
            raise InputError(_nothing_to_draw(survey))
        low, high = rows["mwds_ci_low"], rows["mwds_ci_high"]
        chart = needs_chart(
            pd.DataFrame(rows), div_id="explore-needs", title=f"Training needs: {survey.label}",
            colors=skill_group_colors(rows["skill_group"]),
            x_range=shared_range(pd.concat([rows["mwds"], low, high])),
            tr_=_translator(survey.language),
        )
        figure = plotly_figure(chart)
        figure.update_traces(error_x={
            "type": "data", "symmetric": False, "array": (high - rows["mwds"]).tolist(),
            "arrayminus": (rows["mwds"] - low).tolist(), "color": "#444", "thickness": 1.2,
        }, selector={"type": "bar"})
        return figure

    def quadrants(self, kind: str = "ipa") -> Any:
        """The skills in the IPA (``"ipa"``) or Locus-for-Focus (``"lff"``) plane."""
        from analysis.report.charts import plotly_figure
        from analysis.report.quadrants import quadrant_chart, quadrant_crosshairs

        name = {"ipa": "Importance-Performance", "lff": "Locus for Focus"}.get(kind)
        if name is None:
            raise ValueError(f"kind must be 'ipa' or 'lff', not {kind!r}")
        survey = self._survey
        rows = survey.needs()
        rows = pd.DataFrame(rows[~rows["too_small"]])
        if rows.empty:
            raise InputError(_nothing_to_draw(survey))
        chart = quadrant_chart(
            rows, kind=kind, title=f"{name}: {survey.label}", div_id=f"explore-{kind}",
            crosshair=quadrant_crosshairs(survey.name, rows)[kind], tr_=_translator(survey.language),
        )
        return plotly_figure(chart)

    def likert(self, dimension: str = "importance") -> Any:
        """Diverging stacked bars of the ratings of ``dimension`` (``importance``/``proficiency``)."""
        from analysis.report.charts import plotly_figure
        from analysis.report.likert import likert_chart

        survey = self._survey
        tr_ = _translator(survey.language)
        rows = survey.describe()
        rows = pd.DataFrame(rows[(rows["dimension"] == dimension) & ~rows["too_small"]])
        names = {"importance": tr_("Importance"), "proficiency": tr_("Proficiency")}
        if dimension not in names:
            raise ValueError(f"dimension must be 'importance' or 'proficiency', not {dimension!r}")
        points = [str(c).removeprefix("share_") for c in rows.columns if str(c).startswith("share_")]
        chart = likert_chart(
            rows, dimension_labels={dimension: names[dimension]}, scale_labels=points,
            title=f"{names[dimension]}: {survey.label}", div_id=f"explore-likert-{dimension}", tr_=tr_,
        )
        return plotly_figure(chart)


def _nothing_to_draw(survey: Survey) -> str:
    """Why a subgroup's chart cannot be drawn: every skill is under the smallest size."""
    return f"{survey.name}: no skill of {survey.label} has {survey.min_group_n} or more respondents"


def _translator(language: str) -> Callable[[str], str]:
    """The report's gettext function in ``language`` (chart and table words)."""
    from analysis.report.i18n import translator

    return translator(language).gettext
