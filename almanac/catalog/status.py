"""`almanac catalog status`: what is installed, where it came from, what it holds and what
did not merge, as one record for json and as text for people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from almanac.domain.model import Dataset


def catalog_status(dataset: Dataset, directory: Path | None = None, *,
                   cache: bool | None = None) -> dict[str, Any]:
    """The status record (field names documented in docs/catalog.md)."""
    from almanac.catalog import ATTRIBUTION, LICENSE_URL, installed
    from almanac.catalog.store import catalog_dir, manifest_record

    directory = directory if directory is not None else catalog_dir()
    found = installed(directory, cache=cache)
    if found is None:
        return {"installed": False, "directory": str(directory)}
    from almanac.catalog.merge import merge

    catalog, manifest = found.catalog, found.manifest
    _, report = merge(dataset, catalog)
    skipped = sum(catalog.skipped.values())
    return {
        "installed": True,
        "directory": str(directory),
        "files": manifest_record(manifest),
        "gcat_updated": manifest.gcat_updated,
        "launches": len(catalog.entries),
        "failures": catalog.failures,
        "deep_space": sum(1 for d in catalog.details if d.code.startswith("D")),
        "site_codes": catalog.sites_in_table,
        "site_codes_used": len(catalog.sites),
        "rows": {
            "total": catalog.rows,
            "imported": catalog.rows - skipped - report.merged_rows,
            "merged": report.merged_rows,
            "skipped": skipped,
            "skipped_because": dict(catalog.skipped),
        },
        "gcat_only_launches": report.gcat_only,
        "merged_launches": len(report.matched),
        "matched": [{"curated": m.curated, "tag": m.tag, "how": m.how} for m in report.matched],
        "unmatched": [{"curated": ident, "why": why} for ident, why in report.unmatched],
        "zones": report.zones,
        "attribution": ATTRIBUTION,
        "license": LICENSE_URL,
    }


def status_text(record: dict[str, Any]) -> str:
    """The status record as labelled lines."""
    if not record["installed"]:
        return (f"No GCAT catalog is installed (in {record['directory']}).\n"
                "  'almanac catalog update' downloads it; 'almanac catalog import LAUNCHLOG --sites SITES' "
                "installs local copies.\n")
    files = record["files"]
    rows = record["rows"]
    lines = [f"GCAT catalog in {record['directory']}",
             f"  Launch log:     {files['launchlog']['source']}"]
    if files["sites"]:
        lines.append(f"  Site table:     {files['sites']['source']}")
    lines += [
        f"  Installed:      {files['installed']}",
        f"  GCAT updated:   {record['gcat_updated'] or 'not stated in the files'}",
        f"  Launches:       {record['launches']} ({record['failures']} failed, {record['deep_space']} "
        f"beyond Earth orbit); {record['merged_launches']} merged with curated records, "
        f"{record['gcat_only_launches']} from GCAT alone",
        f"  Sites:          {record['site_codes_used']} codes used"
        + (f" of {record['site_codes']} in the site table" if record["site_codes"] is not None else ""),
        f"  Rows:           {rows['total']}: {rows['imported']} imported, {rows['merged']} merged, "
        f"{rows['skipped']} skipped"]
    lines += [f"    skipped: {n} {why}" for why, n in rows["skipped_because"].items()]
    zones = ", ".join(f"{n} {how}" for how, n in sorted(record["zones"].items()))
    lines.append(f"  Local times:    {zones}")
    if record["unmatched"]:
        lines.append(f"  Not matched:    {len(record['unmatched'])} curated launches")
        lines += [f"    {u['curated']}: {u['why']}" for u in record["unmatched"]]
    lines.append(f"  {record['attribution']} ({record['license']})")
    return "\n".join(lines) + "\n"
