"""The PySide6 interface. The only package allowed to import Qt."""
