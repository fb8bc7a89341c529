"""The page a large build writes in place of the view (no graph libraries needed to write it)."""
from __future__ import annotations

from pathlib import Path


def write_deferred(out: Path, facts: int, limit: int) -> None:
    """The page a large build writes instead of the view: what to run to get it."""
    body = (f"<p>Đồ thị có {facts:,} dữ kiện, nhiều hơn giới hạn {limit:,} để dựng trang xem khi build. "
            f"Chạy <code>orgkg viz THƯ_MỤC -o graph.html</code> hoặc <code>orgkg build --view yes</code>.</p>"
            f"<p>The graph has {facts:,} facts, over the limit of {limit:,} for drawing the view during a build. "
            f"Run <code>orgkg viz FOLDER -o graph.html</code>, or build with <code>--view yes</code>.</p>")
    Path(out).write_text(f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>orgkg</title></head>'
                         f"<body><h1>orgkg</h1>{body}</body></html>\n", encoding="utf-8")
