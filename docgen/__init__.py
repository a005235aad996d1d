"""docgen — write, build and check 政府服務獎 application forms."""

__version__ = "0.1.0"
