"""The extractor works from the genre's patterns: no name, figure or date of the seed in the code or its rules.

The seed's facts are taken from its gold file (the province of its organisations, the figures of its metrics
and awards, its event's date) and looked for, folded (no case, no marks, any separator), in everything that
extracts, maps or answers: builder/, queries/, viz/, orgkg/ (code, rule files, queries, templates). The
ontology's lexicons (every province, the national bodies) are data of the genre and are not searched.
"""
import json
import re
from pathlib import Path

from orgkg.builder.normalise import fold_key

from conftest import CORPUS, ROOT

SEARCHED = {".py", ".toml", ".rq", ".html"}


def seed_facts() -> set[str]:
    gold = json.loads((CORPUS / "seed-gold.json").read_text(encoding="utf-8"))
    facts = set()
    for o in gold["organisations"]:
        m = re.search(r"\btỉnh\s+(.+)$", o["name"])
        if m:
            facts.add(m.group(1))                       # the seed's province
    for m in gold["metrics"]:
        for n in re.findall(r"\d[\d.,]*\d\s+[^\W\d_]+(?:\s[^\W\d_]+)?", m["text"]):
            facts.add(n)                                # "189 tỷ đồng", "23 bưu cục", "107,226 tỷ đồng"
    for a in gold["awards"]:
        if a.get("recipient_count"):
            facts.add(a["recipient"])                   # "19 cá nhân"
    for e in gold["events"]:
        facts.update(re.findall(r"\d{1,2}/\d{1,2}", e["text"]))   # "25/12"
    return facts


def test_no_seed_fact_in_the_extractor_its_rules_or_its_queries():
    facts = {f: fold_key(f) for f in seed_facts()}
    assert len(facts) >= 10 and "Cao Bằng" in facts
    found = []
    for folder in ("builder", "queries", "viz", "orgkg"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in SEARCHED or "assets" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            folded = fold_key(text)
            for fact, key in facts.items():
                if re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", folded):
                    found.append(f"{path.relative_to(ROOT)}: {fact}")
    assert found == []
