"""Deterministic synthetic articles of the genre, with their gold facts.

    python bench/generate.py N OUT_DIR [--seed 7] [--gold]

Each article is a year-end review of one organisation of a province: revenue
with a plan and a growth comparison, a part of the revenue, a count, a
campaign it launched or joined, awards with their conferring bodies. The
organisations, provinces, years, number formats (``1.250 tỷ``, ``1,25 nghìn
tỷ``, ``245.000 triệu``), qualifiers and sentence shapes vary; the same seed
gives the same files byte for byte. With ``--gold`` a ``NAME.gold.json`` in the
corpus schema sits beside each article, so the extractor can be scored on
thousands of articles it was not written for.

These names and figures belong to the benchmark, never to the extractor.
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

PROVINCES = ["Hà Giang", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình",
             "Thái Nguyên", "Lạng Sơn", "Quảng Ninh", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương",
             "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
             "Quảng Bình", "Quảng Trị", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận",
             "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh",
             "Bình Dương", "Đồng Nai", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp",
             "An Giang", "Kiên Giang", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Bắc Kạn", "Cao Bằng"]

# (name pattern, parent, count noun, part of revenue, campaign of the parent)
SECTORS = [
    ("Bưu điện tỉnh {p}", "Tổng công ty Bưu điện Việt Nam", ("bưu cục", "post offices"),
     ("doanh thu dịch vụ tài chính bưu chính", "revenue: postal financial services"), "Bưu điện Việt Nam - Vì cộng đồng"),
    ("Viễn thông {p}", "Tập đoàn Bưu chính Viễn thông Việt Nam", ("trạm BTS", "base stations"),
     ("doanh thu dịch vụ viễn thông", "revenue: telecommunications"), "Chuyển đổi số vì khách hàng"),
    ("Công ty Điện lực {p}", "Tổng công ty Điện lực miền Bắc", ("khách hàng", "customers"),
     ("doanh thu tiền điện", "revenue: electricity sales"), "Thi đua tiết kiệm điện"),
]
BODIES = [("Bộ Thông tin và Truyền thông", "Bằng khen", "Bộ trưởng Bộ Thông tin và Truyền thông"),
          ("Ủy ban nhân dân tỉnh {p}", "Cờ thi đua", "Chủ tịch Ủy ban nhân dân tỉnh {p}"),
          ("Thủ tướng Chính phủ", "Bằng khen", "Thủ tướng Chính phủ")]
OWN_CAMPAIGNS = ["Hoàn thành xuất sắc nhiệm vụ kinh doanh năm {y}", "Đoàn kết, sáng tạo, về đích sớm năm {y}",
                 "Lao động giỏi, lao động sáng tạo năm {y}"]
QUALS = [("", "exact"), ("hơn ", "over"), ("trên ", "over"), ("gần ", "approximately"), ("khoảng ", "approximately"), ("dưới ", "under")]


def vn(x: float, decimals: int = 0) -> str:
    """A number written the Vietnamese way: 1.250 and 107,5."""
    whole, _, frac = f"{x:,.{decimals}f}".partition(".")
    whole = whole.replace(",", ".")
    frac = frac.rstrip("0")
    return whole + ("," + frac if frac else "")


def money(value_bn: float, rnd: random.Random) -> tuple[str, float]:
    """A sum in billions of dong, written in one of the genre's forms; (text, value in dong)."""
    form = rnd.randrange(4)
    if form == 0 or value_bn < 1000:
        if form == 3:
            return f"{vn(value_bn * 1000)} triệu đồng", round(value_bn * 1000) * 1e6
        return f"{vn(value_bn, 1)} tỷ đồng", round(value_bn, 1) * 1e9
    if form == 1:
        return f"{vn(value_bn / 1000, 2)} nghìn tỷ đồng", round(value_bn / 1000, 2) * 1e12
    return f"{vn(value_bn)} tỷ đồng", round(value_bn) * 1e9


def article(i: int, rnd: random.Random) -> tuple[str, str, dict]:
    province = PROVINCES[i % len(PROVINCES)]
    pattern, parent, (noun, noun_en), (part, part_en), parent_campaign = SECTORS[(i // len(PROVINCES)) % len(SECTORS)]
    org = pattern.format(p=province)
    year = 2015 + (i // (len(PROVINCES) * len(SECTORS))) % 10
    rev_bn = rnd.uniform(60, 2500)
    rev_text, rev = money(rev_bn, rnd)
    q_word, q_code = rnd.choice(QUALS)
    plan = round(rnd.uniform(95, 125), 1)
    growth = round(rnd.uniform(-8, 30), 1) + 0.0  # no "-0"
    over_plan = plan >= 100 and rnd.random() < 0.5
    plan_text = f"vượt {vn(plan - 100, 1)}% kế hoạch" if over_plan else f"đạt {vn(plan, 1)}% kế hoạch"
    growth_text = f"tăng {vn(growth, 1)}%" if growth >= 0 else f"giảm {vn(-growth, 1)}%"
    part_bn = rev_bn * rnd.uniform(0.1, 0.4)
    part_text, part_value = money(part_bn, rnd)
    count = rnd.randrange(12, 4000)
    own = rnd.choice(OWN_CAMPAIGNS).format(y=year)
    body, award_type, conferrer = rnd.choice(BODIES)
    body, conferrer = body.format(p=province), conferrer.format(p=province)
    day, month = rnd.randrange(5, 28), rnd.randrange(1, 3)
    name = f"g{i:06d}"
    lines = [
        f"{org} tổng kết hoạt động năm {year}",
        "",
        f"Ngày {day}/{month}/{year + 1}, {org} tổ chức hội nghị tổng kết công tác năm {year} và triển khai nhiệm vụ năm {year + 1}.",
        "",
        f"Năm {year}, {org} đạt tổng doanh thu {q_word}{rev_text}, {plan_text}, {growth_text} so với năm {year - 1}. "
        f"Trong đó, {part} đạt {part_text}. Đơn vị hiện có {vn(count)} {noun}.",
        "",
        f"Trong năm, đơn vị đã phát động phong trào thi đua \"{own}\" và hưởng ứng phong trào \"{parent_campaign}\" "
        f"do {parent} phát động.",
        "",
        f"Với những kết quả đạt được, {org} vinh dự được {conferrer} tặng {award_type} vì đã có thành tích xuất sắc "
        f"trong công tác năm {year}.",
        "",
    ]
    text = "\n".join(lines)
    gold = {
        "id": name, "document": f"{name}.txt", "note": "generated by bench/generate.py",
        "organisations": [{"name": org, "aliases": ["đơn vị"]}, {"name": parent, "aliases": []}],
        "metrics": [
            {"subject": org, "what": "revenue", "value": rev, "unit": "VND", "qualifier": q_code, "period": str(year),
             "vs_plan_percent": plan, "growth_percent": growth, "vs": str(year - 1)},
            {"subject": org, "what": part_en, "value": part_value, "unit": "VND", "qualifier": "exact", "period": str(year),
             "vs_plan_percent": None, "growth_percent": None, "vs": None},
            {"subject": org, "what": noun_en, "value": count, "unit": "count", "qualifier": "exact", "period": str(year),
             "vs_plan_percent": None, "growth_percent": None, "vs": None},
        ],
        "campaigns": [{"name": own, "organiser": org, "period": str(year)},
                      {"name": parent_campaign, "organiser": parent, "period": None, "participant": org}],
        "awards": [{"award": award_type, "title": None, "recipient": org, "recipient_count": None, "conferred_by": body,
                    "on_behalf_of": None, "year_or_period": str(year),
                    "reason": f"thành tích xuất sắc trong công tác năm {year}"}],
    }
    return name, text, gold


def generate(n: int, out: Path, seed: int = 7, gold: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    paths = []
    for i in range(n):
        name, text, facts = article(i, rnd)
        p = out / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        if gold:
            (out / f"{name}.gold.json").write_text(json.dumps(facts, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--gold", action="store_true", help="write NAME.gold.json beside each article")
    a = ap.parse_args()
    generate(a.n, a.out, a.seed, a.gold)
    print(f"{a.n} articles in {a.out}")


if __name__ == "__main__":
    main()
