"""The patient screens: welcome, home (tiles and body map), search, procedure reader, idle overlay.

`build(window)` creates them and adds them to the main window as "welcome", "home", "search" and
"procedure".
"""
