"""Where the installed GCAT catalog lives: $XDG_DATA_HOME/almanac/catalog (else
~/.local/share/almanac/catalog).

The folder holds GCAT's two files under names made from their SHA-256 (`launchlog-<hash>.tsv`,
`sites-<hash>.tsv`) and `catalog.json`, which says which files are current, where they came
from and the validators of the download (ETag, Last-Modified). A new catalog is written beside
the old one and becomes current when `catalog.json` is replaced, in one rename: a reader sees
the old catalog or the new one, and a failed or interrupted install leaves the old one whole.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from almanac.errors import DatasetError

ENV_XDG_DATA_HOME = "XDG_DATA_HOME"
MANIFEST = "catalog.json"
MANIFEST_FORMAT = 1
MAX_FILE_BYTES = 64 * 1024 * 1024  # GCAT's launch log is ~4 MB; a file 16 times that is not one


def data_dir() -> Path | None:
    """$XDG_DATA_HOME/almanac, else ~/.local/share/almanac; None when neither can be found."""
    from almanac.dataset.cache import xdg_folder

    return xdg_folder(ENV_XDG_DATA_HOME, ".local", "share")


def catalog_dir() -> Path:
    """The folder of the installed catalog."""
    base = data_dir()
    if base is None:
        raise DatasetError("no folder for the catalog: set XDG_DATA_HOME or HOME")
    return base / "catalog"


@dataclass
class StoredFile:
    """One of GCAT's files as installed, and where it came from."""

    file: str  # name inside the catalog folder
    sha256: str
    source: str  # a URL or a local path
    etag: str | None = None
    last_modified: str | None = None
    updated: str | None = None  # GCAT's own "# Updated" line


@dataclass
class Manifest:
    """catalog.json: the current files and when they were installed."""

    launchlog: StoredFile
    sites: StoredFile | None
    installed: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    format: int = MANIFEST_FORMAT

    @property
    def gcat_updated(self) -> str | None:
        """GCAT's "Updated" date: the launch log's, else the site table's."""
        return self.launchlog.updated or (self.sites.updated if self.sites else None)


def read_manifest(directory: Path) -> Manifest | None:
    """The installed catalog's manifest; None when no catalog is installed."""
    path = directory / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"format {data.get('format')!r}")
        sites = data.get("sites")
        return Manifest(launchlog=StoredFile(**data["launchlog"]),
                        sites=StoredFile(**sites) if sites else None,
                        installed=data["installed"])
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DatasetError(f"{path}: damaged catalog manifest ({exc}); run 'almanac catalog remove' "
                           "and import or update again") from None


def stored_name(kind: str, raw: bytes) -> tuple[str, str]:
    """The file name a GCAT file is kept under, and its SHA-256."""
    digest = hashlib.sha256(raw).hexdigest()
    return f"{kind}-{digest[:16]}.tsv", digest


def install(directory: Path, files: dict[str, bytes], manifest: Manifest) -> None:
    """Write the files, then make them current by replacing the manifest in one step; files no
    longer named by it are removed. Raises DatasetError (nothing changed) if it cannot."""
    from almanac.output.atomic import replace_file

    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, raw in files.items():
            target = directory / name
            if not target.is_file() or target.stat().st_size != len(raw):
                replace_file(target, raw, mode=0o644)
        body = json.dumps(asdict(manifest), indent=2, sort_keys=True).encode("utf-8") + b"\n"
        replace_file(directory / MANIFEST, body, mode=0o644)
    except OSError as exc:
        raise DatasetError(f"{directory}: cannot write the catalog: {exc.strerror or exc}; "
                           "the previous catalog is unchanged") from None
    keep = {MANIFEST, manifest.launchlog.file, *([manifest.sites.file] if manifest.sites else [])}
    _remove_others(directory, keep)


def _remove_others(directory: Path, keep: set[str]) -> None:
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name not in keep and name.endswith(".tsv") and name.startswith(("launchlog-", "sites-")):
            try:
                os.unlink(directory / name)
            except OSError:
                pass


def remove(directory: Path) -> bool:
    """Remove the installed catalog; False when there was none."""
    manifest_path = directory / MANIFEST
    if not manifest_path.exists():
        return False
    try:
        manifest_path.unlink()  # first: from here on no catalog is installed
    except OSError as exc:
        raise DatasetError(f"{manifest_path}: cannot remove: {exc.strerror or exc}") from None
    _remove_others(directory, set())
    try:
        directory.rmdir()
    except OSError:
        pass  # files of the user's own in it: leave the folder
    return True


def read_stored(directory: Path, stored: StoredFile) -> bytes:
    """An installed file's bytes, checked against the manifest's hash."""
    path = directory / stored.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read the installed catalog: {exc.strerror or exc} "
                           "(run 'almanac catalog remove', or use --no-catalog)") from None
    if hashlib.sha256(raw).hexdigest() != stored.sha256:
        raise DatasetError(f"{path}: changed since it was installed (run 'almanac catalog remove' "
                           "and import it again, or use --no-catalog)")
    return raw


def read_limited(path: Path, what: str) -> bytes:
    """A local GCAT file's bytes, with errors that name it."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DatasetError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a directory, not a GCAT {what}") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DatasetError(f"{path}: more than {MAX_FILE_BYTES} bytes: not a GCAT {what}")
    return raw


def manifest_record(manifest: Manifest) -> dict[str, Any]:
    """The manifest as plain data (for `catalog status --format json`)."""
    return asdict(manifest)
