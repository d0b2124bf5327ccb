"""Tag best-practice publications. (Initial placeholder: replaced by the classifier.)"""

from __future__ import annotations


def is_best_practice(title: str, text: str) -> bool:
    """True when the article describes a practice or project for others to adopt."""
    return False
