"""Build ``first_names.txt``: English first names that mark a man or a woman, for the pronoun ranker.

    pip install names==0.3.0 && python -m annotations.engine.build_first_names [--out FILE]

The source is the 1990 US Census list of first names by sex (public domain), as shipped
in the ``names`` package from PyPI (``dist.male.first``, ``dist.female.first``: each
name's share of men or of women).  A name goes in when at least ``SHARE`` of the people
carrying it are of one sex; names the census gives to both (Jordan, Leslie) stay out.
The ranker treats a first name as weak evidence, below what the text itself says
("Mr.", "spokeswoman", "Roe said she …").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SHARE = 0.75
OUT = Path(__file__).with_name("first_names.txt")


def _read(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def build(folder: Path) -> tuple[list[str], list[str]]:
    men, women = _read(folder / "dist.male.first"), _read(folder / "dist.female.first")
    male, female = [], []
    for name in sorted(set(men) | set(women)):
        m, f = men.get(name, 0.0), women.get(name, 0.0)
        if m + f <= 0 or len(name) < 2:
            continue
        if m / (m + f) >= SHARE:
            male.append(name)
        elif f / (m + f) >= SHARE:
            female.append(name)
    return male, female


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", help="the folder holding dist.male.first and dist.female.first (default: the names package)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    if args.folder:
        folder = Path(args.folder)
    else:
        try:
            import names  # the PyPI package carrying the census files
        except ImportError:
            print("pip install names==0.3.0, or give the folder of dist.male.first", file=sys.stderr)
            return 2
        folder = Path(names.__file__).parent
    male, female = build(folder)
    lines = [
        "# First names that mark a man (m) or a woman (f): 1990 US Census, a share of at least 0.75 of one sex.",
        "# Built by annotations/engine/build_first_names.py; weak evidence for the pronoun ranker.",
        "m " + " ".join(male),
        "f " + " ".join(female),
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{len(male)} male and {len(female)} female first names -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
