"""Writes docs/indicators.md from Monitoring.Core/Indicators/catalog.json. Run from the repository root: python3 docs/indicators.py"""
import json
import re

catalog = json.load(open("Monitoring.Core/Indicators/catalog.json", encoding="utf-8"))
PIPE = "\\|"
BETTER = {"up": "höher", "down": "niedriger", "neutral": "neutral"}
ORDER = ["Bund", "Land", "Regierungsbezirk", "Kreis", "Gemeinde"]
VARIABLES = {v["code"]: v for v in catalog["variables"]}
OWN = "eigene Daten"


def cell(text):
    return (text or "").replace("|", PIPE)


def used_variables(indicator):
    """The variables the indicator's formulas use, in order of first use."""
    codes = []
    for part in (indicator["numerator"], indicator["denominator"] or ""):
        for code in re.findall(r"\bv\('([^']+)'", part):
            if code not in codes:
                codes.append(code)
    return codes


def table_name(table):
    return table["office"] + " " + (table["table"] or "(Tabelle nicht geprüft)")


def tables_of(indicator):
    """Per variable used: the tables that deliver it with their depth, or that it is the district's own data."""
    lines = []
    for code in used_variables(indicator):
        variable = VARIABLES[code]
        if variable["source"].startswith(OWN):
            lines.append("`" + code + "`: eigene Daten")
        else:
            lines.append("`" + code + "`: " + "; ".join(table_name(t) + " (" + t["depth"] + ")" for t in variable["tables"]))
    return "<br>".join(lines) or "abgeleitet"


def levels_of(indicator):
    levels = [level for level in indicator["levels"] if level in ORDER]
    deepest = max(levels, key=ORDER.index) if levels else "Land"
    text = ", ".join(indicator["levels"])
    if deepest == "Kreis":
        text += "<br>**nur Kreis und höher: für Gemeinden gibt es keine Werte**"
    return text


out = [
    "# Indicator catalog", "",
    "The indicators the system computes, as shipped in `Monitoring.Core/Indicators/catalog.json` (seeded into the",
    "database at start-up; an indicator an analyst has edited there is not overwritten). This page is generated from",
    "that file by `python3 docs/indicators.py`, and a test fails when the two disagree.", "",
    "## Formulas", "",
    "Each indicator is numerator / denominator × factor, so that a higher area is computed from summed numerators and",
    "denominators, never from averaged ratios. Derived indicators (no denominator) combine other indicators.",
    "Whether an area's value is its own figure or the sum of its parts is decided per area and year: an own figure is",
    "never replaced, a sum needs every part, and sub-municipal areas (Sozialraum, Stadtteil) are parts only of other",
    "sub-municipal areas, so the district's own small-area data never changes an official Gemeinde, Kreis or Land value.", "",
    "| function | meaning |", "|---|---|",
    "| `v('CODE', 'DIM=VALUE', 'DIM=VALUE" + PIPE + "VALUE')` | the variable, with the named dimensions fixed, summed over the others: for each area and year from the coarsest breakdown that area holds whole (every value a filter names, every declared value of a dimension summed over), so totals are never counted twice and a part of a breakdown never passes for the whole |",
    "| `prev(expr)` | the expression in the previous year |",
    "| `ind('CODE')` | another indicator's value (derived indicators) |",
    "| `abs`, `min`, `max`, `+ - * /` | as usual |", "",
    "Quality: a value computed from a secret, missing, later or unreliable input has no number and carries that flag;",
    "a division by zero has no number (not meaningful); provisional, estimated, revised or limited-reliability inputs",
    "mark the result the same way; a denominator below the minimum marks the value unreliable. Indicators are annual:",
    "stocks at a reference date and flows per year combine by year. Where only nationality is available, \"Ausländer\"",
    "means foreign nationals: naturalised people count as Germans.", "",
    "## Codes and tables", "",
    "The variables, their dimensions and values are the statistical offices' own codes (value variable `BEVSTD`, Merkmal",
    "`NAT` with `NATA`/`NATD`, age groups `ALTX21` with `ALT000B03` …), so that an imported table lands on the catalog",
    "variable as it is. Each variable names the tables that deliver it, with the lowest level each is published at and",
    "where its codes were checked. Figures no office publishes are the district's own data (\"eigene Daten\", codes",
    "beginning with `EIG_`). An indicator exists only at the levels at which all its inputs are published: one whose",
    "inputs exist only per Kreis says so here and on its page, instead of showing empty municipalities. Where German",
    "practice defines an indicator in more than one way, its definition says which one it follows and why, and names",
    "the indicator that offers the other.", "",
    "## Peer groups", "",
    "The municipalities' peer groups rest on the indicators the catalog marks with `peerFeature` (their values) and",
    "`peerSizeFeature` (the log10 of their denominator, the population size): "
    + ", ".join(("`" + i["peerSizeFeature"] + "` (from `" + i["code"] + "`)") for i in catalog["indicators"] if i.get("peerSizeFeature"))
    + (", " if any(i.get("peerSizeFeature") for i in catalog["indicators"]) else "")
    + ", ".join("`" + i["code"] + "`" for i in catalog["indicators"] if i.get("peerFeature")) + ".",
    "An import that recomputes one of them forms the groups anew; an Analyst's edit of an indicator keeps its mark.", "",
]

fields = {}
for indicator in catalog["indicators"]:
    fields.setdefault(indicator["field"], []).append(indicator)
for field in sorted(fields):
    out += ["## " + field, "", "| code | indicator | formula | unit | better | levels | tables | source |", "|---|---|---|---|---|---|---|---|"]
    for i in fields[field]:
        formula = "`" + i["numerator"] + "`"
        if i["denominator"]:
            formula += " / `" + i["denominator"] + "`"
        if i["factor"] != 1:
            formula += " × " + format(i["factor"], "g")
        text = "**" + i["nameDe"] + "**<br>" + i["nameEn"] + "<br>" + i["definition"] + ((" " + i["note"]) if i.get("note") else "")
        cells = ["`" + i["code"] + "`", text, formula.replace("|", PIPE), i["unit"], BETTER[i["direction"]], levels_of(i), tables_of(i), i["source"]]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")

out += ["## Variables", "", "| code | variable | unit | dimensions | source |", "|---|---|---|---|---|"]
for v in catalog["variables"]:
    dimensions = "; ".join(k + ": " + ", ".join(values) for k, values in v["dimensions"].items()) or "–"
    out.append("| `" + v["code"] + "` | " + v["label"] + " | " + v["unit"] + " | " + cell(dimensions) + " | " + cell(v["source"]) + " |")
out.append("")

out += ["## Tables", "",
        "Per variable, the offices' tables that deliver it. \"nicht geprüft\" marks what has not yet been checked against a",
        "real export or the office's own table description: check it on a real file before relying on it.", "",
        "| variable | office | table | value variable | classifications | depth | verified | note |", "|---|---|---|---|---|---|---|---|"]
for v in catalog["variables"]:
    if v["source"].startswith(OWN):
        out.append("| `" + v["code"] + "` | – | – | – | – | – | eigene Daten: " + cell(v["source"][len(OWN):].lstrip(": ")) + " | |")
        continue
    for t in v["tables"]:
        out.append("| `" + v["code"] + "` | " + t["office"] + " | " + (t["table"] or "nicht geprüft") + " | " + (("`" + t["valueVariable"] + "`") if t["valueVariable"] else "–")
                   + " | " + cell(t["classifications"] or "nicht geprüft") + " | " + t["depth"] + " | " + cell(t["verified"] or "nicht geprüft") + " | " + cell(t.get("note")) + " |")

open("docs/indicators.md", "w", encoding="utf-8").write("\n".join(out) + "\n")
