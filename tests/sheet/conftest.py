"""Fixtures for the aftercare sheet's tests; the helpers themselves are in sheet_helpers.py."""
from __future__ import annotations

import pytest
from sheet_helpers import make_handout

from kiosk.core.model import Handout


@pytest.fixture
def handout_en() -> Handout:
    return make_handout("en")


@pytest.fixture
def handout_es() -> Handout:
    return make_handout("es")
