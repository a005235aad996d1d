"""Everything docgen knows about Office Open XML (WordprocessingML) packages.

- `package`: safe opening (sniffing, ZIP caps, bounded reads, relationships)
- `xml`: safe XML parsing and namespaces
- `styles`, `numbering`, `theme`: the parts that decide effective formatting
- `fonts`: which rFonts slot a character uses; symbol-font check boxes
- `document`: the walk over word/document.xml into docgen.model
"""

from .package import Package, open_package
from .xml import parse_part

__all__ = ["Package", "open_package", "parse_part"]
