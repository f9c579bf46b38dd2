"""Workshop Room: an offline app that carries a room through customer-focus workshops."""

__version__ = "0.1.0"
APP_NAME = "Workshop Room"
