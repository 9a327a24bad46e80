"""Crossed groups (``analysis.cross``): the groups of two or more profile fields at once.

A crossed scope is one more column of the respondents (e.g. ``sector:country``) whose codes are
the fields' codes joined by ``:`` (R's interaction notation, ``interaction(sector, country,
sep = ":")``), so that :func:`analysis.stats.needs.needs_table` computes its groups as it does
any profile field's. A respondent missing any of the fields is in no crossed group.

Examples
--------
>>> import pandas as pd
>>> respondents = pd.DataFrame({"sector": ["CONST", "AGRI", None], "country": ["BG", "IT", "BG"]})
>>> cross_scope(["sector", "country"])
'sector:country'
>>> crossed_codes(respondents, ["sector", "country"]).tolist()
['CONST:BG', 'AGRI:IT', None]
>>> labels = {"sector": {"CONST": "Construction"}, "country": {"BG": "Bulgaria", "IT": "Italy"}}
>>> crossed_labels(labels, ["sector", "country"])["CONST:BG"]
'Construction · Bulgaria'
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = [
    "CODE_SEPARATOR", "LABEL_SEPARATOR", "cross_scope", "crossed_codes", "crossed_labels",
    "with_crossed_columns", "with_crossed_labels",
]

#: Joins the fields of a crossed scope and the codes of a crossed group.
CODE_SEPARATOR = ":"
#: Joins the labels of a crossed group (``Construction · Bulgaria``).
LABEL_SEPARATOR = " · "


def cross_scope(fields: Sequence[str]) -> str:
    """The scope name of crossed ``fields``: the fields joined by ``:`` (``sector:country``)."""
    return CODE_SEPARATOR.join(fields)


def crossed_codes(respondents: pd.DataFrame, fields: Sequence[str]) -> pd.Series:
    """Each respondent's crossed group: the fields' codes joined by ``:``.

    Parameters
    ----------
    respondents
        One row per respondent with the profile ``fields`` as answer codes.
    fields
        Two or more profile fields.

    Returns
    -------
    Series
        Object dtype, indexed as ``respondents``, named :func:`cross_scope`; None where any of the
        fields is missing (or empty text).
    """
    parts = [respondents[field].astype(object) for field in fields]
    present = pd.Series(True, index=respondents.index)
    for part in parts:
        present &= part.notna() & (part.astype(str) != "")
    joined = pd.Series(
        [CODE_SEPARATOR.join(str(code) for code in codes) for codes in zip(*parts, strict=True)],
        index=respondents.index, dtype=object,
    )
    return joined.where(present, None).rename(cross_scope(fields))


def crossed_labels(
    group_labels: Mapping[str, Mapping[str, str]], fields: Sequence[str]
) -> dict[str, str]:
    """Crossed code -> label (the fields' labels joined by `` · ``) for every labelled combination.

    A code without a label is shown as itself in its place.
    """
    names = [dict(group_labels.get(field, {})) for field in fields]
    return {
        CODE_SEPARATOR.join(codes): LABEL_SEPARATOR.join(
            str(names[k].get(code, code)) for k, code in enumerate(codes)
        )
        for codes in itertools.product(*(list(n) for n in names))
    }


def with_crossed_columns(respondents: pd.DataFrame, crosses: Sequence[Sequence[str]]) -> pd.DataFrame:
    """``respondents`` with one column per crossed scope (:func:`crossed_codes`); a copy."""
    out = respondents.copy()
    for fields in crosses:
        out[cross_scope(fields)] = crossed_codes(respondents, fields)
    return out


def with_crossed_labels(
    group_labels: Mapping[str, Mapping[str, str]], crosses: Sequence[Sequence[str]]
) -> dict[str, dict[str, str]]:
    """``group_labels`` (field -> code -> label) with the labels of each crossed scope added."""
    out = {field: dict(labels) for field, labels in group_labels.items()}
    for fields in crosses:
        out[cross_scope(fields)] = crossed_labels(group_labels, fields)
    return out
