"""Writing formats back: the counterpart of docgen.readers."""
