"""The vendored map scripts: served by the portal, licences beside them, every referenced file present."""

import re
from pathlib import Path

import modellstadt.progress

STATIC = Path(modellstadt.progress.__file__).parent / "static" / "progress"


def test_referenced_source_maps_exist_so_collectstatic_manifest_succeeds():
    for script in (STATIC / "vendor").glob("*.js"):
        for name in re.findall(r"sourceMappingURL=(\S+)", script.read_text(encoding="utf-8")):
            assert (script.parent / name).exists(), f"{script.name} verweist auf fehlendes {name}"


def test_vendored_libraries_carry_their_licences_and_no_foreign_urls():
    vendor = STATIC / "vendor"
    assert (vendor / "LICENSE.leaflet.txt").exists() and (vendor / "LICENSE.protomaps-leaflet.txt").exists()
    for path in [*vendor.glob("*.js"), *STATIC.glob("*.js"), *vendor.glob("*.css")]:
        text = path.read_text(encoding="utf-8")
        # Only links (attribution, licence) may name other hosts; nothing is fetched from a CDN.
        assert "unpkg.com" not in text and "cdn." not in text and "fonts.googleapis" not in text, path.name
