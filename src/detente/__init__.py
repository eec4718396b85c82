"""detente: from writing about international politics to a working model of relations between states."""

__version__ = "0.1.0"
