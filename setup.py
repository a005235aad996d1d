"""Package list for setuptools (all other metadata is in pyproject.toml).

Every `docgen.*` package is discovered, so a new sub-package cannot be left out
of the wheel; the forms live in top-level folders (users edit them there) and
ship as the data packages `docgen.templates` and `docgen.validators`.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"docgen.templates": "templates", "docgen.validators": "validators"}

setup(packages=find_packages(include=["docgen", "docgen.*"]) + list(DATA_PACKAGES),
      package_dir=DATA_PACKAGES)
