"""avrec-desktop: a private, offline recommender for your own music and videos."""

__version__ = "0.1.0"
