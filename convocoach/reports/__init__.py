"""Report model and renderers: terminal (rich), Markdown, HTML, JSON and CSV."""

from __future__ import annotations

from .model import REPORT_SCHEMA_VERSION, Report

__all__ = ["Report", "REPORT_SCHEMA_VERSION"]
