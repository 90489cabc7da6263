"""Package data. `kiosk.data.handouts` and `kiosk.data.resources` are the top-level handouts/ and resources/
folders, mapped into the package by setup.py's package_dir (the folders stay where authors edit them).
Reach them only through kiosk.resources."""
