"""Pictures docgen embeds or passes on (a source's team chart, a template's media).

A picture is read within a byte cap and opened with Pillow: the header's pixel
count is held to a limit (a decompression bomb is refused before any pixel is
decoded) and `verify()` walks the chunks, so a corrupt or disguised file is
refused here rather than embedded into a DOCX that LibreOffice then chokes on.
"""

from __future__ import annotations

import io
import warnings
from typing import Optional

from .. import i18n
from ..fsutil import human_size

MAX_PICTURE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 Mpx: an 80 mm chart needs far less; RGBA decoded = 160 MB
FORMATS = ("PNG", "JPEG", "GIF", "BMP")


def picture_problem(data: bytes, formats: tuple[str, ...] = FORMATS) -> Optional[str]:
    """Why these bytes are not a usable picture (one line, current language), or None."""
    if len(data) > MAX_PICTURE_BYTES:
        return i18n.t("picture.too_large", size=human_size(len(data)), limit=human_size(MAX_PICTURE_BYTES))
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(formats)) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return i18n.t("picture.too_many_pixels", width=width, height=height, limit=MAX_PIXELS)
                img.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return i18n.t("picture.too_many_pixels", width="?", height="?", limit=MAX_PIXELS)
        except Exception:  # noqa: BLE001 — Pillow raises many kinds for bad data
            return i18n.t("picture.unreadable", formats="、".join(formats))
    return None


i18n.register({
    "picture.too_large": ("檔案過大（{size}），圖片上限為 {limit}", "too large ({size}); the limit for a picture is {limit}"),
    "picture.too_many_pixels": ("像素過多（{width}×{height}），上限為 {limit} 像素", "too many pixels ({width}×{height}); the limit is {limit}"),
    "picture.unreadable": ("無法讀取，或不是 {formats} 圖片", "unreadable, or not a {formats} picture"),
})
