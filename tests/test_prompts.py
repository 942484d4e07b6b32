import pytest

from assistant import ConfigError, Settings, all_prompts, parse_prompt


def test_every_prompt_renders() -> None:
    prompts = all_prompts(Settings().prompts_dir)
    assert {p.name for p in prompts} >= {"abstain", "premise"}
    for p in prompts:
        text = p.render(**{v: f"<{v}>" for v in p.variables})
        assert text and "{" not in text.replace("{{", "")
        for v in p.variables:
            assert f"<{v}>" in text


def test_prompt_variables_are_checked() -> None:
    with pytest.raises(ConfigError, match="declares"):
        parse_prompt("x", "---\nvariables: [a]\n---\nHello {b}")
    p = parse_prompt("x", "---\nvariables: [a]\n---\nHello {a}")
    with pytest.raises(ConfigError, match="missing"):
        p.render()
