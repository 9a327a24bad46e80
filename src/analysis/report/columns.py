"""The columns of the published tables: a header and a meaning in the catalogue, and a kind.

The kind says how a value is shown: ``text``, ``count`` (a whole number), ``decimal`` (2 decimals),
``p`` (a p-value: 3 decimals, ``<0.001`` below), ``share`` (a proportion, shown as %) or ``flag``
(yes/no). The machine-readable downloads list the English meanings in their README; the partner
edition (:mod:`analysis.report.editions`) shows headers and meanings in its language.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.errors import ConfigError
from analysis.report.i18n import N_

__all__ = ["COLUMNS", "PREFIXES", "SHARE_POINT", "Column", "Kind", "column_of"]

Kind = str  # "text", "count", "decimal", "p", "share", "flag"


@dataclass(frozen=True)
class Column:
    """How a published column is shown: its header, its meaning (catalogue messages), its kind."""

    header: str
    meaning: str
    kind: Kind


def _c(header: str, meaning: str, kind: Kind) -> Column:
    return Column(header, meaning, kind)


#: Every column of the published tables (``share_<c>``: :func:`column_of`).
COLUMNS: dict[str, Column] = {
    "scope": _c(N_("Breakdown"), N_("overall, or the profile field the groups come from"), "text"),
    "group": _c(N_("Group code"), N_("the group's answer code (all: every respondent)"), "text"),
    "group_label": _c(N_("Group"), N_("the group's label"), "text"),
    "group_a": _c(N_("Group A code"), N_("the first group of the pair"), "text"),
    "group_a_label": _c(N_("Group A"), N_("the first group's label"), "text"),
    "group_b": _c(N_("Group B code"), N_("the second group of the pair"), "text"),
    "group_b_label": _c(N_("Group B"), N_("the second group's label"), "text"),
    "skill_id": _c(N_("Skill code"), N_("the skill's identifier"), "text"),
    "skill_label": _c(N_("Skill"), N_("the skill's label"), "text"),
    "skill_group": _c(N_("Skill group"), N_("the group of skills of the catalogue"), "text"),
    "dimension": _c(N_("Dimension"), N_("importance or proficiency"), "text"),
    "n": _c(N_("Respondents"), N_("respondents the row rests on"), "count"),
    "n_a": _c(N_("Respondents A"), N_("respondents of group A in the test"), "count"),
    "n_b": _c(N_("Respondents B"), N_("respondents of group B in the test"), "count"),
    "importance_mean": _c(N_("Mean importance"), N_("mean importance rating"), "decimal"),
    "proficiency_mean": _c(N_("Mean proficiency"), N_("mean proficiency rating"), "decimal"),
    "discrepancy_mean": _c(N_("Mean gap"), N_("mean of importance minus proficiency"), "decimal"),
    "mwds": _c(N_("MWDS"), N_("mean weighted discrepancy score: mean gap times mean importance"), "decimal"),
    "rank": _c(N_("Rank"), N_("1 = first (greatest need, or best candidate)"), "count"),
    "suppressed": _c(N_("Suppressed"), N_("yes: values blanked by disclosure control"), "flag"),
    "positive_gap_share": _c(N_("Share with a gap"),
                             N_("share of respondents whose importance exceeds their proficiency"), "share"),
    "mean_positive_gap": _c(N_("Mean positive gap"), N_("mean gap of the respondents with a gap"), "decimal"),
    "ipa_quadrant": _c(N_("IPA quadrant"), N_("Importance-Performance Analysis quadrant"), "text"),
    "lff_quadrant": _c(N_("Locus for Focus quadrant"), N_("Locus for Focus quadrant"), "text"),
    "ipa_importance_cross": _c(N_("IPA importance split"), N_("where the IPA quadrants split on importance"),
                               "decimal"),
    "ipa_proficiency_cross": _c(N_("IPA proficiency split"),
                                N_("where the IPA quadrants split on proficiency"), "decimal"),
    "lff_importance_cross": _c(N_("Locus for Focus importance split"),
                               N_("where the Locus for Focus quadrants split on importance"), "decimal"),
    "lff_discrepancy_cross": _c(N_("Locus for Focus gap split"),
                                N_("where the Locus for Focus quadrants split on the gap"), "decimal"),
    "mwds_ci_low": _c(N_("MWDS 95% CI low"), N_("lower end of the 95% confidence interval of the MWDS"),
                      "decimal"),
    "mwds_ci_high": _c(N_("MWDS 95% CI high"), N_("upper end of the 95% confidence interval of the MWDS"),
                       "decimal"),
    "mean": _c(N_("Mean"), N_("mean rating"), "decimal"),
    "ci_low": _c(N_("95% CI low"), N_("lower end of the 95% confidence interval"), "decimal"),
    "ci_high": _c(N_("95% CI high"), N_("upper end of the 95% confidence interval"), "decimal"),
    "median": _c(N_("Median"), N_("median rating"), "decimal"),
    "top2": _c(N_("Top two"), N_("share of the two highest scale points"), "share"),
    "statistic": _c(N_("Test statistic"), N_("the test's statistic (Wilcoxon W+, Kruskal-Wallis H)"),
                    "decimal"),
    "p_value": _c(N_("p"), N_("p-value of the test"), "p"),
    "p_holm": _c(N_("Holm-adjusted p"), N_("p-value adjusted with Holm's procedure"), "p"),
    "effect_r": _c(N_("Effect size r"), N_("effect size r = z / square root of n"), "decimal"),
    "median_gap": _c(N_("Median gap"), N_("median of importance minus proficiency"), "decimal"),
    "significant": _c(N_("Significant"), N_("yes: adjusted p below the significance level"), "flag"),
    "k_groups": _c(N_("Groups"), N_("groups compared"), "count"),
    "epsilon_squared": _c(N_("Effect size epsilon squared"), N_("effect size epsilon squared = H / (n - 1)"),
                          "decimal"),
    "mean_rank_a": _c(N_("Mean rank A"), N_("mean rank of group A's gaps"), "decimal"),
    "mean_rank_b": _c(N_("Mean rank B"), N_("mean rank of group B's gaps"), "decimal"),
    "z": _c(N_("z"), N_("Dunn's z: positive when group B has the larger gaps"), "decimal"),
    "B": _c(N_("Bootstrap resamples"), N_("resamples of the bootstrap"), "count"),
    "covariance": _c(N_("Covariance"), N_("how the rank sets account for the skills' dependence"), "text"),
    "flagged": _c(N_("Flagged"),
                  N_("yes: too few respondents rated it to rank it (only its n is given)"), "flag"),
    "in_top_k_set": _c(N_("In the top set"),
                       N_("yes: at 95 percent confidence the skill is among the k greatest needs"), "flag"),
    "level": _c(N_("Confidence level"), N_("confidence level of the rank sets"), "share"),
    "marginal_rank_low": _c(N_("Rank set low"), N_("best rank of the marginal 95% rank set"), "count"),
    "marginal_rank_high": _c(N_("Rank set high"), N_("worst rank of the marginal 95% rank set"), "count"),
    "simultaneous_rank_low": _c(N_("Simultaneous rank set low"),
                                N_("best rank of the simultaneous 95% rank set"), "count"),
    "simultaneous_rank_high": _c(N_("Simultaneous rank set high"),
                                 N_("worst rank of the simultaneous 95% rank set"), "count"),
    "median_rank": _c(N_("Median rank"), N_("median rank over the resamples"), "decimal"),
    "p_top_k": _c(N_("Chance in top k"), N_("share of resamples with the skill in the top k"), "share"),
    "rank_low": _c(N_("Rank interval low"), N_("lower end of the rank's interval"), "count"),
    "rank_high": _c(N_("Rank interval high"), N_("upper end of the rank's interval"), "count"),
    "top_k": _c(N_("Top k"), N_("how many first ranks count as the top"), "count"),
    "chi2": _c(N_("Chi squared"), N_("chi-squared statistic of Kendall's W"), "decimal"),
    "df": _c(N_("Degrees of freedom"), N_("degrees of freedom of the test"), "count"),
    "n_skills": _c(N_("Skills"), N_("skills compared"), "count"),
    "w": _c(N_("Kendall's W"), N_("agreement of the groups' rankings (0 none, 1 full)"), "decimal"),
    "rho": _c(N_("Spearman's rho"), N_("correlation of the two groups' rankings"), "decimal"),
    "microcredential_id": _c(N_("Micro-credential code"), N_("the candidate's identifier"), "text"),
    "title": _c(N_("Micro-credential"), N_("the candidate's title"), "text"),
    "method": _c(N_("Method"), N_("how the criteria are combined"), "text"),
    "stability": _c(N_("Stability"), N_("how stable the rank is"), "text"),
    "element": _c(N_("Element"), N_("the Annex I element (learner, title, awarding body, ...)"), "text"),
    "annex_element": _c(N_("Annex I element"),
                        N_("the element in the words of the Council Recommendation (2022/C 243/02)"), "text"),
    "field": _c(N_("Catalogue field"),
                N_("the field of the catalogue the design gives it in (empty: set at issue)"), "text"),
    "status": _c(N_("Status"), N_("filled, missing (still to decide) or set at issue"), "text"),
    "to_decide": _c(N_("To decide"), N_("what the design must still decide"), "text"),
    "survey": _c(N_("Survey"), N_("the survey that ranks the candidate"), "text"),
    "survey_a": _c(N_("First survey"), N_("the first survey of the pair"), "text"),
    "survey_b": _c(N_("Second survey"), N_("the second survey of the pair"), "text"),
    "k_candidates": _c(N_("Candidates ranked"), N_("candidates the survey ranks"), "count"),
    "n_candidates": _c(N_("Shared candidates"), N_("candidates both surveys rank"), "count"),
    "score": _c(N_("Score"), N_("the candidate's combined score"), "decimal"),
    "expected_rank": _c(N_("Expected rank"), N_("mean rank over the drawn weights"), "decimal"),
    "modal_rank": _c(N_("Most frequent rank"), N_("the rank taken most often"), "count"),
    "modal_acceptability": _c(N_("Share at the most frequent rank"),
                              N_("share of draws at the most frequent rank"), "share"),
    "p_first": _c(N_("Chance first"), N_("share of draws ranking the candidate first"), "share"),
    "share": _c(N_("Share"), N_("share of draws or respondents"), "share"),
    "answered": _c(N_("Answered"), N_("respondents with a rating"), "count"),
    "dont_know": _c(N_("Don't know"), N_("respondents answering don't know"), "count"),
    "not_applicable": _c(N_("Not applicable"), N_("respondents answering not applicable"), "count"),
    "no_answer": _c(N_("No answer"), N_("respondents who left the item empty"), "count"),
    "not_shown": _c(N_("Not shown"), N_("respondents the item was not shown to"), "count"),
    "missing_share": _c(N_("Share missing"), N_("share of respondents without a rating"), "share"),
    "step": _c(N_("Step"), N_("raw, a cleaning rule, or kept"), "text"),
    "description": _c(N_("Description"), N_("what the step does"), "text"),
    "suppressed_reason": _c(N_("Suppression"), N_("primary or secondary suppression"), "text"),
    "partner": _c(N_("Partner code"), N_("the partner's code"), "text"),
    "partner_label": _c(N_("Partner"), N_("the partner's name"), "text"),
    "theme": _c(N_("Theme code"), N_("the theme's identifier (skill:<id>: the theme of a skill)"), "text"),
    "theme_label": _c(N_("Theme"), N_("the theme's label"), "text"),
    "source": _c(N_("Source"), N_("open_answer: the open answers; interview: the interview notes"), "text"),
    "mentions": _c(N_("Mentions"), N_("respondents or interviews whose text is coded with the theme"),
                   "count"),
    "base": _c(N_("Base"), N_("respondents or interviews with any text in the group"), "count"),
    "row": _c(N_("Row code"), N_("the row's group code ((total): the total)"), "text"),
    "row_label": _c(N_("Row"), N_("the row's group"), "text"),
    "column": _c(N_("Column code"), N_("the column's group code ((total): the total)"), "text"),
    "column_label": _c(N_("Column"), N_("the column's group"), "text"),
}
for _criterion in ("need", "demand", "breadth", "transferability", "agreement"):
    _word = {"need": N_("need"), "demand": N_("demand"), "breadth": N_("breadth"),
             "transferability": N_("transferability"), "agreement": N_("agreement")}[_criterion]
    COLUMNS[_criterion] = _c(_word, N_("the criterion's raw value"), "decimal")
    COLUMNS[f"norm_{_criterion}"] = _c(_word, N_("the criterion scaled to 0-1"), "decimal")
    COLUMNS[f"central_weight_{_criterion}"] = _c(_word, N_("central weight of the criterion"), "share")
PREFIXES = {"norm_": N_("{criterion} (scaled)"), "central_weight_": N_("{criterion} (central weight)")}
SHARE_POINT = (N_("Share rating {point}"), N_("share of the ratings equal to {point}"))

def column_of(name: str) -> Column:
    """The :class:`Column` of a published column (``share_3``: share of the ratings equal to 3).

    Raises
    ------
    ConfigError
        For a column no catalogue message describes.
    """
    if name in COLUMNS:
        return COLUMNS[name]
    if name.startswith("share_") and name[6:].isdigit():
        return Column(*SHARE_POINT, "share")
    raise ConfigError(
        f"published column {name!r} has no header in analysis.report.columns.COLUMNS; add it with its "
        "meaning and kind"
    )
