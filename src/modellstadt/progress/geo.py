"""Small geometry helpers for districts and the map (WGS 84, no GIS library needed at this size)."""

import math
from decimal import Decimal

from django.utils.translation import gettext as _


class GeoError(ValueError):
    pass


def _rings(outline):
    kind = outline.get("type") if isinstance(outline, dict) else None
    coords = outline.get("coordinates") if isinstance(outline, dict) else None
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords or [])
    raise GeoError(_("Der Umriss muss ein GeoJSON-Polygon oder -MultiPolygon sein."))


def validate_outline(outline):
    polygons = _rings(outline)
    if not polygons:
        raise GeoError(_("Der Umriss enthält keine Fläche."))
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise GeoError(_("Der Umriss enthält eine leere Fläche."))
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                raise GeoError(_("Jeder Ring des Umrisses braucht mindestens vier Punkte und muss geschlossen sein."))
            for point in ring:
                if (not isinstance(point, list | tuple) or len(point) < 2
                        or not all(isinstance(c, int | float) for c in point[:2])):
                    raise GeoError(_("Ein Punkt des Umrisses ist kein Paar aus Längen- und Breitengrad."))
                lon, lat = point[0], point[1]
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise GeoError(_("Ein Punkt des Umrisses liegt außerhalb der gültigen Koordinaten."))


def centroid(outline):
    """Area-weighted centre of the outer rings, as (latitude, longitude) Decimals with six places."""
    total_area = cx = cy = 0.0
    for polygon in _rings(outline):
        ring = polygon[0]
        area = 0.0
        x_sum = y_sum = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area += cross
            x_sum += (x0 + x1) * cross
            y_sum += (y0 + y1) * cross
        if area:
            total_area += area / 2
            cx += x_sum / 6
            cy += y_sum / 6
    if not total_area:
        ring = _rings(outline)[0][0]
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
    else:
        lon, lat = cx / total_area, cy / total_area
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def contains(outline, lat, lon):
    """Whether (lat, lon) lies inside the outline (even-odd rule, holes respected)."""
    inside = False
    for polygon in _rings(outline):
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
                if (y0 > lat) != (y1 > lat) and lon < (x1 - x0) * (lat - y0) / (y1 - y0) + x0:
                    inside = not inside
    return inside


def outline_bounds(outline):
    """(west, south, east, north) around the outer rings of an outline."""
    return bounds((point[1], point[0]) for polygon in _rings(outline) for point in polygon[0])


def bounds(points):
    """(west, south, east, north) around (lat, lon) pairs, or None."""
    points = list(points)
    if not points:
        return None
    lats = [float(p[0]) for p in points]
    lons = [float(p[1]) for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def cell_size(zoom):
    """Degrees of longitude covered by one cluster cell (about 60 px on screen) at a zoom level."""
    zoom = max(0, min(int(zoom), 22))
    return 360 / (2 ** zoom) / 256 * 60


def distance_m(lat0, lon0, lat1, lon1):
    r = 6371000
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dp, dl = p1 - p0, math.radians(lon1 - lon0)
    a = math.sin(dp / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
