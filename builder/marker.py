"""The marker of an orgkg output folder: ``.orgkg-output``, a small JSON file.

It says that orgkg wrote the folder (so a build may replace it, and a build
reading sources skips it) and carries the folder's dataset identity, which
rebuilds into the same folder keep and ``push`` names its manifest after.
"""
from __future__ import annotations

import json
from pathlib import Path

MARKER = ".orgkg-output"


def read_marker(folder: Path) -> dict | None:
    """The marker of an orgkg output folder, or None when the folder has none (or an unreadable one)."""
    try:
        data = json.loads((Path(folder) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("orgkg_output") == 1 and isinstance(data.get("dataset"), str) else None
