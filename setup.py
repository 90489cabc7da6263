"""Packaging that pyproject.toml alone cannot say: the top-level handouts/ and resources/ folders ship inside the
wheel as the packages kiosk.data.handouts and kiosk.data.resources (its subfolders fonts/, qss/, icons/... as
data-only subpackages), without moving them: authors, the reading-level report and the docs keep their paths.
kiosk/resources.py reaches them with importlib.resources, so an editable install (`make run`) and a wheel go
through the same code. Everything else is in pyproject.toml."""
from setuptools import find_namespace_packages, find_packages, setup

DATA = {"kiosk.data.handouts": "handouts", "kiosk.data.resources": "resources"}
ASSETS = ["*.toml", "*.md", "*.svg", "*.qss", "*.ttf", "*.txt", "*.png", "*.json", "*.po", "*.pot", "*.mo"]

packages = find_packages(include=["kiosk", "kiosk.*"])
for package, folder in DATA.items():
    packages += [package] + [f"{package}.{sub}" for sub in find_namespace_packages(where=folder)]

setup(packages=packages, package_dir=DATA, package_data={"": ASSETS}, include_package_data=False)
