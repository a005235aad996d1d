"""Write validators/<form>.schema.json from the profiles (run after editing a profile)."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.profile import form_ids, load_profile  # noqa: E402
from docgen.schema import front_matter_schema  # noqa: E402


def schema_text(form: str) -> str:
    return json.dumps(front_matter_schema(load_profile(form)), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    for form in form_ids():
        (ROOT / "validators" / f"{form}.schema.json").write_text(schema_text(form), encoding="utf-8")
        print(f"validators/{form}.schema.json")
