"""Viewports the browser journeys use: a common phone first, then a laptop."""

MOBILE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
