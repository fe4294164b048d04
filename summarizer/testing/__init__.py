"""Scripted OpenAI-compatible servers on 127.0.0.1 that the tests and the benches share
(real HTTP, scripted replies)."""
