"""Extraction speed: milliseconds per article on one core, and one sentence with thousands of figures.

    python bench/extract_bench.py [--articles DIR ...] [--generated 300] [--figures 300 600 2000] [--passes 3]

Per article: every ``.txt`` of the given folders (default: the dev corpus of
tests/fixtures, the genre fixtures and N generated articles) goes through the
whole per-document pipeline (``process_document``: normalise, segment,
extract, resolve, merge, to_rdf, serialise) in this process; the figure is
the best of ``--passes`` passes, divided by the number of articles.

Long sentence: one article whose body is a single sentence listing N
figures ("…, doanh thu dịch vụ 17 đạt 1.234 triệu đồng, …"), the shape of a
statistical annex pasted as one paragraph; then the same list as the parts of
one figure ("doanh thu đạt 5.000 tỷ đồng, bao gồm: …"). Extraction must stay linear in the
sentence's length: the time per figure is printed so that a quadratic step
shows as a growing ratio. The names and figures are the benchmark's own.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def list_article(n: int, breakdown: bool = False) -> str:
    items = [f"doanh thu dịch vụ {i} đạt {1000 + 37 * i:,} triệu đồng".replace(",", ".") for i in range(n)]
    lead = "doanh thu đạt 5.000 tỷ đồng, bao gồm: " if breakdown else "Bưu điện tỉnh Thử Nghiệm có kết quả như sau: "
    return "Bưu điện tỉnh Thử Nghiệm tổng kết năm 2023\n\nNăm 2023, " + lead + ", ".join(items) + ".\n"


def per_article(paths: list[Path], passes: int) -> float:
    from orgkg.builder.model import Document
    from orgkg.builder.pipeline import process_document

    docs = [Document(path=str(p), text=p.read_text(encoding="utf-8")) for p in paths]
    for d in docs[:3]:
        process_document(d)          # load the lexicon and compile the rules once
    best = float("inf")
    for _ in range(passes):
        t0 = time.perf_counter()
        for d in docs:
            process_document(d)
        best = min(best, time.perf_counter() - t0)
    return best / len(docs) * 1000


def long_sentence(n: int, breakdown: bool = False) -> tuple[float, int, int]:
    from orgkg.builder.model import Document
    from orgkg.builder.pipeline import analyse

    text = list_article(n, breakdown)
    t0 = time.perf_counter()
    _, _, ex, _ = analyse(Document(path=f"list-{n}.txt", text=text))
    return time.perf_counter() - t0, len(ex.metrics), len(text.encode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", nargs="*", type=Path, default=None)
    ap.add_argument("--generated", type=int, default=300, help="generated articles added to the folders (0: none)")
    ap.add_argument("--figures", nargs="*", type=int, default=[300, 600, 2000])
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args()
    folders = args.articles if args.articles is not None else [
        p for p in (ROOT / "tests/fixtures/corpus/dev", ROOT / "tests/fixtures/genre") if p.is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        if args.generated:
            subprocess.run([sys.executable, str(ROOT / "bench/generate.py"), str(args.generated), tmp], check=True,
                           stdout=subprocess.DEVNULL)
            folders = folders + [Path(tmp)]
        for folder in folders:
            paths = sorted(folder.glob("*.txt"))
            if not paths:
                continue
            size = sum(p.stat().st_size for p in paths) / len(paths)
            name = "generated" if str(folder) == tmp else folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
            print(f"{name}: {len(paths)} articles, {size / 1024:.1f} KB each: "
                  f"{per_article(paths, args.passes):.2f} ms per article")
    for breakdown in (False, True):
        for n in args.figures:
            secs, found, size = long_sentence(n, breakdown)
            shape = "parts of one figure" if breakdown else "figures"
            print(f"one sentence of {n} {shape} ({size / 1024:.0f} KB): {secs:.2f} s, {found} metrics, "
                  f"{secs / n * 1000:.2f} ms per figure")


if __name__ == "__main__":
    main()
