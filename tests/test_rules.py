"""The rule files are data the code reads: no key that nothing reads (over the seed and the fixture articles)."""
import subprocess
import sys

SCRIPT = """
from pathlib import Path
from orgkg.queries import evaluate
from orgkg.builder.lexicon import rule_keys, unread_rule_keys
from orgkg.builder.pipeline import process_file
from orgkg.builder.write import ontology_quads
for folder in sys.argv[1:]:
    for p in sorted(Path(folder).glob("*.txt")):
        process_file(str(p), p.name)
ontology_quads()
evaluate.fold("UBND")
evaluate.campaign_core("phong trào thi đua X năm 2020")
assert len(rule_keys()) > 100
print("\\n".join(sorted(unread_rule_keys())))
"""


def test_every_key_of_the_rule_files_is_read(tmp_path):
    from pathlib import Path
    root = Path(__file__).resolve().parent
    folders = [root.parent / "seeds", root / "fixtures" / "corpus" / "dev", root / "fixtures" / "genre"]
    out = subprocess.run([sys.executable, "-c", "import sys\n" + SCRIPT, *map(str, folders)], capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == [], f"rule keys read by nothing: {out}"


def test_a_key_nothing_reads_is_reported():
    from orgkg.builder.lexicon import READS, RuleTable
    t = RuleTable({"awards": {"verbs": ["x"], "never": ["y"]}}, "test.toml")
    t["awards"]["verbs"]
    assert "test.toml.awards.verbs" in READS and "test.toml.awards.never" not in READS
    list(t["awards"].items())
    assert "test.toml.awards.never" in READS
