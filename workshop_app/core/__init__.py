"""The core: models, exercise files and workshop operations. It never imports Qt."""
