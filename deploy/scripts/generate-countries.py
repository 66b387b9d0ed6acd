#!/usr/bin/env python3
"""Regenerates services/Cica.Contracts/Countries/iso3166-1.json from Debian's iso-codes package.

The platform validates country codes against ISO 3166-1 alpha-3 and shows names in the CICA
languages (en/ru/kk); iso-codes carries the standard list and its Russian and Kazakh translations.
Run: /usr/bin/python3 deploy/scripts/generate-countries.py  (needs the iso-codes package)
"""
import gettext, json, pathlib

src = json.loads(pathlib.Path("/usr/share/iso-codes/json/iso_3166-1.json").read_text())["3166-1"]
tr = {lang: gettext.translation("iso_3166-1", "/usr/share/locale", languages=[lang]) for lang in ("ru", "kk")}
rows = []
for c in sorted(src, key=lambda c: c["alpha_3"]):
    en = c["name"]
    rows.append({"alpha3": c["alpha_3"], "alpha2": c["alpha_2"], "en": en,
                 "ru": tr["ru"].gettext(en), "kk": tr["kk"].gettext(en)})
out = pathlib.Path(__file__).resolve().parents[2] / "services/Cica.Contracts/Countries/iso3166-1.json"
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"{len(rows)} countries -> {out}")
