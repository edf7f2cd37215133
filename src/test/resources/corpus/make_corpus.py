#!/usr/bin/env python3
"""Writes the bad-input corpus (the *.csv and *.jsonl files beside this script) and manifest.csv.

The files are committed; this script is how they were made, kept so that the byte-level cases (byte-order mark,
CRLF, CR, invalid UTF-8, 1 MB fields) can be read as text and changed in one place. Run it from this folder:

    python3 make_corpus.py

Each case is one small customs extract. manifest.csv has one row per record the file source reads (plus one row
with outcome `none` for a file that holds no record), with the line the record starts on and its expected outcome
in the scenario src/test/resources/pipeline/test-pta.yaml (importers AZE and PAK; FX for AZN and PKR):

    accepted | duplicate | out_of_scope | rejected (with reason, a code of RejectionReason) | none

The outcomes come from the contract (§1) and the README's contract readings, not from the program's output.
`status` is `ok`, or `open: ...` for a case where the program does not do what the contract says yet.
"""
import os

HEADER = ("declaration_id,item_no,registered_at,importer,origin,consignment,hs_code,procedure,customs_value,"
          "currency,quantity,unit,preference,duty_collected")
FIELDS = HEADER.split(",")
BOM = "\ufeff"

manifest = []  # (case, file, line, outcome, reason, status, what)
cases = set()


def rec(decl, **kw):
    """A valid CSV record in the contract's column order: AZE imports Pakistani rice (MFN 20 %, concession 0)."""
    v = dict(declaration_id=decl, item_no="1", registered_at="2024-01-05T10:00:00Z", importer="AZE", origin="PAK",
             consignment="", hs_code="10063010", procedure="home_use", customs_value="10", currency="USD",
             quantity="100", unit="kg", preference="TEST-PTA", duty_collected="")
    v.update(kw)
    return ",".join(v[f] for f in FIELDS)


def jrec(decl, raw_fields=None, **kw):
    """A valid JSON record as text; kw values are JSON text (already quoted where strings)."""
    v = {"declaration_id": f'"{decl}"', "item_no": "1", "registered_at": '"2024-01-05T10:00:00Z"',
         "importer": '"AZE"', "origin": '"PAK"', "hs_code": '"10063010"', "procedure": '"home_use"',
         "customs_value": "10", "currency": '"USD"', "quantity": "100", "unit": '"kg"', "preference": '"TEST-PTA"'}
    v.update(kw)
    return "{" + ",".join(f'"{k}":{x}' for k, x in v.items() if x is not None) + "}"


def write(case, name, data, expectations, what, status="ok"):
    """data: str (written as UTF-8) or bytes. expectations: [(line, outcome, reason)]."""
    assert case not in cases, case
    cases.add(case)
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    if not expectations:
        manifest.append((case, name, "", "none", "", status, what))
    for line, outcome, reason in expectations:
        manifest.append((case, name, str(line), outcome, reason, status, what))


def csv(*lines, header=HEADER, eol="\n"):
    return eol.join((header,) + lines) + eol


A, R = "accepted", "rejected"

# ---- CSV: structure -----------------------------------------------------------------------------------------------
write("valid-record", "valid.csv", csv(rec("K01")), [(2, A, "")], "a valid record: the baseline")
write("truncated-line", "truncated-line.csv", csv(rec("K02a"), rec("K02b")[:40], rec("K02c")),
      [(2, A, ""), (3, R, "malformed"), (4, A, "")], "a line cut short in the middle of a field")
write("unterminated-quote-at-end", "unterminated-quote-at-end.csv",
      csv(rec("K03a")) + rec("K03b").replace(",kg,", ',"kg,'),
      [(2, A, ""), (3, R, "malformed")], "the last line opens a quote and the file ends (no final newline)")
write("unterminated-quote-swallows", "unterminated-quote-swallows.csv",
      csv(rec("K04a").replace(",kg,", ',"kg,'), rec("K04b"), rec("K04c")),
      [(2, R, "malformed")],
      "a quote never closed: the rest of the file is one rejected record, kept whole in rejected.csv")
write("extra-field", "extra-field.csv", csv(rec("K05") + ",surplus"), [(2, R, "malformed")],
      "one field more than the header")
write("quote-after-closing-quote", "quote-after-closing-quote.csv", csv(rec("K06").replace(",kg,", ',"kg"x,')),
      [(2, R, "malformed")], 'text after a closing quote ("kg"x)')
write("stray-quote-inside-field", "stray-quote-inside-field.csv", csv(rec("K07", unit='5" bags')),
      [(2, A, "")], "a quote inside an unquoted field is plain text (5\" bags)")
write("doubled-quotes", "doubled-quotes.csv", csv(rec("K08", unit='"5"" bags"')), [(2, A, "")],
      "an escaped quote in a quoted field")
write("quoted-commas", "quoted-commas.csv",
      csv(rec("K09a", unit='"kg, net"'), rec('"K09b,1"', preference='"TEST-PTA"')),
      [(2, A, ""), (3, A, "")], "commas inside quoted fields (free text and declaration id)")
write("embedded-newline", "embedded-newline.csv",
      csv(rec("K10a", unit='"kg\nnet"'), rec("K10b", unit='"kg\r\nnet"'), rec("K10c")),
      [(2, A, ""), (4, A, ""), (6, A, "")],
      "line breaks (LF and CRLF) inside quoted fields: one record, numbered by its first line")
write("empty-lines", "empty-lines.csv",
      HEADER + "\n\n" + rec("K11a") + "\n\n\n" + rec("K11b") + "\n   \n\t\n\n",
      [(3, A, ""), (6, A, "")], "empty and blank (spaces, tab) lines between and after records: skipped, not records")
write("byte-order-mark", "byte-order-mark.csv", BOM + csv(rec("K12")), [(2, A, "")],
      "a UTF-8 byte-order mark before the header")
write("crlf-line-ends", "crlf-line-ends.csv", csv(rec("K13a"), rec("K13b"), eol="\r\n"),
      [(2, A, ""), (3, A, "")], "Windows line ends")
write("cr-line-ends", "cr-line-ends.csv", csv(rec("K14a"), rec("K14b"), eol="\r"),
      [(2, A, ""), (3, A, "")], "classic Mac line ends (CR only), as old spreadsheet exports write them")
write("bom-crlf-quoted-header", "bom-crlf-quoted-header.csv",
      BOM + csv(rec("K15"), header=",".join(f'"{f}"' for f in FIELDS), eol="\r\n"), [(2, A, "")],
      "byte-order mark, CRLF and a quoted header together (a spreadsheet's 'CSV UTF-8')")
write("header-reordered-padded", "header-reordered-padded.csv",
      "remarks, importer ,registered_at,item_no,declaration_id,origin,hs_code,customs_value\n"
      "first shipment,AZE,2024-01-05,1,K16,PAK,100630,10\n",
      [(2, A, "")], "columns in another order, names padded with spaces, an unknown column, optional columns absent")
write("header-missing-required-column", "header-missing-required-column.csv",
      csv(",".join(rec("K17").split(",")[:6] + rec("K17").split(",")[7:]),
          header=",".join(f for f in FIELDS if f != "hs_code")),
      [(2, R, "missing_field")], "the header has no hs_code column: every record lacks a required field")
write("header-duplicate-column", "header-duplicate-column.csv", csv(rec("K18") + ",11", header=HEADER + ",customs_value"),
      [(2, R, "malformed")], "the header names customs_value twice: ambiguous, every record rejected")
write("header-only", "header-only.csv", csv(), [], "a header and no records")
write("empty-file", "empty-file.csv", "", [], "a file of zero bytes")
write("only-blank-lines", "only-blank-lines.csv", "\n\r\n  \n", [], "a file of blank lines: no header, no records")
write("repeated-header", "repeated-header.csv", csv(rec("K19a"), HEADER, rec("K19b")),
      [(2, A, ""), (3, R, "bad_item_no"), (4, A, "")],
      "two extracts concatenated: the second header is a record whose item_no is 'item_no'")
write("tab-separated", "tab-separated.tsv.csv",
      HEADER.replace(",", "\t") + "\n" + rec("K20").replace(",", "\t") + "\n",
      [(2, R, "missing_field")], "a tab-separated file: the header names no contract column")
write("semicolon-separated", "semicolon-separated.csv",
      HEADER.replace(",", ";") + "\n" + rec("K21a").replace(",", ";") + "\n"
      + rec("K21b", customs_value="10,5").replace(",", ";").replace("10;5", "10,5") + "\n",
      [(2, R, "missing_field"), (3, R, "malformed")],
      "a semicolon-separated spreadsheet export (decimal comma on line 3 makes two fields)")

# ---- CSV: encodings ------------------------------------------------------------------------------------------------
write("invalid-utf8-free-text", "invalid-utf8-free-text.csv",
      csv(rec("K22a")).encode() + rec("K22b", unit="kg\udcff").encode("utf-8", "surrogateescape") + b"\n"
      + rec("K22c").encode() + b"\n",
      [(2, A, ""), (3, R, "malformed"), (4, A, "")], "a byte 0xFF (never UTF-8) in the unit: the text is not UTF-8")
write("invalid-utf8-code", "invalid-utf8-code.csv",
      csv().encode() + rec("K23", origin="PA\udcc3").encode("utf-8", "surrogateescape") + b"\n",
      [(2, R, "malformed")], "a truncated two-byte sequence in a country code")
write("latin1-text", "latin1-text.csv",
      csv().encode() + rec("K24", unit="pi\u00e8ce").encode("latin-1") + b"\n",
      [(2, R, "malformed")], "a Latin-1 extract (pi\\xe8ce) read as UTF-8")
write("encoded-surrogate", "encoded-surrogate.csv",
      csv().encode() + rec("K25").encode().replace(b",kg,", b",kg\xed\xa0\x80,") + b"\n",
      [(2, R, "malformed")], "a UTF-16 surrogate encoded in UTF-8 (CESU-8): invalid UTF-8")
write("utf8-text", "utf8-text.csv", csv(rec("K26", unit="pi\u00e8ce \u043a\u0433 \u0645\u062a\u0631")),
      [(2, A, "")], "valid non-ASCII UTF-8 in free text (French, Cyrillic, Arabic)")

# ---- CSV: numbers --------------------------------------------------------------------------------------------------
write("thousands-separators", "thousands-separators.csv",
      csv(rec("K27a", customs_value='"1,234.50"'), rec("K27b", customs_value="1'234.50"),
          rec("K27c", customs_value="1\u00a0234.50"), rec("K27d", customs_value="1 234.50"),
          rec("K27e", customs_value="1.234.500")),
      [(2, R, "bad_number"), (3, R, "bad_number"), (4, R, "bad_number"), (5, R, "bad_number"),
       (6, R, "bad_number")], "grouping with comma, apostrophe, no-break space, space, dot")
write("decimal-comma", "decimal-comma.csv", csv(rec("K28", customs_value='"12,5"')), [(2, R, "bad_number")],
      "a decimal comma")
write("exponent", "exponent.csv",
      csv(rec("K29a", customs_value="1e3"), rec("K29b", customs_value="1.5E+2"), rec("K29c", quantity="2E0")),
      [(2, R, "bad_number"), (3, R, "bad_number"), (4, R, "bad_number")], "scientific notation (as Excel writes it)")
write("nan-infinity", "nan-infinity.csv",
      csv(rec("K30a", customs_value="NaN"), rec("K30b", customs_value="Infinity"),
          rec("K30c", customs_value="-Infinity"), rec("K30d", customs_value="inf"),
          rec("K30e", duty_collected="nan")),
      [(2, R, "bad_number"), (3, R, "bad_number"), (4, R, "bad_number"),
       (5, R, "bad_number"), (6, R, "bad_number")], "NaN and Infinity in any spelling")
write("negative-zero", "negative-zero.csv",
      csv(rec("K31a", customs_value="-0"), rec("K31b", customs_value="-0.00", duty_collected="-0")),
      [(2, A, ""), (3, A, "")], "negative zero is zero: not a negative value")
write("negative-value", "negative-value.csv",
      csv(rec("K32a", customs_value="-5"), rec("K32b", duty_collected="-0.01"), rec("K32c", quantity="-1")),
      [(2, R, "negative_value"), (3, R, "negative_value"), (4, R, "negative_value")],
      "a credit note keyed as a line item; a negative duty; a negative quantity")
write("half-written-decimals", "half-written-decimals.csv",
      csv(rec("K33a", customs_value=".5"), rec("K33b", customs_value="5."), rec("K33c", customs_value="--5"),
          rec("K33d", customs_value="0x10"), rec("K33e", customs_value="12.5.1")),
      [(2, R, "bad_number"), (3, R, "bad_number"), (4, R, "bad_number"), (5, R, "bad_number"),
       (6, R, "bad_number")], "a decimal without digits on one side, double sign, hex, two points")
write("currency-symbol-and-non-ascii-digits", "currency-symbol-and-non-ascii-digits.csv",
      csv(rec("K34a", customs_value="$100"), rec("K34b", customs_value="100USD"),
          rec("K34c", customs_value="\u0661\u0660\u0660"), rec("K34d", customs_value="\uff11\uff10\uff10")),
      [(2, R, "bad_number"), (3, R, "bad_number"), (4, R, "bad_number"), (5, R, "bad_number")],
      "a currency sign, a unit suffix, Arabic-Indic and full-width digits")
write("plain-decimal-forms", "plain-decimal-forms.csv",
      csv(rec("K35a", customs_value="+10"), rec("K35b", customs_value="0010.500"),
          rec("K35c", customs_value="12.123456789012")),
      [(2, A, ""), (3, A, ""), (4, A, "")], "a leading plus, leading and trailing zeros, many decimals: plain")
write("padded-values", "padded-values.csv",
      csv(rec("K36a", customs_value=" 12.5"), rec("K36b", importer="AZE "), rec("K36c", hs_code=" 10063010")),
      [(2, R, "bad_number"), (3, R, "bad_country"), (4, R, "bad_hs_code")], "values are not trimmed")

# ---- CSV: item numbers ---------------------------------------------------------------------------------------------
write("item-no-wrong-type", "item-no-wrong-type.csv",
      csv(rec("K37a", item_no="one"), rec("K37b", item_no="1.0"), rec("K37c", item_no="1e0"),
          rec("K37d", item_no="0"), rec("K37e", item_no="-1"), rec("K37f", item_no="99999999999999999999")),
      [(2, R, "bad_item_no"), (3, R, "bad_item_no"), (4, R, "bad_item_no"), (5, R, "bad_item_no"),
       (6, R, "bad_item_no"), (7, R, "bad_item_no")], "a word, a decimal, an exponent, zero, negative, too large")
write("item-no-leading-zeros", "item-no-leading-zeros.csv", csv(rec("K38", item_no="007")), [(2, A, "")],
      "item 007 is item 7")

# ---- CSV: dates ----------------------------------------------------------------------------------------------------
write("date-out-of-range", "date-out-of-range.csv",
      csv(rec("K39a", registered_at="2024-13-01"), rec("K39b", registered_at="2024-02-30"),
          rec("K39c", registered_at="2023-02-29"), rec("K39d", registered_at="1899-12-31"),
          rec("K39e", registered_at="2200-01-01"), rec("K39f", registered_at="0024-01-05"),
          rec("K39g", registered_at="2024-01-05T24:00:00Z"), rec("K39h", registered_at="2024-01-05T23:59:60Z"),
          rec("K39i", registered_at="2024-01-05T10:00:00+19:00")),
      [(i, R, "bad_date") for i in range(2, 11)],
      "month 13, 30 February, 29 February of a common year, years outside 1900-2199, hour 24, leap second, "
      "offset beyond 18 h")
write("date-without-offset", "date-without-offset.csv",
      csv(rec("K40a", registered_at="2024-01-05T10:00:00"), rec("K40b", registered_at="2024-01-05T10:00:00.5")),
      [(2, R, "bad_date"), (3, R, "bad_date")], "a local date-time: which zone is unknown")
write("date-other-notations", "date-other-notations.csv",
      csv(rec("K41a", registered_at="05/01/2024"), rec("K41b", registered_at="2024-1-5"),
          rec("K41c", registered_at="20240105"), rec("K41d", registered_at="2024-01-05 10:00:00Z"),
          rec("K41e", registered_at="2024-01-05T10:00Z"), rec("K41f", registered_at="2024-01-05T10:00:00+0500"),
          rec("K41g", registered_at="2024-01-05T10:00:00z"), rec("K41h", registered_at="1704448800"),
          rec("K41i", registered_at="2024-01-05T10:00:00.1234567890Z")),
      [(i, R, "bad_date") for i in range(2, 11)],
      "day/month/year, no zero padding, basic format, a space for T, no seconds, offset without colon, "
      "lower-case z, epoch seconds, ten fraction digits")
write("date-accepted-forms", "date-accepted-forms.csv",
      csv(rec("K42a", registered_at="2024-01-05"), rec("K42b", registered_at="2024-01-05T10:00:00.123456789+05:00"),
          rec("K42c", registered_at="2024-01-05T10:00:00-00:00"), rec("K42d", registered_at="2024-02-29T23:59:59Z")),
      [(2, A, ""), (3, A, ""), (4, A, ""), (5, A, "")],
      "a date, nine fraction digits with an offset, -00:00, 29 February of a leap year")
write("date-before-tariff", "date-before-tariff.csv", csv(rec("K43", registered_at="1900-01-01")),
      [(2, R, "no_mfn_rate")], "a valid but early date (1900): the scenario's schedule starts in 2020")

# ---- CSV: codes ----------------------------------------------------------------------------------------------------
write("hs-code-shape", "hs-code-shape.csv",
      csv(rec("K44a", hs_code="10063010123"), rec("K44b", hs_code="10063"), rec("K44c", hs_code="1006A0"),
          rec("K44d", hs_code="1006.30"), rec("K44e", hs_code="\uff11\uff10\uff10\uff16\uff13\uff10"),
          rec("K44f", hs_code="-100630")),
      [(i, R, "bad_hs_code") for i in range(2, 8)],
      "11 digits, 5 digits (lost leading zero), a letter, dotted notation, full-width digits, a sign")
write("hs-code-lengths-accepted", "hs-code-lengths-accepted.csv",
      csv(rec("K45a", hs_code="100630"), rec("K45b", hs_code="1006301000")), [(2, A, ""), (3, A, "")],
      "HS6 and a 10-digit national line")
write("country-code-shape", "country-code-shape.csv",
      csv(rec("K46a", importer="aze"), rec("K46b", origin="Pak"), rec("K46c", consignment="pk"),
          rec("K46d", origin="PK"), rec("K46e", origin="PAKI"), rec("K46f", origin="P4K")),
      [(2, R, "bad_country"), (3, R, "bad_country"), (4, R, "bad_country"), (5, R, "bad_country"),
       (6, R, "bad_country"), (7, R, "bad_country")],
      "lower and mixed case, alpha-2, four letters, a digit")
write("procedure-unknown", "procedure-unknown.csv",
      csv(rec("K47a", procedure="bonded"), rec("K47b", procedure="HOME_USE"), rec("K47c", procedure="home use"),
          rec("K47d", procedure="40")),
      [(2, R, "bad_procedure"), (3, R, "bad_procedure"), (4, R, "bad_procedure"), (5, R, "bad_procedure")],
      "an unknown procedure, upper case, a space for the underscore, a national CPC code")
write("procedure-other-than-home-use", "procedure-other-than-home-use.csv",
      csv(rec("K48a", procedure="transit"), rec("K48b", procedure="warehouse"), rec("K48c", procedure="re_export"),
          rec("K48d", procedure="temporary"), rec("K48e", procedure="")),
      [(i, A, "") for i in range(2, 7)], "the other four procedures, and an empty one (= home_use)")
write("currency-unknown", "currency-unknown.csv",
      csv(rec("K49a", currency="XYZ"), rec("K49b", currency="PKR", registered_at="2023-11-01"),
          rec("K49c", currency="usd"), rec("K49d", currency="US$"), rec("K49e", currency="")),
      [(2, R, "no_fx_rate"), (3, R, "no_fx_rate"), (4, R, "bad_currency"), (5, R, "bad_currency"), (6, A, "")],
      "a well-formed code the FX table lacks, a rate not yet in force, lower case, a symbol, empty (= USD)")
write("missing-or-empty-required", "missing-or-empty-required.csv",
      csv(rec("K50a", customs_value=""), rec("K50b", importer='""'), rec("   ", item_no="2"),
          rec("K50d", registered_at="")),
      [(2, R, "missing_field"), (3, R, "missing_field"), (4, R, "missing_field"), (5, R, "missing_field")],
      "an empty value, an empty quoted value, a blank declaration id, no date")

# ---- CSV: big fields -----------------------------------------------------------------------------------------------
MB = 1 << 20
write("megabyte-unknown-column", "megabyte-unknown-column.csv",
      csv(rec("K51") + "," + "x" * MB, header=HEADER + ",remarks"), [(2, A, "")],
      "a 1 MB value in a column the contract does not know: ignored")
write("megabyte-number", "megabyte-number.csv", csv(rec("K52", customs_value="1" * MB)), [(2, R, "bad_number")],
      "a 1 MB customs value")

# ---- CSV: keys and scope -------------------------------------------------------------------------------------------
write("duplicate-identical", "duplicate-identical.csv", csv(rec("K53"), rec("K53")),
      [(2, A, ""), (3, "duplicate", "")], "the same record twice")
write("duplicate-conflicting", "duplicate-conflicting.csv", csv(rec("K54"), rec("K54", customs_value="11")),
      [(2, A, ""), (3, "duplicate", "")], "the same key with another value: one kept, the conflict counted")
write("rejected-then-valid-same-key", "rejected-then-valid-same-key.csv",
      csv(rec("K55", customs_value='"1,0"'), rec("K55")),
      [(2, R, "bad_number"), (3, A, "")], "a rejected record claims no key: the valid copy is accepted")
write("importer-out-of-scope", "importer-out-of-scope.csv",
      csv(rec("K56a", importer="IND"), rec("K56b", importer="IND", currency="XYZ")),
      [(2, "out_of_scope", ""), (3, "out_of_scope", "")],
      "an importer the scenario does not cover, also with a currency no table has")
write("no-mfn-rate", "no-mfn-rate.csv", csv(rec("K57", importer="PAK", origin="AZE", hs_code="99050000")),
      [(2, R, "no_mfn_rate")], "a line the importer's schedule does not cover")

# ---- JSON Lines ----------------------------------------------------------------------------------------------------
def jsonl(*lines, eol="\n"):
    return eol.join(lines) + eol


write("json-valid", "json-valid.jsonl",
      jsonl(jrec("J01a"), jrec("J01b", item_no='"2"', customs_value='"10.50"', currency=None, procedure=None)),
      [(1, A, ""), (2, A, "")], "numbers as JSON numbers or strings; optional keys absent")
write("json-not-an-object", "json-not-an-object.jsonl",
      jsonl(jrec("J02a"), "[" + jrec("J02b") + "]", "[]", '"text"', "42", "null", "true"),
      [(1, A, "")] + [(i, R, "malformed") for i in range(2, 8)], "an array, an empty array, bare values")
write("json-nested-known-field", "json-nested-known-field.jsonl",
      jsonl(jrec("J03a", customs_value='{"amount":10,"currency":"USD"}'), jrec("J03b", importer='["AZE"]')),
      [(1, R, "malformed"), (2, R, "malformed")], "an object or array as a contract field's value")
write("json-nested-unknown-field", "json-nested-unknown-field.jsonl",
      jsonl(jrec("J04", meta='{"a":[1,{"b":[null,true]}],"c":{}}')), [(1, A, "")],
      "nested structures under a key the contract does not know: ignored")
write("json-duplicate-keys", "json-duplicate-keys.jsonl",
      jsonl(jrec("J05a")[:-1] + ',"customs_value":11}', jrec("J05b")[:-1] + ',"x":1,"x":2}'),
      [(1, R, "malformed"), (2, R, "malformed")], "a contract key twice (which value?), an unknown key twice")
write("json-truncated", "json-truncated.jsonl", jsonl(jrec("J06a")[:60], jrec("J06b")),
      [(1, R, "malformed"), (2, A, "")], "a line cut short (a partial write), then a good line")
write("json-broken-syntax", "json-broken-syntax.jsonl",
      jsonl(jrec("J07a")[:-1] + ",}", jrec("J07b") + jrec("J07c"), jrec("J07d").replace('"', "'"),
            "// comment\t" + jrec("J07e"), jrec("J07f", customs_value="012"), jrec("J07g") + " x"),
      [(i, R, "malformed") for i in range(1, 7)],
      "a trailing comma, two objects on a line, single quotes, a comment, a leading zero, text after")
write("json-nan-infinity", "json-nan-infinity.jsonl",
      jsonl(jrec("J08a", customs_value="NaN"), jrec("J08b", customs_value="Infinity"),
            jrec("J08c", customs_value='"NaN"'), jrec("J08d", customs_value='"Infinity"')),
      [(1, R, "malformed"), (2, R, "malformed"), (3, R, "bad_number"), (4, R, "bad_number")],
      "NaN and Infinity as JSON tokens (not JSON) and as strings (not decimals)")
write("json-exponent", "json-exponent.jsonl",
      jsonl(jrec("J09a", customs_value="1e3"), jrec("J09b", customs_value="1.5E+2"), jrec("J09c", customs_value='"1e3"')),
      [(1, R, "bad_number"), (2, R, "bad_number"), (3, R, "bad_number")], "exponents, as numbers and as strings")
write("json-negative-zero", "json-negative-zero.jsonl",
      jsonl(jrec("J10a", customs_value="-0"), jrec("J10b", customs_value="-0.0", quantity='"-0"')),
      [(1, A, ""), (2, A, "")], "negative zero")
write("json-wrong-types", "json-wrong-types.jsonl",
      jsonl(jrec("J11a", hs_code="10063010"), jrec("J11b", declaration_id="1234"), jrec("J11c", customs_value="true"),
            jrec("J11d", item_no="1.0"), jrec("J11e", unit="5"), jrec("J11f", item_no="-1"),
            jrec("J11g", registered_at="1704448800000"), jrec("J11h", item_no='"3"'), "{}"),
      [(1, R, "bad_hs_code"), (2, R, "malformed"), (3, R, "bad_number"), (4, R, "bad_item_no"), (5, R, "malformed"),
       (6, R, "bad_item_no"), (7, R, "bad_date"), (8, A, ""), (9, R, "missing_field")],
      "an HS code as a number, a numeric declaration id, a boolean value, a decimal item, a numeric unit, "
      "a negative item, epoch milliseconds, an item as a string of digits, an empty object")
write("json-nulls", "json-nulls.jsonl",
      jsonl(jrec("J12a", currency="null", procedure="null", consignment="null", quantity="null", unit="null"),
            jrec("J12b", customs_value="null")),
      [(1, A, ""), (2, R, "missing_field")], "null optional fields take their defaults; a null required field is missing")
write("json-bom-crlf", "json-bom-crlf.jsonl", BOM + jsonl(jrec("J13a"), jrec("J13b"), eol="\r\n"),
      [(1, A, ""), (2, A, "")], "a byte-order mark and Windows line ends")
write("json-escapes-and-whitespace", "json-escapes-and-whitespace.jsonl",
      jsonl(jrec("J14a", unit='"pi\\u00e8ce\\nnet"'), "  \t" + jrec("J14b", declaration_id='"J14\\"b"') + "  ",
            jrec("J14c", unit='"\\ud83d\\udce6"')),
      [(1, A, ""), (2, A, ""), (3, A, "")], "escapes (\\u, \\n, \\\") and whitespace around the object")
write("json-invalid-utf8", "json-invalid-utf8.jsonl",
      jsonl(jrec("J15a")).encode() + jrec("J15b", unit='"kg\udcff"').encode("utf-8", "surrogateescape") + b"\n",
      [(1, A, ""), (2, R, "malformed")], "an invalid UTF-8 byte inside a JSON string")
write("json-csv-line-inside", "json-csv-line-inside.jsonl", jsonl(jrec("J16a"), rec("J16b")),
      [(1, A, ""), (2, R, "malformed")], "a CSV line in a JSON Lines file")
write("json-deep-nesting", "json-deep-nesting.jsonl",
      jsonl(jrec("J17", meta="[" * 2000 + "]" * 2000)), [(1, R, "malformed")],
      "2000 nested arrays under an unknown key: beyond the parser's nesting limit (1000)")
write("json-megabyte-declaration", "json-megabyte-declaration.jsonl",
      jsonl(jrec("J18" + "x" * MB)), [(1, A, "")], "a 1 MB declaration id: free text has no length limit")
write("json-blank-first-line", "json-blank-first-line.jsonl", "\n" + jsonl(jrec("J19a"), jrec("J19b")),
      [(2, A, ""), (3, A, "")], "a JSON Lines file that starts with an empty line")
write("json-duplicate-across-files", "json-duplicate-across-files.jsonl", jsonl(jrec("K01")),
      [(1, "duplicate", "")], "the record of valid.csv again, as JSON: the same record in two extracts")

with open("manifest.csv", "w", encoding="utf-8", newline="\n") as f:
    f.write("case,file,line,outcome,reason,status,what\n")
    for row in manifest:
        f.write(",".join('"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n') else c for c in row) + "\n")
print(f"{len(cases)} cases, {len(manifest)} manifest rows")
