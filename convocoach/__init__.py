"""convocoach: a practice partner and a mirror for instructional coaches.

The public API (nothing heavy is loaded until the first call):

    import convocoach
    a = convocoach.analyze("What are you noticing?", previous="They just sat there.")
    a.moves, a.stance, a.to_dict()          # to_dict(): as `convocoach analyze --format json`
    for a in convocoach.analyze_many(["So you felt rushed.", ("Why?", "I stopped them.")]): ...
    report = convocoach.review_file("session.vtt", coach="Maya")   # as `convocoach review`
"""

from __future__ import annotations

from .api import analyze, analyze_many, review_file

__version__ = "0.2.0"

__all__ = ["analyze", "analyze_many", "review_file", "__version__"]
