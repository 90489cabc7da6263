"""Handout section text as blocks a screen (or a voice) can take one at a time: the one parser in
kiosk.core.sections, which the sheet and the admin preview use too. No Qt."""
from kiosk.core.sections import ITEM, PARA, Block, blocks

__all__ = ["Block", "blocks", "PARA", "ITEM"]
