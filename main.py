"""Start the kiosk: `python main.py` is `kiosk run`; any other arguments are passed to the kiosk command."""
import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["run"]))
