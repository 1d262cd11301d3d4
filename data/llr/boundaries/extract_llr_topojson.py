#!/usr/bin/env python3
"""Extracts the nine LLR districts from martinjc/UK-GeoJSON's England LAD TopoJSON.

Usage: python3 extract_llr_topojson.py topo_lad_england_2013.json > llr_lad_2013.topo.json

Keeps the file's quantisation transform and its delta-encoded integer arcs byte for byte
(only the arcs the nine districts use, renumbered in first-use order), and the
LAD13CD / LAD13NM properties. Nothing is simplified or rounded here: simplification is done by
`pcc-spc build` (src/map/simplify.rs), which needs the shared arcs to keep borders identical.
"""
import json
import sys

CODES = ["E06000016", "E07000130", "E07000129", "E07000132", "E07000134",
         "E07000131", "E07000135", "E07000133", "E06000017"]


def main(path):
    with open(path, encoding="utf-8") as f:
        topo = json.load(f)
    geoms = [g for g in topo["objects"]["lad"]["geometries"]
             if g["properties"]["LAD13CD"] in CODES]
    geoms.sort(key=lambda g: CODES.index(g["properties"]["LAD13CD"]))
    assert len(geoms) == len(CODES), "a district is missing"
    new_index = {}
    arcs = []

    def remap(i):
        old = i if i >= 0 else ~i
        if old not in new_index:
            new_index[old] = len(arcs)
            arcs.append(topo["arcs"][old])
        n = new_index[old]
        return n if i >= 0 else ~n

    def rings(rs):
        return [[remap(i) for i in ring] for ring in rs]

    out_geoms = []
    for g in geoms:
        if g["type"] == "Polygon":
            a = rings(g["arcs"])
        elif g["type"] == "MultiPolygon":
            a = [rings(p) for p in g["arcs"]]
        else:
            raise SystemExit("unexpected geometry type " + g["type"])
        out_geoms.append({"type": g["type"], "arcs": a, "properties": {
            "LAD13CD": g["properties"]["LAD13CD"], "LAD13NM": g["properties"]["LAD13NM"]}})
    out = {"type": "Topology", "transform": topo["transform"],
           "objects": {"lad": {"type": "GeometryCollection", "geometries": out_geoms}},
           "arcs": arcs}
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
