"""A throw-away project whose survey is pulled live from the test RC2 server."""

from __future__ import annotations

from pathlib import Path

from sample_project import make_project

LIVE_CONFIG = """\
name: live
title: Green skills needs for micro-credentials (live pull)
source:
  limesurvey: {{survey_id: {survey_id}, timeout: {timeout}, retries: {retries}}}
{extra}profile: {{country: COUNTRY, sector: SECTOR, respondent_type: RESPTYPE, org_size: ORGSIZE}}
ratings: {{importance: IMPORT, proficiency: PROFIC}}
analysis: {{by: [country], min_group_n: 3}}
"""


def live_project(
    root: Path, *, survey_id: int = 845123, timeout: float = 2.0, retries: int = 2, extra: str = ""
) -> Path:
    """A project (see ``make_project``) with ``config/surveys/live.yml`` and its own data/raw/."""
    project = make_project(root)
    (project / "data" / "raw").unlink()  # never write snapshots into the repository's data/raw
    (project / "data" / "raw").mkdir()
    (project / "config" / "surveys" / "live.yml").write_text(
        LIVE_CONFIG.format(survey_id=survey_id, timeout=timeout, retries=retries, extra=extra),
        encoding="utf-8",
    )
    return project


def env_for(server, password: str | None = None) -> dict[str, str]:
    """The environment a user sets for the test server."""
    return {
        "LIMESURVEY_URL": server.url,
        "LIMESURVEY_USER": server.user,
        "LIMESURVEY_PASSWORD": server.password if password is None else password,
    }


def raw_entries(project: Path) -> list[str]:
    """Everything under data/raw/live/ (snapshots and any leftover temporary folder)."""
    folder = project / "data" / "raw" / "live"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
