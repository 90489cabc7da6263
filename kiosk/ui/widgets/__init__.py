"""Shared touch widgets: buttons that wrap their words, the hold-to-open logo, the on-screen keyboard,
the tile grid bound to a Qt model, kinetic scroll areas, and tinted SVG icons."""
