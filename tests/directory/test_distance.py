from __future__ import annotations

import random

import pytest
from geographiclib.geodesic import Geodesic

from providers.distance import geodesic_miles

METRES_PER_MILE = 1609.344


def test_matches_geographiclib_within_a_metre_across_the_united_states():
    rng = random.Random(7)
    points = [(rng.uniform(24, 49), rng.uniform(-125, -67)) for _ in range(500)]
    origin = (34.1767, -118.6159)

    miles = geodesic_miles(*origin, [p[0] for p in points], [p[1] for p in points])

    for (latitude, longitude), distance in zip(points, miles):
        reference = Geodesic.WGS84.Inverse(*origin, latitude, longitude)["s12"] / METRES_PER_MILE
        assert distance == pytest.approx(reference, abs=1 / METRES_PER_MILE)


def test_the_same_point_is_zero_miles_away_and_no_points_give_no_distances():
    assert geodesic_miles(34.0, -118.0, [34.0], [-118.0]).tolist() == [0.0]
    assert geodesic_miles(34.0, -118.0, [], []).tolist() == []
