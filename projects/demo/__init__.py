"""Demo projects for `manage.py seed_demo`: the seed articles' and a generated library."""

from projects.demo.loader import load

__all__ = ["load"]
