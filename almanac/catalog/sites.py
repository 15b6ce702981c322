"""A time zone for each GCAT launch site code, or the reason there is none.

In order: a curated site that lists the code among its aliases (data/missions.yaml: Baikonur
lists NIIP-5 and GIK-5; matched when the catalog is merged, see almanac.catalog.merge); the
zones below, checked by hand; the zone at the site's coordinates in sites.tsv, found by the
optional `timezonefinder` package (`pip install 'almanac[catalog-zones]'`); else none, and
such launches are shown in UTC only, with the reason. Launches at sea or in the air are
shown in UTC only whatever the code: a ship's or an aircraft's clock is nobody's local time.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any

from almanac.catalog.gcat import GcatSite

ZONE_LIBRARY = "timezonefinder"
ZONE_EXTRA = "almanac[catalog-zones]"

# Codes with five or more launches in the launch log that no curated site lists, each zone
# checked by hand against the tz database's region lists (zone1970.tab, the europe and asia
# files) and against timezonefinder at the coordinates GCAT gives.
HAND_ZONES = {
    "GTsP-4": "Europe/Astrakhan",  # Kapustin Yar: the launch area is in Astrakhan Oblast
    "GTsMP-4": "Europe/Astrakhan",  # Kapustin Yar under its 1990s name
    "SEM": "Asia/Tehran",  # Semnan
    "SHAHR": "Asia/Tehran",  # Shahroud
    "PALB": "Asia/Jerusalem",  # Palmachim
    "YAS": "Asia/Yekaterinburg",  # Yasny: Orenburg Oblast keeps Yekaterinburg time
    "SMLC": "Africa/Nairobi",  # San Marco: fixed platforms off Kenya's coast, not a ship
    "KMR": "Pacific/Kwajalein",  # Kwajalein and Omelek: the zone records the 1993 date-line move
    "SOHAE": "Asia/Pyongyang",
    "TONGH": "Asia/Pyongyang",
    "WOO": "Australia/Adelaide",  # Woomera, South Australia
    "NARO": "Asia/Seoul",
    "PSCA": "America/Anchorage",  # Kodiak Island
    "KLC": "America/Anchorage",
    "GIK-2": "Asia/Yakutsk",  # Svobodny, Amur Oblast, like Vostochny
    "HCSLS": "Asia/Shanghai",  # Hainan commercial site, beside Wenchang
    "EAFB": "America/Los_Angeles",
    "MHV": "America/Los_Angeles",
    "NOTS": "America/Los_Angeles",
}

# Launch areas at sea: no fixed local time.
SEA_SITES = {
    "KLA": "Sea Launch's platform on the equator in the Pacific",
    "HHAI": "a ship in the Yellow Sea",
    "YJ": "a ship off Yangjiang in the South China Sea",
    "BLA": "a submarine in the Barents Sea",
    "JEJU": "a barge off Jeju Island",
    "OCEAN": "the open ocean",
}


@dataclass(frozen=True)
class SiteZone:
    """What is known of a code's zone: the zone, how it was found, or why there is none."""

    zone: str | None
    how: str  # "hand", "coordinates", "sea" or "none"
    reason: str | None = None  # why there is no zone


def zone_library_available() -> bool:
    """Whether the optional package that finds zones from coordinates is installed."""
    return importlib.util.find_spec(ZONE_LIBRARY) is not None


class ZoneFinder:
    """Zones of GCAT site codes; the coordinate library is loaded only if a code needs it."""

    def __init__(self, use_library: bool | None = None):
        self.use_library = zone_library_available() if use_library is None else use_library
        self._finder: Any = None

    def zone_of(self, code: str, site: GcatSite | None) -> SiteZone:
        if code in SEA_SITES:
            return SiteZone(None, "sea", f"sea launch from {SEA_SITES[code]}")
        if code in HAND_ZONES:
            return SiteZone(HAND_ZONES[code], "hand")
        if site is None:
            return SiteZone(None, "none", f"GCAT site {code} is not in the site table")
        if site.kind == "LZ":  # GCAT's launch zones are areas at sea or in the air
            return SiteZone(None, "sea", f"launch zone {site.name}, at sea or in the air")
        if site.longitude is None or site.latitude is None:
            return SiteZone(None, "none", f"GCAT site {code} has no coordinates")
        if not self.use_library:
            return SiteZone(None, "none", f"no zone known for GCAT site {code} "
                                          f"(pip install '{ZONE_EXTRA}' finds one from its coordinates)")
        zone = self._lookup(site.longitude, site.latitude)
        if zone is None or zone.startswith("Etc/"):  # nautical zones: the point is at sea
            return SiteZone(None, "sea", f"GCAT site {code} lies at sea")
        return SiteZone(zone, "coordinates")

    def _lookup(self, longitude: float, latitude: float) -> str | None:
        if self._finder is None:
            from timezonefinder import TimezoneFinder

            self._finder = TimezoneFinder()
        from almanac.domain.zones import known_zone

        zone = self._finder.timezone_at(lng=longitude, lat=latitude)
        return zone if zone and known_zone(zone) else None


def air_launch_note(platform: str | None, ascent_site: str | None) -> str | None:
    """Why an air launch is shown in UTC only (GCAT gives the area it was released over)."""
    if ascent_site is None:
        return None
    carrier = f" from {platform}" if platform else ""
    return f"air launch{carrier}, released over {ascent_site}"
