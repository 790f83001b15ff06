"""Derive `src/docparse/data/places.tsv` from the `vietnamadminunits` package.

Provinces and districts of the 63-province map (in force until 30 June 2025) and the 34
provinces since 1 July 2025, with the short name a document prints ("Khánh Hòa", "Diên
Khánh"). Run after upgrading the package; tests/test_data.py checks the copy is current when
the package is installed. docparse itself never imports the package at run time.
"""

from __future__ import annotations

import sqlite3
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "docparse" / "data" / "places.tsv"
HEADER = (
    "# Vietnamese administrative units, derived from vietnamadminunits by scripts/build_places.py.\n"
    "# name<TAB>kind<TAB>period<TAB>province   (period: until-2025-06-30 | since-2025-07-01 | both)\n"
)


def rows() -> list[tuple[str, str, str, str]]:
    db = resources.files("vietnamadminunits").joinpath("data/dataset.db")
    with sqlite3.connect(str(db)) as conn:
        legacy_provinces = {r[0] for r in conn.execute("SELECT DISTINCT provinceShort FROM admin_units_legacy")}
        new_provinces = {r[0] for r in conn.execute("SELECT DISTINCT provinceShort FROM admin_units")}
        districts = set(
            conn.execute("SELECT DISTINCT districtShort, districtType, provinceShort FROM admin_units_legacy")
        )
    out: set[tuple[str, str, str, str]] = set()
    for name in legacy_provinces | new_provinces:
        period = (
            "both"
            if name in legacy_provinces and name in new_provinces
            else ("until-2025-06-30" if name in legacy_provinces else "since-2025-07-01")
        )
        out.add((name, "province", period, name))
    for name, kind, province in districts:
        if name:
            out.add((name, (kind or "district").lower(), "until-2025-06-30", province))
    return sorted(out)


def render() -> str:
    return HEADER + "".join("\t".join(row) + "\n" for row in rows())


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT} ({len(rows())} rows)", file=sys.stderr)
