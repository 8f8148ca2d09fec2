"""Measured progress: indicators and targets, map and districts, self-assessment, council reports."""
