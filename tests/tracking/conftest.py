from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Evidence files go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
