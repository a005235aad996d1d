"""Author some acceptance cases in Writer as .odt (ODF, Writer's own format), through UNO.

Run by LibreOffice's Python, joined to an office docgen.render.office.Office started:

    python3 fix_odt_author.py CONNECTION OUTDIR CASE ...

The forms are tests/lo_author/author.py's; only the saving differs: the "writer8"
filter, so the lists, styles and tables are Writer's native ODF ones.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lo_author"))
import author  # noqa: E402


def save_odt(self, stem: Path) -> None:
    out = stem.with_suffix(".odt")
    part = out.with_name(out.name + ".part")
    self.doc.storeToURL(author.uno.systemPathToFileUrl(str(part)),
                        (author.prop("FilterName", "writer8"), author.prop("Overwrite", True)))
    os.replace(part, out)
    self.doc.close(True)


if __name__ == "__main__":
    connection, outdir, names = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    outdir.mkdir(parents=True, exist_ok=True)
    author.Author.save = save_odt
    ctx, desktop = author.connect(connection)
    for name in names:
        author.author(ctx, desktop, name, outdir)
