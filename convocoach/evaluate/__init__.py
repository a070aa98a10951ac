"""Measuring the analysis: agreement with human coders, and the rubric's calibration against quality labels."""
