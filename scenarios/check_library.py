#!/usr/bin/env python3
"""Checks the scenario library's tables against the HS 2022 nomenclature and contract §2.

Usage: python3 scenarios/check_library.py [path/to/hs2022.csv]
(default: the project's copy, src/main/resources/hs/hs2022.csv). Exit 0 when every check passes.

Checks: list sizes (103 / 84 / 15 / 15), every prefix is a real HS 2022 code (its first six digits, or the whole
prefix when shorter, appear in the nomenclature; national 8/10-digit lines are only checked on their HS6),
no duplicate prefix within a list, phase-1 lists are subsets of the full lists, MFN rows for one importer and
prefix never overlap in time, FX rows are unique per currency and date, elasticities are negative, the
scenario YAML files name tables that exist. Border-tax tables (contract §2): real prefixes, rates >= 0, rows of
one prefix never overlapping, a unit and an FX currency on every specific row; pak-acd.csv is what
make_tax_tables.py derives from pak-mfn.csv and has a row for every prefix the MFN table rates; the taxes blocks
(each scenario's taxes: section) name tables that exist. Quotas (README.md "Tariff-rate quotas"): the requests
and phase-1 scenarios carry the same quotas: entries, and every quota line lies on its pair's concession list.
The job never reads the nomenclature (only the dashboard shows its descriptions): this script is a maintenance tool.
"""
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HS_FILE = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "src" / "main" / "resources" / "hs" / "hs2022.csv"
errors = []


def rows(rel):
    with open(HERE / rel, newline="") as f:
        return list(csv.DictReader(f))


def real(code, hs):
    return code.isdigit() and 2 <= len(code) <= 10 and len(code) % 2 == 0 and code[:6] in hs


hs = {r["hscode"] for r in csv.DictReader(open(HS_FILE, newline=""))}

lists = {
    "lists/aze-offer-to-pak.csv": 103,
    "lists/pak-offer-to-aze.csv": 84,
    "lists/aze-phase1-to-pak.csv": 15,
    "lists/pak-phase1-to-aze.csv": 15,
    "lists/all-chapters.csv": 96,  # chapters 01-97 without 77, which HS reserves
}
prefixes = {}
for rel, want in lists.items():
    rs = rows(rel)
    codes = [r["hs_prefix"] for r in rs]
    prefixes[rel] = set(codes)
    if len(rs) != want:
        errors.append(f"{rel}: {len(rs)} lines, want {want}")
    for c in codes:
        if not real(c, hs):
            errors.append(f"{rel}: {c} is not an HS 2022 code")
    dups = {c for c in codes if codes.count(c) > 1}
    if dups:
        errors.append(f"{rel}: duplicate prefixes {sorted(dups)}")
    for r in rs:
        if r["rate"] and not 0 <= float(r["rate"]) <= 100:
            errors.append(f"{rel}: rate {r['rate']} of {r['hs_prefix']} out of range")
        if not r["note"]:
            errors.append(f"{rel}: {r['hs_prefix']} has no note")
for phase, full in [("lists/aze-phase1-to-pak.csv", "lists/aze-offer-to-pak.csv"),
                    ("lists/pak-phase1-to-aze.csv", "lists/pak-offer-to-aze.csv")]:
    extra = prefixes[phase] - prefixes[full]
    if extra:
        errors.append(f"{phase}: not in {full}: {sorted(extra)}")

# Rows of one prefix must not overlap in time, and each must start before it ends (contract §2).
def check_spans(rel, by_prefix):
    for c, spans in by_prefix.items():
        spans.sort()
        for (f1, t1), (f2, t2) in zip(spans, spans[1:]):
            if f2 < t1:
                errors.append(f"{rel}: rows for {c} overlap ({f1}..{t1} and {f2}..{t2})")
        for f, t in spans:
            if not f < t:
                errors.append(f"{rel}: {c} valid_from {f} not before valid_to {t}")

for rel, importer, slabs in [("tariffs/pak-mfn.csv", "PAK", {0, 3, 11, 16, 20}),
                             ("tariffs/aze-mfn.csv", "AZE", {0, 5, 15})]:
    rs = rows(rel)
    by_prefix = {}
    for r in rs:
        c = r["hs_prefix"]
        if r["importer"] != importer:
            errors.append(f"{rel}: importer {r['importer']}")
        if not real(c, hs):
            errors.append(f"{rel}: {c} is not an HS 2022 code")
        if float(r["rate"]) not in slabs:
            errors.append(f"{rel}: {c} rate {r['rate']} is not one of the slabs {sorted(slabs)}")
        if not r["valid_from"]:
            errors.append(f"{rel}: {c} has no valid_from")
        by_prefix.setdefault(c, []).append((r["valid_from"], r["valid_to"] or "9999-12-31"))
    check_spans(rel, by_prefix)
    chapters = {c for c in by_prefix if len(c) == 2}
    missing = sorted({c[:2] for c in hs if len(c) == 2 and c != "99"} - chapters)
    if missing:
        errors.append(f"{rel}: no chapter fallback for {missing}")

fx = rows("tariffs/fx.csv")
seen = set()
for r in fx:
    k = (r["currency"], r["date"])
    if k in seen:
        errors.append(f"tariffs/fx.csv: duplicate {k}")
    seen.add(k)
for cur in ("PKR", "AZN"):
    months = {r["date"] for r in fx if r["currency"] == cur}
    want = {f"{y}-{m:02d}-01" for y in range(2023, 2027) for m in range(1, 13)}
    if months != want:
        errors.append(f"tariffs/fx.csv: {cur} months differ from 2023-01..2026-12")

for r in rows("elasticities/import-demand.csv"):
    if not real(r["hs_prefix"], hs) or not float(r["value"]) < 0 or float(r["sd"]) < 0:
        errors.append(f"elasticities/import-demand.csv: bad row {r}")

# Scenario files: every referenced table exists (paths are relative to the YAML file). A line-based reading
# keeps this script free of a YAML dependency.
for yf in sorted(HERE.glob("*.yaml")):
    text = yf.read_text()
    if "illustrative" not in text.split("\nid:")[0].lower():
        errors.append(f"{yf.name}: no 'illustrative' comment at the top")
    for line in text.splitlines():
        key, _, value = line.strip().lstrip("- ").partition(":")
        if key in ("PAK", "AZE", "fx", "lines") and value.strip() and not (yf.parent / value.strip()).is_file():
            errors.append(f"{yf.name}: {key} names missing file {value.strip()}")
        if key == "id" and value.strip() != yf.stem:
            errors.append(f"{yf.name}: id {value.strip()} differs from the file name")
    if "by_hs: elasticities/import-demand.csv" not in text:
        errors.append(f"{yf.name}: no by_hs elasticities")

# Border-tax tables (contract §2). Specific tables carry unit and currency; the rest are percent.

fx_currencies = {r["currency"] for r in fx}
TAX_TABLES = {"tariffs/pak-acd.csv": False, "tariffs/pak-rd.csv": False, "tariffs/pak-sales-tax.csv": False,
              "tariffs/pak-wht.csv": False, "tariffs/aze-vat.csv": False, "tariffs/aze-excise.csv": True}
for rel, specific in TAX_TABLES.items():
    rs = rows(rel)
    want = ["hs_prefix", "rate", "unit", "currency", "valid_from", "valid_to"] if specific \
        else ["hs_prefix", "rate", "valid_from", "valid_to"]
    if rs and list(rs[0].keys()) != want:
        errors.append(f"{rel}: header {list(rs[0].keys())}, want {want}")
        continue
    by_prefix = {}
    for r in rs:
        c = r["hs_prefix"]
        if not real(c, hs):
            errors.append(f"{rel}: {c} is not an HS 2022 code")
        if not float(r["rate"]) >= 0 or (not specific and float(r["rate"]) > 100):
            errors.append(f"{rel}: {c} rate {r['rate']} out of range")
        if not r["valid_from"]:
            errors.append(f"{rel}: {c} has no valid_from")
        if specific and not r["unit"].strip():
            errors.append(f"{rel}: {c} has no unit")
        if specific and r["currency"] not in fx_currencies | {"USD"}:
            errors.append(f"{rel}: {c} currency {r['currency']} has no FX rows")
        by_prefix.setdefault(c, []).append((r["valid_from"], r["valid_to"] or "9999-12-31"))
    check_spans(rel, by_prefix)

sys.dont_write_bytecode = True  # no __pycache__ in the library
sys.path.insert(0, str(HERE))
import make_tax_tables  # noqa: E402  (the derivation is the specification of the ACD table)

derived = [[str(x) for x in r] for r in make_tax_tables.pak_acd()]
on_disk = [[r["hs_prefix"], r["rate"], r["valid_from"], r["valid_to"]] for r in rows("tariffs/pak-acd.csv")]
if derived != on_disk:
    errors.append("tariffs/pak-acd.csv differs from what make_tax_tables.py derives: run it again")
acd_prefixes = {r[0] for r in on_disk}
missing_acd = sorted({r["hs_prefix"] for r in rows("tariffs/pak-mfn.csv")} - acd_prefixes)
if missing_acd:
    errors.append(f"tariffs/pak-acd.csv: no row for MFN prefixes {missing_acd}")

# Taxes blocks: every rates: file exists, relative to the scenario the block belongs to (scenarios/).
for yf in sorted(HERE.glob("*.yaml")):
    if "\ntaxes:" not in yf.read_text():
        errors.append(f"{yf.name}: no taxes: section")
for bf in sorted(HERE.glob("*.yaml")):
    for line in bf.read_text().splitlines():
        if "rates:" in line and not line.lstrip().startswith("#"):
            rel = line.split("rates:")[1].split(",")[0].strip()
            if not (HERE / rel).is_file():
                errors.append(f"{bf.name}: rates names missing file {rel}")

# Quotas: read with regular expressions (no YAML library needed), from the flow-style entries the library writes.
QUOTA = re.compile(r'\{ id: ([a-z0-9-]+), importer: ([A-Z]{3}), beneficiary: ([A-Z]{3}), lines: \[([^\]]*)\]')
CONCESSION = re.compile(r'- importer: ([A-Z]{3})\n\s+beneficiary: ([A-Z]{3})\n\s+lines: (\S+)')
quota_entries = {}
for name in ["pk-az-pta-requests.yaml", "pk-az-pta-phase1.yaml"]:
    text = (HERE / name).read_text()
    if "\nquotas:" not in text:
        errors.append(f"{name}: no quotas: section")
        continue
    quota_entries[name] = [line.strip() for line in text.split("\nquotas:", 1)[1].splitlines()
                           if line.strip() and not line.lstrip().startswith("#")]
    lists_of = {(imp, ben): rel for imp, ben, rel in CONCESSION.findall(text)}
    found = QUOTA.findall(text)
    if not found:
        errors.append(f"{name}: quotas: lists no quota in the form {{ id: ..., importer: ..., beneficiary: ...,"
                      f" lines: [...] ...")
    for qid, imp, ben, qlines in found:
        rel = lists_of.get((imp, ben))
        if rel is None:
            errors.append(f"{name}: quota {qid}: no concession of {imp} to {ben}")
            continue
        on_list = prefixes.get(rel) or {r["hs_prefix"] for r in rows(rel)}
        for line in [x.strip().strip('"') for x in qlines.split(",") if x.strip()]:
            if not any(line.startswith(p) or p.startswith(line) for p in on_list):
                errors.append(f"{name}: quota {qid}: line {line} is not on {rel}")
if len(set(map(tuple, quota_entries.values()))) > 1:
    errors.append("pk-az-pta-requests.yaml and pk-az-pta-phase1.yaml: quotas: entries differ")

for e in errors:
    print("ERROR", e)
print("scenario library:", "OK" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
