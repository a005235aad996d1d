"""Reading a .docx typed by hand in Word into the one document model.

    from docgen.readers.docx import read_docx
    doc = read_docx("app.docx")        # -> docgen.model.Document (kind="docx")

Unusable input (not a DOCX, legacy .doc, password-protected, corrupt, zip
bomb, unsafe XML) raises `docgen.errors.InputError` with a one-line message;
only docgen's own faults escape (`errors.PROGRAM_ERRORS`: a bug or a missing
module, exit 3). `RAISE_UNEXPECTED = True` lets every other error through
while developing; DOCGEN_DEBUG=1 prints its traceback.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from ..errors import PROGRAM_ERRORS, InputError, print_debug
from ..model import Document
from .ooxml.document import DocxReader
from .ooxml.package import open_package

RAISE_UNEXPECTED = False


def read_docx(path: str | Path) -> Document:
    path = Path(path)
    try:
        pkg = open_package(path, editable=False)  # only read: the quicker tree
        try:
            return DocxReader(pkg).read(str(path))
        finally:
            pkg.close()
    except InputError:
        raise
    except RecursionError:
        raise InputError("docx.too_deep") from None
    except MemoryError:
        raise InputError("docx.unreadable", detail="MemoryError") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, struct.error):
        raise InputError("docx.corrupt") from None
    except PROGRAM_ERRORS:
        raise  # docgen's fault, not the file's: exit 3
    except Exception as exc:
        if RAISE_UNEXPECTED:
            raise
        print_debug(exc)
        raise InputError("docx.unreadable", detail=type(exc).__name__) from None
