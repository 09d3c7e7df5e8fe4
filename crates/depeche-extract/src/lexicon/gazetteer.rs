//! The gazetteer: countries, places and organizations by every name they go by.

use super::fold;
use crate::article::Lang;
use crate::kinds::GazKind;
use rustc_hash::FxHashMap;

/// One known entity.
#[derive(Debug, Clone)]
pub struct GazEntry {
    /// Position in [`Gazetteer::entries`].
    pub index: usize,
    /// Stable key: `geonames:ID` for places, `org:KEY` for organizations.
    pub key: String,
    /// Kind.
    pub kind: GazKind,
    /// English name.
    pub name_en: String,
    /// French name.
    pub name_fr: String,
    /// GeoNames id, for `owl:sameAs`.
    pub geonames: Option<u64>,
    /// ISO code of the country a city or region is in.
    pub country: Option<String>,
    /// Population (places), for disambiguation.
    pub population: u64,
    /// Acronyms (organizations).
    pub acronyms: Vec<String>,
}

impl GazEntry {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.name_fr,
            Lang::En => &self.name_en,
        }
    }
}

/// Countries, places and organizations with every name they go by.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// All entries.
    pub entries: Vec<GazEntry>,
    pub(super) index: FxHashMap<String, Vec<usize>>,
    /// Names that must be written in capitals to match (acronyms), by folded form.
    pub(super) case_sensitive: FxHashMap<String, Vec<String>>,
    /// Longest name in tokens.
    pub max_tokens: usize,
}

impl Gazetteer {
    pub(super) fn add_name(&mut self, name: &str, entry: usize) {
        let key = fold(name);
        if key.is_empty() {
            return;
        }
        self.max_tokens = self.max_tokens.max(key.split(' ').count() + 1);
        // All-capital short names ("EI", "UN", "US") match only as written, or "us" would be a country.
        let (mut letters, mut capitals) = (0, true);
        for c in name.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            capitals &= c.is_uppercase();
        }
        if letters <= 5 && capitals {
            self.case_sensitive
                .entry(key.clone())
                .or_default()
                .push(name.replace('.', ""));
        }
        let slot = self.index.entry(key).or_default();
        if !slot.contains(&entry) {
            slot.push(entry);
        }
    }

    /// Entries whose names fold to the same form as `name`, most populous first.
    pub fn lookup<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a GazEntry> + 'a {
        self.ids(&fold(name), || name.replace('.', ""))
            .iter()
            .map(move |&i| &self.entries[i])
    }

    /// [`Gazetteer::lookup`] by folded form, for a caller that folded the name already; `written`
    /// gives the name without its periods, asked for only when the form is an acronym's.
    pub(crate) fn ids(&self, key: &str, written: impl FnOnce() -> String) -> &[usize] {
        let Some(ids) = self.index.get(key) else {
            return &[];
        };
        match self.case_sensitive.get(key) {
            // A form that is only known as an acronym must be written as one.
            Some(forms) if ids.len() <= forms.len() && !forms.contains(&written()) => &[],
            _ => ids,
        }
    }

    /// The entry with this key.
    pub fn by_key(&self, key: &str) -> Option<&GazEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}
