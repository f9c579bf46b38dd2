"""Exports: PDF report, CSV, Markdown and JSON. They never import Qt."""
