"""复盘 Coach: a terminal coach for the sales retrospective (销售复盘)."""

__version__ = "0.1.0"
