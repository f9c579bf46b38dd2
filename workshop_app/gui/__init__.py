"""The Qt shell: windows and views over the core. Nothing here owns workshop state."""
