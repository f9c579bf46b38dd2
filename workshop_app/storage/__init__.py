"""Storage: the workshop file and its backups. It never imports Qt."""
