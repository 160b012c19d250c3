#!/usr/bin/env python3
"""Writes a large, valid truce scenario for benchmarking `truce check`.

    python3 bench/gen_scenario.py OUT_DIR [--documents N] [--provisions M] [--seed S]

OUT_DIR receives negotiation.toml and documents/NNNN-<id>.toml: N documents of M
provisions each (any documents/*.toml already there are removed first). The content is synthetic but shaped like the bundled scenarios: a dozen
parties, an issue space of every issue type, documents in date order that revise, answer
or supersede earlier ones, provenance claims on documents and on some provisions, PA-X
codes with valid levels, typed terms, bound parties. Output is a pure function of the
arguments (the random generator is seeded), and `truce check OUT_DIR` reports no error
and, when M >= 1, no warning.

Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

# PA-X codes with the highest level each takes (see crates/model/src/pax_taxonomy.rs),
# weighted towards the ones ceasefire and settlement texts use most.
CODES = [
    ("Ce", 3), ("Ce", 3), ("CeGen", 1), ("CeProv", 1), ("SsrArm", 3), ("SsrArm", 3),
    ("SsrGua", 1), ("SsrGua", 1), ("SsrDdr", 3), ("DdrDemil", 1), ("SsrPol", 3),
    ("Mps", 3), ("MpsJt", 1), ("TjAm", 3), ("TjPrire", 3), ("TjVic", 3), ("TjMis", 3),
    ("HrGen", 1), ("HrCit", 3), ("Prot", 3), ("ProtCiv", 1), ("Ele", 3), ("ElecComm", 3),
    ("Cons", 3), ("ConRen", 3), ("Pol", 3), ("StGen", 1), ("StBor", 1), ("Terps", 3),
    ("TpsAut", 1), ("Eps", 3), ("EpsRes", 1), ("Dev", 3), ("DevInfra", 1), ("IntFu", 1),
    ("NatRes", 1), ("Bus", 3), ("GRef", 3), ("GRefSubs", 1), ("GCh", 3), ("LaRefRet", 1),
    ("ImUN", 1), ("ImE", 1), ("ImPK", 1), ("ImOth", 1), ("Med", 3), ("JusPri", 1),
    ("PpsEx:St", 1), ("PpsGe:Sub", 1),
]

PARTIES = [
    ("north", "Northern Republic", "state"),
    ("south", "Southern Federation", "state"),
    ("east", "Eastern Union", "coalition"),
    ("west", "Western Alliance", "coalition"),
    ("un", "United Nations", "organisation"),
    ("osce", "Regional Security Organisation", "organisation"),
    ("au", "Continental Union", "organisation"),
    ("front", "People's Liberation Front", "armed-group"),
    ("militia", "Highland Militia", "armed-group"),
    ("envoy", "Special Envoy", "mediator"),
    ("church", "Council of Churches", "mediator"),
    ("guarantor", "Guarantor State", "state"),
]

STAGES = ["Pre", "SubPar", "SubComp", "SubComp", "SubComp", "Imp", "Cea", "Ren", "Oth"]
STATUSES = ["official", "leaked", "briefed", "reported", "counter-proposal", "proposal"]
RELATIONS = ["revises", "responds-to", "counter-proposal-to", "supersedes"]
PUBLISHERS = [
    ("Reuters", "https://www.reuters.com/world/"),
    ("Associated Press", "https://apnews.com/article/"),
    ("Agence France-Presse", "https://www.afp.com/en/news/"),
    ("The Guardian", "https://www.theguardian.com/world/"),
    ("Le Monde", "https://www.lemonde.fr/en/international/"),
    ("Al Jazeera", "https://www.aljazeera.com/news/"),
    ("Kyiv Independent", "https://kyivindependent.com/"),
    ("Financial Times", "https://www.ft.com/content/"),
    ("Foreign ministry of the Northern Republic", "https://mfa.north.example/statements/"),
    ("UN Department of Political Affairs", "https://dppa.un.org/en/"),
]

SUBJECTS = [
    "The parties", "Both sides", "The signatories", "The mediator", "The monitoring mission",
    "The joint commission", "The government of the Northern Republic", "The Front",
    "Each party", "The guarantor states", "The interim authority", "The United Nations",
]
VERBS = [
    "shall withdraw", "undertake to release", "agree to establish", "commit to respect",
    "shall hand over", "shall verify", "agree to hold", "shall cap", "shall demobilise",
    "undertake to guarantee", "shall suspend", "agree to negotiate",
]
OBJECTS = [
    "all heavy weapons from the security zone", "every prisoner held in connection with the conflict",
    "a joint centre for control and coordination", "the line of contact as of the date of signature",
    "control of the state border in the affected districts", "compliance with the ceasefire",
    "local elections under national law", "their armed forces at the agreed ceiling",
    "irregular formations and foreign fighters", "the safety of returning refugees",
    "sanctions imposed since the start of hostilities", "the status of the disputed districts",
]
QUALIFIERS = [
    "within thirty days of signature", "under international monitoring", "in stages agreed by the working group",
    "subject to verification by the mission", "without preconditions", "as set out in the annex",
    "no later than the end of the year", "in good faith", "in consultation with local authorities",
    "once the ceasefire has held for two weeks",
]
HEADINGS = [
    "Ceasefire", "Withdrawal of heavy weapons", "Prisoner exchange", "Monitoring and verification",
    "Border control", "Armed forces", "Elections", "Amnesty", "Humanitarian access",
    "Reconstruction", "Sanctions", "Constitutional reform", "Refugees and displaced persons",
    "Guarantees", "Implementation",
]
ISSUE_TOPICS = [
    "ceasefire", "withdrawal", "prisoners", "border", "army", "elections", "amnesty",
    "sanctions", "autonomy", "refugees", "monitoring", "reconstruction", "language",
    "guarantees", "demilitarisation", "assets", "media", "water", "property", "police",
]


def toml_str(s: str) -> str:
    """A TOML basic string (the generator only emits printable ASCII and apostrophes)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_key(k: str) -> str:
    return k if all(c.isalnum() or c in "_-" for c in k) else toml_str(k)


def make_issues(rng: random.Random, count: int) -> list[dict]:
    kinds = ["enum", "integer", "boolean", "date"]
    issues = []
    for i in range(count):
        topic = ISSUE_TOPICS[i % len(ISSUE_TOPICS)]
        kind = kinds[i % len(kinds)]
        issue = {"id": f"{topic}_{i:02d}", "kind": kind, "title": f"Terms on {topic} ({kind}, item {i})"}
        if kind == "enum":
            n = rng.randint(3, 6)
            issue["options"] = [f"option_{chr(ord('a') + k)}" for k in range(n)]
        elif kind == "integer":
            issue["min"] = 0
            issue["max"] = rng.choice([30, 90, 365, 1000, 250000, 2000000])
            issue["unit"] = rng.choice(["days", "km", "personnel", "weapons", "people"])
        issues.append(issue)
    return issues


def write_negotiation(path: Path, name: str, issues: list[dict]) -> None:
    out = [
        "# Synthetic negotiation written by bench/gen_scenario.py for benchmarks.",
        "",
        "[negotiation]",
        f"id = {toml_str(name)}",
        f"title = {toml_str('Synthetic benchmark negotiation ' + name)}",
        'summary = "A generated family of drafts used to measure how fast truce checks a large negotiation."',
        'pax_process = "Synthetic peace process"',
        "",
    ]
    for pid, pname, kind in PARTIES:
        out += ["[[parties]]", f"id = {toml_str(pid)}", f"name = {toml_str(pname)}", f"kind = {toml_str(kind)}", ""]
    for issue in issues:
        out += ["[[issues]]", f"id = {toml_str(issue['id'])}", f"title = {toml_str(issue['title'])}",
                f"type = {toml_str(issue['kind'])}"]
        if issue["kind"] == "enum":
            out.append("options = [")
            for o in issue["options"]:
                out.append(f"  {{ id = {toml_str(o)}, label = {toml_str('Outcome ' + o[-1].upper())} }},")
            out.append("]")
        elif issue["kind"] == "integer":
            out += [f"unit = {toml_str(issue['unit'])}", f"min = {issue['min']}", f"max = {issue['max']}"]
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def provenance(rng: random.Random, date: dt.date, slug: str, table: str) -> list[str]:
    publisher, base = rng.choice(PUBLISHERS)
    published = date + dt.timedelta(days=rng.randint(0, 5))
    lines = [
        f"[[{table}]]",
        f"source = {toml_str(base + slug)}",
        f"publisher = {toml_str(publisher)}",
        f"date = {published.isoformat()}",
        f"confidence = {rng.choice([0.3, 0.45, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 1.0])}",
    ]
    if rng.random() < 0.4:
        lines.append(f"note = {toml_str('Reports the text as seen by ' + publisher + '; wording paraphrased.')}")
    return lines


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."


def term_value(rng: random.Random, issue: dict, date: dt.date) -> str:
    kind = issue["kind"]
    if kind == "enum":
        return toml_str(rng.choice(issue["options"]))
    if kind == "integer":
        return str(rng.randint(issue["min"], issue["max"]))
    if kind == "boolean":
        return rng.choice(["true", "false"])
    return (date + dt.timedelta(days=rng.randint(1, 900))).isoformat()


def write_document(path: Path, rng: random.Random, index: int, doc_ids: list[str], dates: list[dt.date],
                   provisions: int, issues: list[dict]) -> None:
    doc_id, date = doc_ids[index], dates[index]
    party_ids = [p[0] for p in PARTIES]
    out = [
        f"# Synthetic document {index + 1} of {len(doc_ids)}.",
        "",
        "[document]",
        f"id = {toml_str(doc_id)}",
        f"title = {toml_str(f'Draft {index + 1}: {rng.choice(HEADINGS).lower()} and related matters')}",
        f"date = {date.isoformat()}",
        f"stage = {toml_str(rng.choice(STAGES))}",
        f"status = {toml_str(rng.choice(STATUSES))}",
        "authors = [" + ", ".join(toml_str(a) for a in rng.sample(party_ids, rng.randint(1, 3))) + "]",
        f"summary = {toml_str(' '.join(sentence(rng) for _ in range(3)))}",
        "",
    ]
    for k in range(rng.randint(1, 3)):
        out += provenance(rng, date, f"{date.isoformat()}/{doc_id}-{k}", "provenance") + [""]
    if index > 0:
        # Only earlier documents are targets: relations stay acyclic and never point forward
        # in time (which would be a warning).
        for target in sorted(set(rng.randint(max(0, index - 10), index - 1) for _ in range(rng.randint(1, 2)))):
            out += ["[[relations]]", f"kind = {toml_str(rng.choice(RELATIONS))}",
                    f"target = {toml_str(doc_ids[target])}"]
            if rng.random() < 0.5:
                out.append(f"note = {toml_str('Takes up the text of ' + doc_ids[target] + ' point by point.')}")
            out.append("")
    prefix = f"d{index + 1:04d}"
    for p in range(provisions):
        number = str(p + 1) if rng.random() < 0.8 else f"{p + 1}.{rng.choice('abc')}"
        out += ["[[provisions]]", f"id = {toml_str(f'{prefix}-{p + 1:04d}')}", f"number = {toml_str(number)}"]
        if rng.random() < 0.6:
            out.append(f"heading = {toml_str(rng.choice(HEADINGS))}")
        out.append(f"text = {toml_str(' '.join(sentence(rng) for _ in range(rng.randint(1, 3))))}")
        codes = {}
        for code, max_level in rng.sample(CODES, rng.randint(1, 4)):
            codes[code] = rng.randint(1, max_level)
        out.append("codes = { " + ", ".join(f"{toml_key(c)} = {lv}" for c, lv in codes.items()) + " }")
        n_terms = rng.choice([0, 0, 1, 1, 2, 3])
        if n_terms:
            chosen = rng.sample(issues, n_terms)
            out.append("terms = { " + ", ".join(f"{i['id']} = {term_value(rng, i, date)}" for i in chosen) + " }")
        if rng.random() < 0.7:
            out.append("binds = [" + ", ".join(toml_str(b) for b in rng.sample(party_ids, rng.randint(1, 3))) + "]")
        if rng.random() < 0.3:
            for k in range(rng.randint(1, 2)):
                out += provenance(rng, date, f"{date.isoformat()}/{doc_id}#{p + 1}-{k}", "provisions.provenance")
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--documents", "-n", type=int, default=100)
    ap.add_argument("--provisions", "-m", type=int, default=200)
    ap.add_argument("--issues", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20251120)
    args = ap.parse_args(argv)
    if args.documents < 1 or args.provisions < 0 or args.issues < 1:
        ap.error("need at least one document and one issue")
    if args.provisions > 9999 or args.documents > 9999:
        ap.error("at most 9999 documents and 9999 provisions per document")

    rng = random.Random(args.seed)
    out: Path = args.out_dir
    (out / "documents").mkdir(parents=True, exist_ok=True)
    for old in (out / "documents").glob("*.toml"):
        old.unlink()

    name = f"bench-{args.documents}x{args.provisions}"
    issues = make_issues(rng, args.issues)
    write_negotiation(out / "negotiation.toml", name, issues)

    start = dt.date(2014, 9, 5)
    dates, day = [], start
    for _ in range(args.documents):
        dates.append(day)
        day += dt.timedelta(days=rng.randint(1, 30))
    doc_ids = [f"draft-{i + 1:04d}" for i in range(args.documents)]
    for i in range(args.documents):
        write_document(out / "documents" / f"{i + 1:04d}-{doc_ids[i]}.toml", rng, i, doc_ids, dates,
                       args.provisions, issues)
    total = sum(f.stat().st_size for f in out.rglob("*.toml"))
    print(f"wrote {args.documents} documents x {args.provisions} provisions "
          f"({args.documents * args.provisions} provisions, {total / 1e6:.1f} MB) to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
