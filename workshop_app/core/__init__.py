"""The core: workshop operations, exercise library, results. It never imports Qt."""
