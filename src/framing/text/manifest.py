"""Reference-set manifests (``file,outlet,outlet_family,...``) read as catalogs.

framing-dev ships ``manifest.csv`` with paths such as
``articles/001_tass_....txt`` and the outlet family in ``outlet_family``;
:func:`catalog_from_manifest` writes the equivalent ``catalog.csv`` (file
name, outlet, stance = outlet family, date, url, title) so the set can be
analysed like any catalogued folder.  Only metadata is copied, never text.
"""

from __future__ import annotations

import csv
from pathlib import Path

#: Manifest column -> catalog column.
MANIFEST_TO_CATALOG = {"outlet": "outlet", "outlet_family": "stance", "date": "date", "url": "url",
                       "title": "title"}


def catalog_from_manifest(manifest: str | Path, out: str | Path, under: str = "articles") -> Path:
    """Write the catalog of the manifest rows whose file lies in ``under/``; return the catalog path."""
    manifest, out = Path(manifest), Path(out)
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", *MANIFEST_TO_CATALOG.values()])
        for r in rows:
            folder, _, name = (r.get("file") or "").rpartition("/")
            if folder != under or not name:
                continue
            w.writerow([name, *(r.get(k, "") for k in MANIFEST_TO_CATALOG)])
    return out
