"""The year-end review (bình xét) in the window: candidates with each finding's reason and source, the
council meeting with attendance, the secret-ballot tally per candidate against ALL council members,
the commune's decision and the proposal to the province (numbered from the year's register and
printed through the 'Văn bản' preview), and award history per person or collective across years.

Installed as a window extension: ``install(window)``; not in a province workspace. ``window.db`` and
``window.records`` are read at the moment of use (a restore replaces them). Eligibility checks and
documents run off the GUI thread through ``run_task``.
"""

from desktop.ui.review.page import ReviewPage, install

__all__ = ["ReviewPage", "install"]
