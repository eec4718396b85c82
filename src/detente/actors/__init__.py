"""detente.actors — mentions in parsed text → CAMEO actor codes (country + sector), with
people's roles resolved at the document date and in-document coreference.

Data lives in the language data's ``actors/`` folder (``langdata/data/actors``) (see docs/actors.md); ``scripts/build_actors.py`` regenerates
the ``*_generated.csv`` tables from the reference dictionaries.
"""

from detente.actors.mention import ActorMention
from detente.actors.resolver import ActorResolver

__all__ = ["ActorMention", "ActorResolver"]
