"""Exact Ctrl+F search: analysis (the term rule) → index → query → evaluate → rank → snippets."""
