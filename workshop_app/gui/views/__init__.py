"""One facilitator view per exercise type, named after the core type (board -> BoardView)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from workshop_app.model.registry import BREAK, Parts

if TYPE_CHECKING:
    from workshop_app.gui.session import Session

# The console view of each registered type, as (module, class): imported on first use, so start-up
# loads none of them (nor pyqtgraph). A new type is one line here.
VIEWS: Parts[tuple[str, str]] = Parts("console view", {
    "board": ("workshop_app.gui.views.board_view", "BoardView"),
    "poll": ("workshop_app.gui.views.poll_view", "PollView"),
    "rating": ("workshop_app.gui.views.rating_view", "RatingView"),
    "spectrum": ("workshop_app.gui.views.spectrum_view", "SpectrumView"),
    "canvas": ("workshop_app.gui.views.canvas_view", "CanvasView"),
    "map": ("workshop_app.gui.views.map_view", "MapView"),
    "commitments": ("workshop_app.gui.views.commitments_view", "CommitmentsView"),
    "review": ("workshop_app.gui.views.review_view", "ReviewView"),
})


class StepView(Protocol):
    """What the console calls to build a step's view: a view class, or anything made like one."""

    def __call__(self, session: Session, step_id: str) -> QWidget: ...


def view_class(step_type: str) -> StepView | None:
    """The facilitator view class for an exercise type, or None (a break)."""
    if step_type == BREAK:
        return None
    module, name = VIEWS[step_type]
    view: StepView = getattr(importlib.import_module(module), name)
    return view
