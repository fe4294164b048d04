import pytest

from summarizer.config import DEFAULT_REMOTE_MODEL, Settings
from summarizer.errors import ConfigError


def test_precedence_file_then_env_then_arguments(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('model = "from-file"\nbase_url = "http://file/v1"\nmax_reasks = 3\n')
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    s = Settings.load(cfg, base_url="http://arg/v1")
    assert (s.model, s.base_url, s.max_reasks) == ("from-env", "http://arg/v1", 3)
    assert s.resolved_backend == "openai"


def test_default_is_embedded_and_endpoint_defaults_to_a_hosted_model():
    assert Settings.load().resolved_backend == "embedded"
    assert Settings.load(api_key="sk-x").resolved_model == DEFAULT_REMOTE_MODEL
    assert Settings.load(model="/m/x.gguf", base_url="http://h/v1", backend="embedded").resolved_backend == "embedded"


def test_api_key_never_in_public_view_or_repr():
    s = Settings.load(api_key="sk-secret-123")
    assert "sk-secret-123" not in repr(s) and "sk-secret-123" not in str(s.public())


@pytest.mark.parametrize("kwargs,msg", [({"backend": "cloud"}, "backend must be"), ({"mode": "x"}, "mode must be"),
                                        ({"max_reasks": -1}, ">= 0"), ({"colour": "red"}, "unknown setting")])
def test_bad_settings_are_config_errors(kwargs, msg):
    with pytest.raises(ConfigError, match=msg):
        Settings.load(**kwargs)


def test_bad_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("model = ")
    with pytest.raises(ConfigError, match="bad.toml"):
        Settings.load(bad)
    num = tmp_path / "num.toml"
    num.write_text('max_reasks = "many"')
    with pytest.raises(ConfigError, match="must be a number"):
        Settings.load(num)
