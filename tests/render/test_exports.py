import summarizer


def test_all_matches_the_public_names():
    public = {n for n in dir(summarizer) if not n.startswith("_")} - {
        "annotations", "config", "errors", "ingest", "llm", "pipeline", "render", "schema", "prompts", "segment",
        "attribution", "draft", "grounding", "normalize", "assemble", "figures", "embedded", "cli"}
    modules = {n for n in public if type(getattr(summarizer, n)).__name__ == "module"}
    assert set(summarizer.__all__) == public - modules
    assert summarizer.__all__ == sorted(summarizer.__all__)
