"""The document model and its text rules: the bottom layer. It imports nothing else of this app."""
