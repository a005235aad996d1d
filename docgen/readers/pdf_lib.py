"""PDFium's functions the PDF reader calls, straight from the library pypdfium2 ships.

`import pypdfium2` declares all ~500 of PDFium's functions and imports logging,
inspect, platform and more: about 25 ms at every start, a fifth of `docgen check`
of a 5-page PDF. The reader calls 32 of them; they are declared here, with plain
C types (no pointer-type conversions per call), against the same libpdfium,
found in the pypdfium2_raw package without importing it. Where that package
has no library of its own (pypdfium2 built against a system PDFium), its
bindings are imported and their library used.

PDFium is initialised once per process. pypdfium2, imported as well (the page
pictures of a report), initialises the same library again: PDFium ignores that.
"""

from __future__ import annotations

import atexit
import ctypes
import sys

_vp, _int, _uint, _dbl, _flt = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_double, ctypes.c_float
_pflt, _pint = ctypes.POINTER(_flt), ctypes.POINTER(_int)


class FS_RECTF(ctypes.Structure):
    _fields_ = [("left", _flt), ("top", _flt), ("right", _flt), ("bottom", _flt)]


class FS_MATRIX(ctypes.Structure):
    _fields_ = [(name, _flt) for name in "abcdef"]


class _Config(ctypes.Structure):  # FPDF_LIBRARY_CONFIG, version 2
    _fields_ = [("version", _int), ("m_pUserFontPaths", _vp), ("m_pIsolate", _vp), ("m_v8EmbedderSlot", _uint)]


# name: (result, arguments)
_FUNCTIONS = {
    "FPDF_InitLibraryWithConfig": (None, (ctypes.POINTER(_Config),)),
    "FPDF_GetLastError": (ctypes.c_ulong, ()),
    "FPDF_LoadMemDocument64": (_vp, (ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p)),
    "FPDF_CloseDocument": (None, (_vp,)),
    "FPDF_GetPageCount": (_int, (_vp,)),
    "FPDF_LoadPage": (_vp, (_vp, _int)),
    "FPDF_ClosePage": (None, (_vp,)),
    "FPDF_GetPageWidthF": (_flt, (_vp,)),
    "FPDF_GetPageHeightF": (_flt, (_vp,)),
    "FPDFPage_GetMediaBox": (_int, (_vp, _pflt, _pflt, _pflt, _pflt)),
    "FPDFText_LoadPage": (_vp, (_vp,)),
    "FPDFText_ClosePage": (None, (_vp,)),
    "FPDFText_CountChars": (_int, (_vp,)),
    "FPDFText_GetUnicode": (_uint, (_vp, _int)),
    "FPDFText_IsGenerated": (_int, (_vp, _int)),
    "FPDFText_HasUnicodeMapError": (_int, (_vp, _int)),
    "FPDFText_GetTextObject": (_vp, (_vp, _int)),
    "FPDFText_GetFontSize": (_dbl, (_vp, _int)),
    "FPDFText_GetCharOrigin": (_int, (_vp, _int, ctypes.POINTER(_dbl), ctypes.POINTER(_dbl))),
    "FPDFText_GetLooseCharBox": (_int, (_vp, _int, ctypes.POINTER(FS_RECTF))),
    "FPDFTextObj_GetFont": (_vp, (_vp,)),
    "FPDFFont_GetBaseFontName": (ctypes.c_size_t, (_vp, ctypes.c_char_p, ctypes.c_size_t)),
    "FPDFPage_CountObjects": (_int, (_vp,)),
    "FPDFPage_GetObject": (_vp, (_vp, _int)),
    "FPDFPageObj_GetType": (_int, (_vp,)),
    "FPDFPageObj_GetMatrix": (_int, (_vp, ctypes.POINTER(FS_MATRIX))),
    "FPDFPath_CountSegments": (_int, (_vp,)),
    "FPDFPath_GetDrawMode": (_int, (_vp, _pint, _pint)),
    "FPDFPath_GetPathSegment": (_vp, (_vp, _int)),
    "FPDFPathSegment_GetPoint": (_int, (_vp, _pflt, _pflt)),
    "FPDFPathSegment_GetType": (_int, (_vp,)),
    "FPDFPathSegment_GetClose": (_int, (_vp,)),
}


class Handle(ctypes.c_void_p):
    """A PDFium pointer as a result: kept as a ctypes object (a c_void_p result would be a
    Python int, which a function without argtypes would pass truncated to 32 bits)."""


class Pdfium:
    """The functions of `_FUNCTIONS` as attributes, PDFium initialised; `unchecked` for
    the ones called per character."""

    def __init__(self, cdll: ctypes.CDLL) -> None:
        for name, (result, args) in _FUNCTIONS.items():
            address = ctypes.cast(cdll[name], _vp).value
            setattr(self, name, ctypes.CFUNCTYPE(result, *args)(address))
        self._cdll = cdll  # the library stays loaded while its functions are used
        self.FPDF_InitLibraryWithConfig(ctypes.byref(_Config(2, None, None, 0)))
        # pypdfium2's exit handler destroys the library: a document collected after it
        # (at interpreter teardown) must not be closed any more
        self.alive = True
        atexit.register(self._exiting)

    def _exiting(self) -> None:
        self.alive = False

    def unchecked(self, name: str, result=_int):
        """`name` without argument types: ctypes then skips a conversion per argument,
        half the cost of a call. Every pointer argument must be a ctypes object (a
        `Handle`, `c_void_p(...)`, `byref(...)`), never an int; ints are C ints."""
        fn = self._cdll[name]
        fn.restype = result
        return fn


_LIB: Pdfium | None = None


def pdfium() -> Pdfium:
    """The library, loaded and initialised on first use."""
    global _LIB
    if _LIB is None:
        _LIB = Pdfium(_load())
    return _LIB


def _load() -> ctypes.CDLL:
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypdfium2_raw")  # not imported: its bindings are the slow part
    if spec is None:
        raise ModuleNotFoundError("No module named 'pypdfium2_raw'", name="pypdfium2_raw")
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    for folder in spec.submodule_search_locations or ():
        path = Path(folder) / name
        if path.is_file():
            return ctypes.CDLL(str(path))
    from pypdfium2_raw.bindings import _libs  # a system PDFium, found as pypdfium2 finds it
    return _libs["pdfium"]
