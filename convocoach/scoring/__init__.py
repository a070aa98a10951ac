"""Scoring conversations from their analyses (no spaCy): rubric, metrics, feedback, rewrites."""
