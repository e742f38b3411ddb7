"""The public explorer page served by the node at `/` (see routes.py)."""
