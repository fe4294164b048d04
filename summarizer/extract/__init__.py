"""Extract: the response model (the only contract with the LLM), its checks, and merging the drafts
of a long article's parts."""
