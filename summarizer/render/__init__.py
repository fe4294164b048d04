"""Render: summaries, reconciliations and digests as Markdown, JSON and the self-contained review page
(``templates/``)."""
