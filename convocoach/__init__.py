"""convocoach: a practice partner and a mirror for instructional coaches."""

from __future__ import annotations

__version__ = "0.1.0"
