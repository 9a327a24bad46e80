"""Fixtures for the live-pull tests: a local LimeSurvey RemoteControl 2 server over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rc2_server import RC2Server, RunningServer


@pytest.fixture
def rc2_server() -> Iterator[RC2Server]:
    """A fresh RC2 server on 127.0.0.1 (port 0) answering as LimeSurvey 6.1.8 did; ``.url``."""
    running = RunningServer()
    try:
        yield running.state
    finally:
        running.stop()
