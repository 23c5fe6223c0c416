"""Proof that the recommender learns: a simulated listener with hidden tastes over a labelled library.

``library`` analyses ``DEST/<label>/<files>`` once (cached) and hands out per-run copies; ``listener``
is the simulated user; ``strategies`` are what is being compared (random order, similarity only, the
full taste model, and an oracle that knows the hidden taste, as the ceiling); ``simulate`` runs one
listening session in simulated time through the real store; ``metrics`` turns a session into
numbers; ``runner`` runs profiles × seeds × strategies × modality configurations and writes the
report. Labels are known to the listener, the oracle and the metrics only.
"""
