"""The one seam to the LLM: the client and its retry policy, structured calls, the HTTP transport,
the embedded backend, prices and rate limits."""
