#!/usr/bin/env python3
"""Regenerate the shipped Word templates from the form profiles.

    python scripts/make_templates.py [--out DIR]      # default: <repo>/templates

Each shipped profile (validators/<form>.yaml) names its template; this writes
exactly what `docgen template FORM -o templates/<template>` writes: the profile's
`layout` with its fonts, sizes and line height (docgen/build/template.py).
tests/test_templates.py checks that the shipped files equal a fresh run.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from docgen.build.template import write_template  # noqa: E402
from docgen.profile import form_ids, load_profile  # noqa: E402

DEFAULT_OUT = REPO / "templates"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = ap.parse_args(argv)
    for form in form_ids():
        profile = load_profile(form)
        print(write_template(profile, args.out / profile.template))
    return 0


if __name__ == "__main__":
    sys.exit(main())
