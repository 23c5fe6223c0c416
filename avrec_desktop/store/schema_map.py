"""Schema v12: the library map (issue #10): a 2-D projection of each kind's main space, kept between runs.

``map_projections`` holds one fitted projection per kind (``audio``: music in the audio space, ``video``: videos
in the visual space): the encoder name and version whose vectors it was fitted on, how many items it was
fitted on, the mean and the two components (float32 BLOBs) and the affine step that puts the kind's points
in its half of the map (``offset_x``, ``center_x``, ``center_y``, ``scale``), so a new item is placed with
the same projection until the next fit (recommend/library_map.py). ``map_points`` holds each item's place
and the time of the vector it was projected from (a re-analysed item is placed again).
"""

V12 = """
CREATE TABLE map_projections (
    kind TEXT PRIMARY KEY CHECK (kind IN ('audio', 'video')),
    space TEXT NOT NULL,
    encoder TEXT NOT NULL,
    version TEXT NOT NULL,
    dim INTEGER NOT NULL,
    fitted_count INTEGER NOT NULL,
    mean BLOB NOT NULL,
    components BLOB NOT NULL,
    center_x REAL NOT NULL,
    center_y REAL NOT NULL,
    scale REAL NOT NULL,
    offset_x REAL NOT NULL,
    computed_at REAL NOT NULL
);
CREATE TABLE map_points (
    media_id INTEGER PRIMARY KEY REFERENCES media(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    vector_at REAL NOT NULL
);
CREATE INDEX map_points_kind ON map_points(kind);
"""
