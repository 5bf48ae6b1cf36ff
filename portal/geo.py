"""A unit's administrative boundary (Điều 9 khoản 1 điểm c, Nghị định 224/2026/NĐ-CP: the map of its
boundary): read from an uploaded GeoJSON file, checked, simplified, and drawn as an inline SVG map with no
tile server and no request to anyone else.

``read_boundary(data)`` turns the file into the geometry stored on the unit (a GeoJSON MultiPolygon in
longitude and latitude, WGS 84, simplified to about 20 m, five decimals) or raises ``ValidationError`` with
a message in Vietnamese. ``draw(shapes)`` projects stored shapes into one SVG coordinate space.
"""

import json
import math

from django.core.exceptions import ValidationError
from shapely import make_valid
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity

MAX_BYTES = 5 * 1024 * 1024
MAX_POINTS = 200_000
# Vietnam with its islands and a margin: longitude and latitude in degrees (WGS 84)
LON_RANGE, LAT_RANGE = (100.0, 118.0), (6.0, 25.0)
SIMPLIFY_DEGREES = 0.0002  # about 20 m: a commune's map needs no more, and the page stays light
VIEW_WIDTH = 1000  # the SVG's own units; it is scaled to the page's width

WRONG_SYSTEM = (
    "Tọa độ không phải kinh độ, vĩ độ trong lãnh thổ Việt Nam (hệ WGS 84). Tệp có thể dùng hệ VN-2000 hoặc "
    "tọa độ mét (UTM): hãy xuất lại ranh giới theo WGS 84 (EPSG:4326), kinh độ trước, vĩ độ sau."
)


def _points(geometry):
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return sum(len(p.exterior.coords) + sum(len(r.coords) for r in p.interiors) for p in polygons)


def _geometries(document):
    """The polygonal geometries of a GeoJSON object (a geometry, a Feature or a FeatureCollection)."""
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise ValidationError("FeatureCollection không có danh sách «features».")
        found = []
        for feature in features:
            found += _geometries(feature)
        return found
    if kind == "Feature":
        return _geometries(document.get("geometry"))
    if kind in ("Polygon", "MultiPolygon"):
        return [document]
    if kind is None:
        raise ValidationError("Tệp không phải GeoJSON: không có trường «type».")
    raise ValidationError(f"Ranh giới phải là vùng (Polygon hoặc MultiPolygon), tệp có «{str(kind)[:30]}».")


def read_boundary(data):
    """The stored form of the boundary in the uploaded GeoJSON bytes ``data``, or a ValidationError."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"Tệp quá lớn ({len(data) / 1024 / 1024:.1f} MB): tối đa {MAX_BYTES // 1024 // 1024} MB. "
            "Hãy đơn giản hóa ranh giới trước khi tải lên."
        )
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError("Tệp không phải GeoJSON hợp lệ (không đọc được JSON).") from None
    geometries = _geometries(document)
    if not geometries:
        raise ValidationError("Tệp không có vùng ranh giới nào.")
    polygons = []
    for geometry in geometries:
        try:
            found = shape(geometry)
        except (ValueError, TypeError, IndexError, AttributeError, KeyError):
            raise ValidationError("Tọa độ của ranh giới không đúng cấu trúc GeoJSON.") from None
        if found.is_empty:
            continue
        polygons += list(found.geoms) if isinstance(found, MultiPolygon) else [found]
    if not polygons:
        raise ValidationError("Tệp không có vùng ranh giới nào.")
    boundary = MultiPolygon(polygons)
    if _points(boundary) > MAX_POINTS:
        raise ValidationError(
            f"Ranh giới có quá nhiều điểm ({_points(boundary):,}; tối đa {MAX_POINTS:,}). "
            "Hãy đơn giản hóa trước khi tải lên."
        )
    west, south, east, north = boundary.bounds
    if not all(math.isfinite(v) for v in (west, south, east, north)) or not (
        LON_RANGE[0] <= west <= east <= LON_RANGE[1] and LAT_RANGE[0] <= south <= north <= LAT_RANGE[1]
    ):
        raise ValidationError(WRONG_SYSTEM)
    if not boundary.is_valid:
        reason = explain_validity(boundary)
        where = reason.partition("[")[2].rstrip("]").split()
        place = ""
        if len(where) == 2:
            place = f" gần kinh độ {float(where[0]):.5f}, vĩ độ {float(where[1]):.5f}"
        if "Self-intersection" in reason or "Ring Self-intersection" in reason:
            raise ValidationError(f"Đường ranh giới tự cắt nhau{place}. Hãy sửa ranh giới rồi tải lên lại.")
        raise ValidationError(f"Ranh giới không hợp lệ{place}. Hãy kiểm tra lại các vùng và lỗ trong vùng.")
    simplified = boundary.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    if not simplified.is_valid:
        simplified = make_valid(simplified)
    if isinstance(simplified, Polygon):
        simplified = MultiPolygon([simplified])
    return _rounded(mapping(simplified))


def _rounded(geometry):
    def ring(coords):
        return [[round(x, 5), round(y, 5)] for x, y in coords]

    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in polygon] for polygon in geometry["coordinates"]],
    }


def draw(shapes):
    """SVG data for ``shapes``, a list of (key, stored geometry): {"view_box", "height", "items": [{"key",
    "d", "x", "y"}]}, each ``d`` a path in one coordinate space (longitudes scaled by the cosine of the
    middle latitude, so that shapes are not stretched), ``x``/``y`` a point inside the shape for its label."""
    geometries = [(key, shape(geometry)) for key, geometry in shapes if geometry]
    if not geometries:
        return None
    west = min(g.bounds[0] for _, g in geometries)
    south = min(g.bounds[1] for _, g in geometries)
    east = max(g.bounds[2] for _, g in geometries)
    north = max(g.bounds[3] for _, g in geometries)
    x_scale = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * x_scale, north - south) or 1
    unit = VIEW_WIDTH / span
    height = round((north - south) * unit) or 1
    width = round((east - west) * x_scale * unit) or 1

    def point(lon, lat):
        return f"{(lon - west) * x_scale * unit:.1f} {(north - lat) * unit:.1f}"

    items = []
    for key, geometry in geometries:
        polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        parts = []
        for polygon in polygons:
            for ring in [polygon.exterior, *polygon.interiors]:
                coords = list(ring.coords)
                parts.append("M" + " L".join(point(x, y) for x, y in coords[:-1]) + " Z")
        inside = geometry.representative_point()
        x, y = point(inside.x, inside.y).split()
        items.append({"key": key, "d": " ".join(parts), "x": x, "y": y})
    return {"view_box": f"0 0 {width} {height}", "width": width, "height": height, "items": items}


def bounds(geometry, margin=0.0):
    """(west, south, east, north) of a stored geometry, widened by ``margin`` degrees."""
    points = [point for polygon in geometry["coordinates"] for ring in polygon for point in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def overlaps(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
