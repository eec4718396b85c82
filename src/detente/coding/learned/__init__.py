"""Learned parts beside the rules: an event-type classifier, a dyad ranker and a relevance gate
(scikit-learn, CPU), trained by ``scripts/train_coder.py`` on development data and shipped as
``data/learned.joblib``. ``HybridCoder`` runs the rules first; the learned parts recode and
complete the rules' top event of a sentence when sure, and add an event where no rule fired (see
docs/coder.md, "Learned parts")."""

from detente.coding.learned.hybrid import HybridCoder
from detente.coding.learned.models import DyadRanker, EventTypeClassifier, RelevanceGate
from detente.coding.learned.parts import LearnedParts, Thresholds, load_parts

__all__ = ["DyadRanker", "EventTypeClassifier", "HybridCoder", "LearnedParts", "RelevanceGate", "Thresholds",
           "load_parts"]
