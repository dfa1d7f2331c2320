"""Geodesic distance on the WGS-84 ellipsoid from one point to many, vectorized.

Vincenty's inverse formula, iterated to 1e-12 rad: within a millimetre of Karney's geodesic
(geographiclib) for any two points that are not nearly antipodal, which a search radius of a few
hundred miles never meets. One call for every candidate of a search costs about as much as a
single geographiclib call, which is what keeps a search over thousands of candidates in milliseconds.
"""

from __future__ import annotations

import numpy as np

_A = 6378137.0  # semi-major axis, metres
_F = 1 / 298.257223563
_B = (1 - _F) * _A
_METRES_PER_MILE = 1609.344
_ITERATIONS = 50
_TOLERANCE = 1e-12


def geodesic_miles(latitude: float, longitude: float, latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """Distances in miles from (latitude, longitude) to each of the points, in degrees."""
    lat2, lon2 = np.radians(np.asarray(latitudes, dtype=float)), np.radians(np.asarray(longitudes, dtype=float))
    u1 = np.arctan((1 - _F) * np.tan(np.radians(latitude)))
    u2 = np.arctan((1 - _F) * np.tan(lat2))
    sin_u1, cos_u1, sin_u2, cos_u2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    big_l = lon2 - np.radians(longitude)
    lam = big_l
    for _ in range(_ITERATIONS):
        sin_lam, cos_lam = np.sin(lam), np.cos(lam)
        sin_sigma = np.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = np.arctan2(sin_sigma, cos_sigma)
        with np.errstate(invalid="ignore", divide="ignore"):
            sin_alpha = np.where(sin_sigma == 0, 0.0, cos_u1 * cos_u2 * sin_lam / sin_sigma)
            cos2_alpha = 1 - sin_alpha**2
            cos_2sm = np.where(cos2_alpha == 0, 0.0, cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha)
        c = _F / 16 * cos2_alpha * (4 + _F * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * _F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if np.all(np.abs(lam - previous) < _TOLERANCE):
            break
    u_sq = cos2_alpha * (_A**2 - _B**2) / _B**2
    a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta_sigma = (
        b
        * sin_sigma
        * (
            cos_2sm
            + b
            / 4
            * (cos_sigma * (-1 + 2 * cos_2sm**2) - b / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2))
        )
    )
    return _B * a * (sigma - delta_sigma) / _METRES_PER_MILE


# Great-circle distance on a sphere, as chord lengths: computable in SQL with arithmetic only, so the
# database can filter and order by it. The search uses it to pick candidates and then computes the
# geodesic distance above for the few it shows.
SPHERE_RADIUS_MILES = 3958.7613  # IUGG mean Earth radius
# Geodesic / great-circle ratio stays within 1 ± 0.0057 for points in the same hemisphere (the
# ellipsoid's radii of curvature range from 6335 to 6400 km); 1% leaves a margin.
SPHERE_ERROR = 0.01


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    """The point on the unit sphere at this latitude and longitude (degrees)."""
    lat, lon = np.radians(latitude), np.radians(longitude)
    return float(np.cos(lat) * np.cos(lon)), float(np.cos(lat) * np.sin(lon)), float(np.sin(lat))


def chord_squared(miles: float) -> float:
    """The squared chord between unit-sphere points `miles` apart on the great circle."""
    return float((2 * np.sin(min(miles / SPHERE_RADIUS_MILES, np.pi) / 2)) ** 2)


def sphere_miles(chord_sq: float) -> float:
    """The great-circle distance in miles for a squared chord (the inverse of `chord_squared`)."""
    return float(2 * SPHERE_RADIUS_MILES * np.arcsin(min(np.sqrt(max(chord_sq, 0.0)) / 2, 1.0)))
