"""News outlets by web host, corpus site name and signature (``data/outlets.yaml``), loaded once.

``outlet_for_url("http://www.okaz.com.sa/new/Issues/20150806/x.htm")`` → ``"عكاظ"``;
``outlet_for_url("https://www.bbc.com/arabic/world-1")`` → ``"بي بي سي عربي"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from rasad.arabic.normalize import normalize
from rasad.datafiles import load_yaml

_DATA = Path(__file__).parent / "data" / "outlets.yaml"
_NOT_WORD = re.compile(r"[^\w]+")


def name_key(text: str) -> str:
    """A name folded for lookups: ``"«الشرق الأوسط»"`` → ``"الشرق الاوسط"``."""
    return " ".join(_NOT_WORD.sub(" ", normalize(text).casefold()).split())


@dataclass(frozen=True, slots=True)
class OutletTable:
    hosts: dict[str, str]  # "okaz.com.sa" → "عكاظ"
    paths: dict[str, list[tuple[str, str]]]  # "bbc.com" → [("/arabic", "بي بي سي عربي")]
    sites: dict[str, str]  # "okaz" → "عكاظ"
    aliases: dict[str, str]  # name_key("سبق") → "سبق"
    names: frozenset[str]  # outlet names as reported
    countries: dict[str, str]  # "عكاظ" → "SAU" (where the table gives one)
    zones: dict[str, str]  # "اليوم السابع" → "Africa/Cairo"
    tld_zones: dict[str, str]  # "eg" → "Africa/Cairo"


@lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    """The outlet table, read from ``data/outlets.yaml`` on first use."""
    data = load_yaml(_DATA)
    hosts: dict[str, str] = {}
    paths: dict[str, list[tuple[str, str]]] = {}
    sites: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for entry in data["outlets"]:
        name = entry["name"]
        for host in entry.get("hosts") or []:
            host = host.lower().removeprefix("www.")
            if "/" in host:
                bare, path = host.split("/", 1)
                paths.setdefault(bare, []).append(("/" + path.strip("/"), name))
            else:
                hosts[host] = name
        for site in entry.get("sites") or []:
            sites[site.lower()] = name
        for alias in [name, *(entry.get("aliases") or [])]:
            aliases.setdefault(name_key(alias), name)
    for entries in paths.values():
        entries.sort(key=lambda item: len(item[0]), reverse=True)
    countries = {e["name"]: e["country"] for e in data["outlets"] if e.get("country")}
    country_zones = data.get("country_zones") or {}
    zones = {
        e["name"]: e.get("zone") or country_zones[e["country"]]
        for e in data["outlets"]
        if e.get("zone") or e.get("country") in country_zones
    }
    names = frozenset(e["name"] for e in data["outlets"])
    return OutletTable(hosts, paths, sites, aliases, names, countries, zones, dict(data.get("tld_zones") or {}))


def outlet_for_url(url: str | None) -> str | None:
    """The outlet publishing ``url``: its host or a parent domain, path-scoped hosts first."""
    if not url:
        return None
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.lower().rstrip("/")
    table = outlet_table()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        for prefix, name in table.paths.get(candidate, ()):
            if path == prefix or path.startswith(prefix + "/"):
                return name
        if candidate in table.hosts:
            return table.hosts[candidate]
    return None


def outlet_for_site(site: str | None) -> str | None:
    """The outlet of a corpus ``site`` short name: ``"sabq"`` → ``"سبق"``."""
    return outlet_table().sites.get(site.lower()) if site else None


def outlet_for_name(text: str) -> str | None:
    """The outlet a signature names: ``"«الشرق الأوسط أونلاين»"`` → ``"الشرق الأوسط"``."""
    return outlet_table().aliases.get(name_key(text))


def outlet_country(name: str | None) -> str | None:
    """The state of an outlet: ``"عكاظ"`` → ``"SAU"``."""
    return outlet_table().countries.get(name) if name else None


def outlet_zone(name: str | None) -> str | None:
    """The time zone of an outlet's newsroom: ``"اليوم السابع"`` → ``"Africa/Cairo"``."""
    return outlet_table().zones.get(name) if name else None


def zone_for_url(url: str | None) -> str | None:
    """The time zone a web host's country code gives: ``"https://www.example.com.eg/a"`` → ``"Africa/Cairo"``."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return None
    return outlet_table().tld_zones.get(host.rsplit(".", 1)[-1].lower())
