"""The colours of a poll's answers, the same on the facilitator's console and on the shared screen.

A poll's options are an ordered scale (Yes, Partly, No; agree to disagree): blue at one end, orange at
the other, grey in the middle when there is one. Blue against orange, and light against dark next to
each other, stay apart for every kind of colour blindness, on a dim projector too.
"""

from __future__ import annotations

BLUES: dict[int, tuple[str, ...]] = {  # strongest first
    0: (),
    1: ("#2171B5",),
    2: ("#08519C", "#6BAED6"),
    3: ("#08519C", "#3182BD", "#9ECAE1"),
    4: ("#08306B", "#2171B5", "#6BAED6", "#C6DBEF"),
}
ORANGES: dict[int, tuple[str, ...]] = {  # lightest first, so the scale runs on from the blues
    0: (),
    1: ("#E6550D",),
    2: ("#FDAE6B", "#D94801"),
    3: ("#FDD0A2", "#FD8D3C", "#D94801"),
    4: ("#FDD0A2", "#FDAE6B", "#F16913", "#A63603"),
}
MIDDLE = "#BDBDBD"


def answer_colours(count: int) -> list[str]:
    """A colour for each of ``count`` options of a scale, first option first (blue) to last (orange)."""
    if count <= 0:
        return []
    if count == 1:
        return [BLUES[1][0]]
    size = min(count, 9)
    half = size // 2
    colours = [*BLUES[half], *([MIDDLE] if size % 2 else []), *ORANGES[half]]
    return [colours[n % size] for n in range(count)]
