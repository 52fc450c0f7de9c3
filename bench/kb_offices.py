"""Which offices the KB can fill on the corpus and seed dates: a table of states × roles × years.

    python bench/kb_offices.py [--missing] [--wide]

For the states of the region and the main outside powers, the head of state, the head of
government and the foreign, defence and interior ministers on 1 July 2015, 2018, 2020 and 2023
(``KnowledgeBase.holders``). Prints the filled share as JSON and, with ``--missing``, the empty
cells (some are real vacancies: Lebanon had no president in 2015 or 2023). ``--wide`` adds the
other G20 and larger EU states and the region's Asian neighbours (``WIDE``), for whose foreign,
defence and interior ministers ``kb/sources/offices.psv`` has a section too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.kb import load_kb  # noqa: E402

STATES = ["SYR", "YEM", "IRQ", "SAU", "LBN", "LBY", "JOR", "EGY", "KWT", "QAT", "ARE", "BHR", "OMN", "SDN", "TUN",
          "DZA", "MAR", "PSE", "IRN", "TUR", "ISR", "USA", "RUS", "GBR", "FRA", "DEU", "CHN"]
WIDE = ["ITA", "ESP", "NLD", "BEL", "AUT", "SWE", "POL", "GRC", "CAN", "AUS", "JPN", "KOR", "IND", "PAK", "AFG",
        "IDN", "MYS", "BRA", "ZAF", "MEX", "ARG", "UKR"]
ROLES = {
    "head of state": ("president", "king", "emir", "sultan", "head-of-state", "supreme-leader"),
    "head of government": ("prime-minister", "chancellor"),
    "foreign minister": ("foreign-minister",),
    "defence minister": ("defence-minister",),
    "interior minister": ("interior-minister",),
}
DAYS = ("2015-07-01", "2018-07-01", "2020-07-01", "2023-07-01")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--missing", action="store_true", help="list the empty cells")
    ap.add_argument("--wide", action="store_true", help="also the states of WIDE")
    args = ap.parse_args()
    kb = load_kb()
    filled, missing = 0, []
    for state in STATES + (WIDE if args.wide else []):
        for label, roles in ROLES.items():
            for day in DAYS:
                holders = [e for role in roles for e in kb.holders(role, state, day)]
                if holders:
                    filled += 1
                else:
                    missing.append(f"{state} {label} {day[:4]}")
    total = filled + len(missing)
    print(json.dumps({"cells": total, "filled": filled, "share": round(filled / total, 3)}))
    if args.missing:
        print("\n".join(missing))


if __name__ == "__main__":
    main()
