"""Plain typed records of the product: no I/O, no UI. Every other layer builds on these."""
