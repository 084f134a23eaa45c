"""Performance figures for the public pages; run with ``python -m bench``."""
