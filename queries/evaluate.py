"""Evaluate extracted facts against gold files, by the team's scoring rules.

The matching rules are those of ``shared/corpus/SCORING.md`` and its
reference scorer ``score.py`` (same folding, name similarity, value
tolerance, one-to-one matching, optional facts); a test checks that both
give the same figures on the corpus. On top, attribute accuracy on matched
metrics (unit, qualifier, period, plan ratio, growth) and awards (conferrer, period).
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

@cache
def abbreviations() -> list[tuple[str, str]]:
    """Folded (short, full) pairs: the scorer's own ones ([evaluation] in grammar.toml) first, then the
    organisation abbreviations the extractor expands ([organisations] abbreviations), one home for both."""
    from orgkg.builder.lexicon import load
    g = load().grammar
    pairs = [tuple(p) for p in g["evaluation"]["abbreviations"]] + [tuple(p) for p in g["organisations"]["abbreviations"]]
    out = []
    for short, full in pairs:
        k = (_plain(short), _plain(full))
        if k[0] and k not in out:
            out.append(k)
    return out


def _plain(s) -> str:
    s = unicodedata.normalize("NFD", str(s)).replace("đ", "d").replace("Đ", "d")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").casefold()
    s = re.sub(r"[^\w\s%]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def fold(s) -> str:
    if s is None:
        return ""
    s = _plain(s)
    for short, full in abbreviations():
        s = re.sub(rf"\b{short}\b", full, s)
    return s


def stem(doc) -> str:
    return Path(str(doc)).name.rsplit(".", 1)[0].replace(".gold", "")


def similar(a, b) -> bool:
    a, b = fold(a), fold(b)
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, min(len(ta), len(tb))) >= 0.75


def org_match(pred, gold_name, orgs) -> bool:
    names = [gold_name]
    for o in orgs:
        if fold(o.get("name")) == fold(gold_name):
            names += o.get("aliases", [])
    return any(similar(pred, n) for n in names if n)


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def close(a, b, rel=0.002) -> bool:
    a, b = num(a), num(b)
    return a is not None and b is not None and abs(a - b) <= rel * max(abs(b), 1.0)


def match_metric(p, g, orgs) -> bool:
    if not org_match(p.get("subject"), g["subject"], orgs):
        return False
    if g.get("value") is None:
        return any(g.get(k) is not None and close(p.get(k), g[k]) for k in ("vs_plan_percent", "growth_percent"))
    if isinstance(g["value"], str):
        lo, _, hi = g["value"].partition("-")
        v = num(p.get("value"))
        return v is not None and num(lo) is not None and num(hi) is not None and \
            num(lo) * (1 - 0.002) <= v <= num(hi) * (1 + 0.002)
    return close(p.get("value"), g["value"])


def match_award(p, g, orgs) -> bool:
    kind = fold(g["award"]).split()[:2]
    ptype = fold(" ".join(str(p.get(k) or "") for k in ("award_type", "title")))
    titled = g.get("title") and any(similar(t, ptype) for t in str(g["title"]).split(";"))
    if not (titled or all(w in ptype.split() for w in kind)):
        return False
    rec_ok = (org_match(p.get("recipient"), g["recipient"], orgs)
              or (g.get("recipient_count") and num(p.get("recipient_count")) == g["recipient_count"]))
    bodies = [b for b in (g.get("conferred_by"), g.get("on_behalf_of")) if b]
    said = [b for b in (p.get("conferred_by"), p.get("on_behalf_of")) if b]
    by_ok = not bodies or any(org_match(x, b, orgs) for x in said for b in bodies)
    return bool(rec_ok and by_ok)


@cache
def _campaign_generic() -> tuple[re.Pattern, re.Pattern]:
    from orgkg.builder.lexicon import load
    e = load().grammar["evaluation"]
    lead = "|".join(re.escape(_plain(w)) for w in e["campaign_lead_words"])
    tail = "|".join(re.escape(_plain(w)) for w in e["campaign_period_words"])
    return re.compile(rf"^(?:(?:{lead})\s+)+"), re.compile(rf"\s+(?:{tail})\s+\d{{4}}(?:\s+\d{{4}})?$")


def campaign_core(name) -> str:
    """A campaign's name without the generic words around it (SCORING.md): a leading campaign word and a
    trailing year, period or abbreviation in parentheses."""
    lead, tail = _campaign_generic()
    raw = re.sub(r"\s*\([^()]*\)\s*$", "", str(name or ""))
    s = lead.sub("", fold(raw))
    return tail.sub("", s) or s


def match_campaign(p, g, orgs) -> bool:
    a, b = campaign_core(p.get("name")), campaign_core(g["name"])
    return bool(a) and (a == b or (min(len(a), len(b)) / max(len(a), len(b)) >= 0.85 and (a in b or b in a)))


KINDS = {"metrics": match_metric, "awards": match_award, "campaigns": match_campaign}


def _attributes(kind, p, g, orgs) -> dict[str, bool]:
    if kind == "metrics":
        out = {"unit": (p.get("unit") or "") == (g.get("unit") or ""),
               "qualifier": (p.get("qualifier") or "exact") == (g.get("qualifier") or "exact"),
               "period": str(p.get("period") or "") == str(g.get("period") or "")}
        for k in ("vs_plan_percent", "growth_percent"):
            if g.get(k) is not None or p.get(k) is not None:
                out[k] = (g.get(k) is None and p.get(k) is None) or close(p.get(k), g.get(k))
        return out
    if kind == "awards":
        return {"conferred_by": (not g.get("conferred_by") and not p.get("conferred_by"))
                or bool(g.get("conferred_by") and p.get("conferred_by") and org_match(p["conferred_by"], g["conferred_by"], orgs)),
                "period": str(p.get("period") or "") == str(g.get("year_or_period") or "")}
    return {"organiser": (not g.get("organiser") and not p.get("organiser"))
            or bool(g.get("organiser") and p.get("organiser") and org_match(p["organiser"], g["organiser"], orgs))}


def score(golds: dict, preds: dict, documents: list[dict] | None = None) -> dict:
    """P/R/F1 per kind and over all, with misses, extras, attribute accuracy and each document's figures.

    ``documents``: the rows of the ``document-organisations`` query (document, iri, label, preferred). With
    them, gold documents that are not in the graph are listed under ``missing_documents`` (their facts
    still count as missed), and organisations are scored (see ``score_organisations``)."""
    out = {}
    per_doc: dict[str, dict] = {doc: {} for doc in golds}
    for kind, match in KINDS.items():
        tp = fn = fp = 0
        misses, extras = [], []
        attrs: dict[str, list[bool]] = {}
        by_doc: dict[str, list] = {}
        for r in preds.get(kind, []):
            by_doc.setdefault(stem(r.get("document", "")), []).append(r)
        for doc, gold in golds.items():
            orgs = gold.get("organisations", [])
            rows = by_doc.get(doc, [])
            used = set()
            tp0, fp0, fn0 = tp, fp, fn
            for g in gold.get(kind, []):
                hit = next((i for i, r in enumerate(rows) if i not in used and match(r, g, orgs)), None)
                if hit is None:
                    if not g.get("optional"):
                        fn += 1
                        misses.append(f"{doc}: {g.get('text') or g.get('name') or g.get('award')}")
                else:
                    used.add(hit)
                    if not g.get("optional"):
                        tp += 1
                        for k, ok in _attributes(kind, rows[hit], g, orgs).items():
                            attrs.setdefault(k, []).append(ok)
            for i, r in enumerate(rows):
                if i in used:
                    continue
                if any(match(r, g, orgs) for g in gold.get(kind, [])):
                    if any(match(r, g, orgs) for g in gold.get(kind, []) if g.get("optional")):
                        continue
                fp += 1
                extras.append(f"{doc}: {r.get('text') or r.get('name') or r.get('award_type')} = {r.get('value', '')}")
            per_doc[doc][kind] = {"tp": tp - tp0, "fp": fp - fp0, "fn": fn - fn0}
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[kind] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                     "misses": misses, "extras": extras,
                     "attributes": {k: round(sum(v) / len(v), 3) for k, v in attrs.items() if v}}
    tp = sum(v["tp"] for v in out.values())
    fp = sum(v["fp"] for v in out.values())
    fn = sum(v["fn"] for v in out.values())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    out["all"] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
                  "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    out["per_document"] = {doc: {**k, "all": {x: sum(v[x] for v in k.values()) for x in ("tp", "fp", "fn")}}
                           for doc, k in per_doc.items()}
    if documents is not None:
        present = {stem(d["document"]) for d in documents if d.get("document")}
        out["missing_documents"] = sorted(doc for doc in golds if doc not in present)
        out["organisations"] = score_organisations(golds, documents)
    return out


def score_organisations(golds: dict, documents: list[dict]) -> dict:
    """Each gold organisation of a document against the organisations of that document's graph.

    Names are compared after folding (case, diacritics, punctuation, abbreviations), not loosely: an
    organisation is *found* when one IRI has its name or one of its aliases as a label; its other names
    count as *aliases found* when they are labels of that same IRI, and as *split* when another IRI has
    them; an IRI whose labels are the names of two gold organisations is a *wrong merge*."""
    labels: dict[str, dict[str, set[str]]] = {}
    for d in documents:
        if d.get("iri"):
            labels.setdefault(stem(d["document"]), {}).setdefault(d["iri"], set()).add(fold(d["label"]))
    found = total = aliases = aliases_found = splits = merges = 0
    misses, split_names, merged = [], [], []
    for doc, gold in golds.items():
        iris = labels.get(doc, {})
        owners: dict[str, set[int]] = {}
        for i, o in enumerate(gold.get("organisations", [])):
            names = [n for n in [o.get("name")] + list(o.get("aliases", [])) if n]
            total += 1
            aliases += len(names) - 1
            hits = {n: {iri for iri, ls in iris.items() if fold(n) in ls} for n in names}
            home = next(iter(sorted(hits[names[0]])), None) or next((iri for n in names for iri in sorted(hits[n])), None)
            if home is None:
                misses.append(f"{doc}: {names[0]}")
                continue
            found += 1
            owners.setdefault(home, set()).add(i)
            for n in names[1:]:
                if home in hits[n]:
                    aliases_found += 1
                elif hits[n]:
                    splits += 1
                    split_names.append(f"{doc}: {n} (not under {names[0]})")
            for n in names:
                for iri in hits[n]:
                    owners.setdefault(iri, set()).add(i)
        for iri, who in owners.items():
            if len(who) > 1:
                merges += 1
                merged.append(f"{doc}: {iri.rsplit('/', 1)[-1]} is " + " and ".join(
                    gold["organisations"][i]["name"] for i in sorted(who)))
    return {"gold": total, "found": found, "recall": round(found / total, 3) if total else 1.0,
            "aliases": aliases, "aliases_found": aliases_found,
            "alias_recall": round(aliases_found / aliases, 3) if aliases else 1.0,
            "split": splits, "wrong_merges": merges, "misses": misses, "splits": split_names, "merged": merged}


def load_golds(paths) -> dict:
    golds = {}
    for p in paths:
        p = Path(p)
        files = sorted(p.rglob("*.gold.json")) + ([p / "seed-gold.json"] if (p / "seed-gold.json").exists() else []) \
            if p.is_dir() else [p]
        for f in files:
            if f.suffix == ".jsonl":
                for line in f.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        g = json.loads(line)
                        golds[stem(g.get("document") or g["id"])] = g
            else:
                g = json.loads(f.read_text(encoding="utf-8"))
                golds[stem(g.get("document") or f.name)] = g
    return golds


FACT_KINDS = ("metrics", "awards", "campaigns", "all")


def with_scope(res: dict, gold_paths, graph) -> dict:
    """``res`` with, first, what it measured: the gold corpus (the paths given), its number of gold documents,
    how many of them the graph holds, and the graph's folder."""
    missing = res.get("missing_documents", [])
    gold_documents = len(res.get("per_document", {}))
    scope = {"corpus": [str(p) for p in gold_paths], "gold_documents": gold_documents,
             "found_in_graph": gold_documents - len(missing), "graph": str(graph)}
    return {"measured": scope, **res}


def format_table(res: dict, verbose: bool = True) -> str:
    lines = []
    m = res.get("measured")
    if m:
        lines.append(f"corpus {', '.join(m['corpus'])}: {m['gold_documents']} gold document(s), "
                     f"{m['found_in_graph']} of them in the graph {m['graph']}")
    lines.append(f"{'kind':10} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for k in FACT_KINDS:
        v = res[k]
        lines.append(f"{k:10} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}  {v['tp']:3d} {v['fp']:3d} {v['fn']:3d}")
    o = res.get("organisations")
    if o:
        lines.append(f"organisations: {o['found']} of {o['gold']} found ({o['recall']:.3f}), aliases {o['aliases_found']} of "
                     f"{o['aliases']} under the same IRI ({o['alias_recall']:.3f}), {o['split']} split, "
                     f"{o['wrong_merges']} wrong merge(s)")
    for k in FACT_KINDS:
        v = res[k]
        if k == "all":
            continue
        if v.get("attributes"):
            lines.append(f"  {k} attribute accuracy: " + ", ".join(f"{a} {x:.3f}" for a, x in v["attributes"].items()))
        if verbose:
            lines += [f"  miss  {m}" for m in v["misses"]] + [f"  extra {e}" for e in v["extras"]]
    if o and verbose:
        lines += [f"  organisation missed {m}" for m in o["misses"]] + [f"  alias split {m}" for m in o["splits"]] \
            + [f"  wrong merge {m}" for m in o["merged"]]
    if verbose and res.get("per_document"):
        lines.append(f"{'document':44} {'metrics':>11} {'awards':>11} {'campaigns':>11}   (tp/fp/fn)")
        for doc, k in sorted(res["per_document"].items()):
            lines.append(f"{doc[:44]:44} " + " ".join(f"{'{}/{}/{}'.format(k[x]['tp'], k[x]['fp'], k[x]['fn']):>11}"
                                                      for x in ("metrics", "awards", "campaigns")))
    return "\n".join(lines)


def predictions(store) -> dict[str, list[dict]]:
    """What the graph states, as the scorer reads it: the rows of the metrics, awards and campaigns queries."""
    from .canned import canned
    from .store import select

    q = canned()
    preds = {}
    for kind in ("metrics", "awards", "campaigns"):  # the files as written: the page mark is a comment, every row
        cols, rows = select(store, q[kind].text)
        preds[kind] = [dict(zip(cols, r)) for r in rows]
    return preds


def document_organisations(store) -> list[dict]:
    """Each document's organisations with the labels it gives them (the document-organisations query)."""
    from .canned import canned
    from .store import select

    cols, rows = select(store, canned()["document-organisations"].text)
    return [dict(zip(cols, r)) for r in rows]
