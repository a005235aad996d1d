"""One place that writes WordprocessingML: namespaces, units and element helpers.

The read side lives in docgen.readers.ooxml; the builder, the doctor, template
generation and `docgen fix` write through here so a property (East Asian font,
size, line height) is spelled the same way everywhere. `package.write_package` writes an
edited package back (fix, annotate).
"""

from .units import (CHAR_TWIPS, chars_to_twips, half_points, half_points_to_pt, pt_to_twips,
                    twips_to_pt)
from .xml import (NSMAP, W_NS, XML_SPACE, el, ensure, fragment, qn, rpr, run, set_east_asia_font, set_fonts,
                  set_size, set_spacing, spacing, sub, text_el, tostring)

__all__ = [
    "CHAR_TWIPS", "chars_to_twips", "half_points", "half_points_to_pt", "pt_to_twips", "twips_to_pt",
    "NSMAP", "W_NS", "XML_SPACE", "el", "ensure", "fragment", "qn", "rpr", "run", "set_east_asia_font",
    "set_fonts", "set_size", "set_spacing", "spacing", "sub", "text_el", "tostring",
]
