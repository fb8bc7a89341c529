"""The library API as the README shows it: the pandas example runs and its frames are typed."""
import re
import shutil

import pandas as pd

import orgkg

from conftest import ROOT


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- example: pandas[^>]*-->\s*```python\n(.*?)```", text, re.S)
    assert m, "the README's pandas example is missing"
    return m.group(1)


def test_the_readme_pandas_example_runs(tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(readme_example(), "README.md", "exec"), scope)
    out = capsys.readouterr().out
    assert "Bộ Thông tin và Truyền thông" in out and "189000000000" in out
    revenue = scope["revenue"]
    assert list(revenue["period"]) == ["2019"] and revenue["value"].iloc[0] == 189_000_000_000
    assert str(revenue["value"].dtype) == "Float64" and str(revenue["vs_plan_percent"].dtype) == "Float64"
    assert str(scope["bodies"]["n"].dtype) == "Int64"


def test_frames_have_typed_columns(seed_graph):
    g = orgkg.open(seed_graph)
    events = g.sparql("SELECT ?e ?date WHERE { ?e schema:startDate ?date }")
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    awards = g.query("awards", limit="")
    assert str(awards["recipient_count"].dtype) == "Int64" and str(awards["award_type"].dtype) == "string"
    assert awards["fact"].str.startswith("https://w3id.org/orgkg/id/award/").all()


def test_plain_rows_without_pandas(seed_graph):
    g = orgkg.open(seed_graph)
    cols, rows = g.select("awards", limit="")
    assert "fact" in cols and len(rows) == 4
    assert repr(g) == f"orgkg.Graph({str(seed_graph)!r})"
