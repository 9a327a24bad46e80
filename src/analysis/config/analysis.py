"""The ``analysis`` and ``weights`` sections: groups compared, the bootstrap, raking to margins."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from analysis.config.base import StrictModel

__all__ = ["AnalysisConfig", "BootstrapConfig", "WeightsConfig"]


class BootstrapConfig(StrictModel):
    """The stratified respondent bootstrap of the needs ranking (rank_uncertainty.csv)."""

    B: int = Field(2000, ge=100, description="resamples (at least 100)")
    seed: int = Field(20261123, ge=0, description="the same seed gives identical results")
    top_k: int = Field(5, ge=1, description="p_top_k: share of resamples with rank <= top_k")
    strata: str | None = Field(
        None, description="profile field to resample within; None: the first `by` field"
    )
    analytic_n: int = Field(
        2000, ge=2,
        description="groups of at least this many respondents are not resampled: the analytic "
        "(delta-method) covariance of the MWDS gives the rank confidence sets and B normal draws "
        "the rank intervals and p_top_k; smaller groups use the bootstrap for both",
    )
    set_B: int = Field(1000, ge=100, description="normal draws for the rank confidence sets' critical values")
    rerake: bool = Field(
        False,
        description="rake every resample again to the weights' margins (raking uncertainty in the "
        "rank intervals and sets; the analytic covariance then has the raking correction); false: "
        "the raked weights are held fixed. No effect on an unweighted survey",
    )


class AnalysisConfig(StrictModel):
    """Which groups needs are compared across, and the smallest group that is reported."""

    by: tuple[str, ...] = ()
    min_group_n: int = Field(5, ge=1)
    alpha: float = Field(0.05, gt=0, lt=1)
    bootstrap: BootstrapConfig = BootstrapConfig()
    crosshair: Literal["mean", "midpoint"] = Field(
        "mean", description="IPA / Locus-for-Focus crosshair: the skills' mean or the scale midpoint"
    )
    agreement_by: tuple[str, ...] = Field(
        (), description="profile fields whose groups' rankings are compared (Kendall's W); (): `by`"
    )
    cross: tuple[tuple[str, ...], ...] = Field(
        (), description="crossed groups in needs.csv: lists of two or more profile fields, each a "
        "scope named by the fields joined by ':' (e.g. [[sector, country]]: scope sector:country)"
    )

    @field_validator("cross")
    @classmethod
    def _two_or_more(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        for number, fields in enumerate(value):
            if len(fields) < 2 or len(set(fields)) != len(fields):
                raise ValueError(
                    f"cross[{number}] is {list(fields)}: each crossing lists two or more different "
                    f"profile fields, e.g. [[sector, country]]"
                )
        if len(set(value)) != len(value):
            raise ValueError("cross lists the same crossing twice")
        return value

    @property
    def agreement_fields(self) -> tuple[str, ...]:
        """The profile fields whose groups' needs rankings are compared (default: ``by``)."""
        return self.agreement_by or self.by

    @property
    def bootstrap_strata(self) -> str | None:
        """The profile field the bootstrap resamples within (default: the first ``by`` field)."""
        if self.bootstrap.strata is not None:
            return self.bootstrap.strata or None
        return self.by[0] if self.by else None


class WeightsConfig(StrictModel):
    """Raking to population margins (``analysis.stats.weights.rake``); no margins: unweighted."""

    margins: dict[str, dict[str, float]] = Field(
        {}, description="profile field -> {answer code: population share (or count)}; {} = unweighted"
    )
    trim: tuple[float, float] | None = Field(
        None, description="(low, high) bounds for the weights relative to their mean, e.g. [0.3, 3]"
    )
    max_iter: int = Field(1000, ge=1)
    tol: float = Field(1e-10, gt=0)

    @field_validator("margins", mode="before")
    @classmethod
    def _codes_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                str(field): (
                    {str(code): share for code, share in shares.items()}
                    if isinstance(shares, dict)
                    else shares
                )
                for field, shares in value.items()
            }
        return value

    @field_validator("margins")
    @classmethod
    def _positive_shares(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for field, shares in value.items():
            if not shares:
                raise ValueError(f"margins of {field!r} list no categories")
            bad = {code: share for code, share in shares.items() if not share > 0}
            if bad:
                raise ValueError(f"margins of {field!r} must be positive shares or counts; got {bad}")
        return value

    @field_validator("trim")
    @classmethod
    def _bounds(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0 <= value[0] <= 1 <= value[1]:
            raise ValueError(f"trim must be [low, high] with 0 <= low <= 1 <= high, got {list(value)}")
        return value
