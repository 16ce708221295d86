"""Writes docs/indicators.md from Monitoring.Core/Indicators/catalog.json. Run from the repository root: python3 docs/indicators.py"""
import json

catalog = json.load(open("Monitoring.Core/Indicators/catalog.json", encoding="utf-8"))
PIPE = "\\|"
BETTER = {"up": "höher", "down": "niedriger", "neutral": "neutral"}

out = [
    "# Indicator catalog", "",
    "The indicators the system computes, as shipped in `Monitoring.Core/Indicators/catalog.json` (seeded into the",
    "database at start-up; an indicator an analyst has edited there is not overwritten). This page is generated from",
    "that file by `python3 docs/indicators.py`, and a test fails when the two disagree.", "",
    "## Formulas", "",
    "Each indicator is numerator / denominator × factor, so that a higher area is computed from summed numerators and",
    "denominators, never from averaged ratios. Derived indicators (no denominator) combine other indicators.", "",
    "| function | meaning |", "|---|---|",
    "| `v('CODE', 'DIM=VALUE', 'DIM=VALUE" + PIPE + "VALUE')` | the variable, with the named dimensions fixed, summed over the others (from the coarsest stored breakdown that answers it, so totals are never counted twice) |",
    "| `prev(expr)` | the expression in the previous year |",
    "| `ind('CODE')` | another indicator's value (derived indicators) |",
    "| `abs`, `min`, `max`, `+ - * /` | as usual |", "",
    "Quality: a value computed from a secret, missing, later or unreliable input has no number and carries that flag;",
    "a division by zero has no number (not meaningful); provisional, estimated, revised or limited-reliability inputs",
    "mark the result the same way; a denominator below the minimum marks the value unreliable. Indicators are annual:",
    "stocks at a reference date and flows per year combine by year. Where only nationality is available, \"Ausländer\"",
    "means foreign nationals: naturalised people count as Germans.", "",
]

fields = {}
for indicator in catalog["indicators"]:
    fields.setdefault(indicator["field"], []).append(indicator)
for field in sorted(fields):
    out += ["## " + field, "", "| code | indicator | formula | unit | better | levels | source |", "|---|---|---|---|---|---|---|"]
    for i in fields[field]:
        formula = "`" + i["numerator"] + "`"
        if i["denominator"]:
            formula += " / `" + i["denominator"] + "`"
        if i["factor"] != 1:
            formula += " × " + format(i["factor"], "g")
        text = "**" + i["nameDe"] + "**<br>" + i["nameEn"] + "<br>" + i["definition"] + ((" " + i["note"]) if i.get("note") else "")
        cells = ["`" + i["code"] + "`", text, formula.replace("|", PIPE), i["unit"], BETTER[i["direction"]], ", ".join(i["levels"]), i["source"]]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")

out += ["## Variables", "", "| code | variable | unit | dimensions | source |", "|---|---|---|---|---|"]
for v in catalog["variables"]:
    dimensions = "; ".join(k + ": " + ", ".join(values) for k, values in v["dimensions"].items()) or "–"
    out.append("| `" + v["code"] + "` | " + v["label"] + " | " + v["unit"] + " | " + dimensions + " | " + v["source"] + " |")

open("docs/indicators.md", "w", encoding="utf-8").write("\n".join(out) + "\n")
