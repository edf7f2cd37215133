#!/usr/bin/env python3
"""Writes the scenario library's border-tax tables (contract §2) from the MFN schedules and the rules below.

Usage: python3 scenarios/make_tax_tables.py   (rewrites scenarios/tariffs/{pak,aze}-*.csv; no arguments)
Run it again after editing tariffs/pak-mfn.csv or aze-mfn.csv, then python3 scenarios/check_library.py.

Every rate here is ILLUSTRATIVE and dated (README.md, "Border taxes"): the structure of each tax is the real one,
the rates are rounded public magnitudes, the lines carrying regulatory duty and excise are examples.

Pakistan
- acd (additional customs duty, SRO 967(I)/2022 of 30 June 2022, from 2022-07-01): follows the customs-duty slab of
  the line in pak-mfn.csv, row for row and span for span (a dated MFN change moves the ACD on the same date):
  0 -> 0 (the SRO exempts the 0% slab except 7204, which has no 0% row here), 3 and 11 -> 2, 16 -> 4, 20 -> 6,
  30 and above -> 7. Exempt (rate 0), as in para 3 of the SRO: chapter 31 (fertilisers); polymers of ethylene
  and propylene in primary forms (39.01, 39.02); and plant and machinery "used in manufacturing ... classifiable
  under chapters 84 and 85", which a table by HS prefix cannot condition on use, so it is taken here as chapter 84
  whole (boilers, machinery and mechanical appliances: capital goods almost throughout) and the capital-goods
  headings of chapter 85 (8501 motors and generators, 8502 generating sets, 8504 transformers and converters, 8514
  industrial furnaces, 8515 welding machines); the rest of chapter 85 (telephones, televisions, household
  appliances) keeps its slab's ACD. The SRO's other exemptions (seeds for sowing, chapter 99, Fifth Schedule and
  other concessionary imports) depend on the importer or the regime, not the line, and are not modelled. Once the table is written it is a table of
  its own: an amendment to the MFN rate of a line does not move its ACD.
- rd (regulatory duty): a few illustrative lines only; no row means 0.
- sales_tax: 17% on every chapter until 2023-02-14, 18% from 2023-02-15 (Finance (Supplementary) Act 2023).
- wht (withholding income tax on imports, creditable): 5.5% on every chapter.
Azerbaijan
- excise (specific, AZN per unit): spirits 2208 per litre, tobacco 2402 per 1,000 pieces (WCO unit code 1000u).
- vat: 18% on every chapter.
"""
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARIFFS = HERE / "tariffs"

ACD_FROM = "2022-07-01"            # SRO 967(I)/2022, Finance Act 2022 (FY2022-23)
ACD_EXEMPT = ["31", "3901", "3902", "84", "8501", "8502", "8504", "8514", "8515"]


def acd_of_slab(rate):
    if rate >= 30:
        return 7
    return {0: 0, 3: 2, 11: 2, 16: 4, 20: 6}[rate]


def mfn_rows(name):
    with open(TARIFFS / name, newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, rows):
    with open(TARIFFS / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def later(a, b):
    return max(a, b)


def exempt(prefix):
    return any(prefix.startswith(e) for e in ACD_EXEMPT)


def pak_acd():
    rows = []
    for r in mfn_rows("pak-mfn.csv"):
        valid_from = later(r["valid_from"], ACD_FROM)
        if r["valid_to"] and r["valid_to"] <= valid_from:
            continue  # an MFN span that ended before the SRO: no ACD row
        rate = 0 if exempt(r["hs_prefix"]) else acd_of_slab(int(float(r["rate"])))
        rows.append([r["hs_prefix"], rate, valid_from, r["valid_to"]])
    # exempt headings finer than any MFN row (chapter 85's capital goods): their own 0 rows
    mfn_prefixes = {r[0] for r in rows}
    for e in ACD_EXEMPT:
        if e not in mfn_prefixes:
            rows.append([e, 0, ACD_FROM, ""])
    return rows


def chapters(mfn_name):
    return [r["hs_prefix"] for r in mfn_rows(mfn_name) if len(r["hs_prefix"]) == 2]


def main():
    write("pak-acd.csv", ["hs_prefix", "rate", "valid_from", "valid_to"], pak_acd())
    write("pak-rd.csv", ["hs_prefix", "rate", "valid_from", "valid_to"], [
        ["0805", 10, "2022-07-01", "2025-07-01"],   # citrus fruit: halved in the FY2025-26 budget (illustrative)
        ["0805", 5, "2025-07-01", ""],
        ["3304", 15, "2022-07-01", ""],             # beauty and make-up preparations
        ["8703", 15, "2022-07-01", ""],             # motor cars
    ])
    pak = chapters("pak-mfn.csv")
    write("pak-sales-tax.csv", ["hs_prefix", "rate", "valid_from", "valid_to"],
          [[c, 17, "2022-01-01", "2023-02-15"] for c in pak] + [[c, 18, "2023-02-15", ""] for c in pak])
    write("pak-wht.csv", ["hs_prefix", "rate", "valid_from", "valid_to"],
          [[c, 5.5, "2022-01-01", ""] for c in pak])
    write("aze-excise.csv", ["hs_prefix", "rate", "unit", "currency", "valid_from", "valid_to"], [
        ["2208", "5.00", "l", "AZN", "2022-01-01", ""],              # spirits, per litre
        ["2402", "25.00", "1000u", "AZN", "2022-01-01", "2025-01-01"],  # cigars and cigarettes, per 1,000 pieces
        ["2402", "30.00", "1000u", "AZN", "2025-01-01", ""],
    ])
    write("aze-vat.csv", ["hs_prefix", "rate", "valid_from", "valid_to"],
          [[c, 18, "2022-01-01", ""] for c in chapters("aze-mfn.csv")])


if __name__ == "__main__":
    main()
