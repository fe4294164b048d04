"""Normalize: the one home for numbers, dates (resolved against the publication date) and source names."""
