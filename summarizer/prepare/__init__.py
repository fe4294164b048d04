"""Prepare: sentences with offsets, parts of a long article, code-found cues (attributions, casualty
figures) and the prompt templates."""
