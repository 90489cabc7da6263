"""The `kiosk` command: one thin door per command over the application core (kiosk.app), never the store."""
from kiosk.cli.main import main

__all__ = ["main"]
