"""The signed, encrypted data file a commune sends to the province (format: docs/bundle-format.md)."""
