//! The kinds the lexicon's data files may name in their kind column, and what each means.
//!
//! `build.rs` includes this file and refuses to build when a row of `data/` names a kind (or a
//! value) not listed here, naming the file and line, so a typo in a data file is a build error
//! rather than a silent change of behaviour; `lexicon` reads the same rows with the same
//! functions.

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazKind {
    /// A country or territory.
    Country,
    /// A city.
    City,
    /// A first-level region or province.
    Region,
    /// A continent or world region.
    Continent,
    /// An organization.
    Organization,
}

/// Kinds of title words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// An office: président, ministre.
    Role,
    /// M., Mme, Mr.
    Honorific,
    /// pape, cardinal.
    Religious,
    /// général, colonel.
    Military,
    /// journaliste, coach.
    Profession,
}

/// Event classes the triggers announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventClass {
    /// Two or more actors met.
    Meeting,
    /// Someone visited a place.
    Visit,
    /// Someone said something.
    Statement,
    /// Something was handed over.
    Handover,
    /// A military action.
    Military,
    /// People killed or wounded.
    Casualties,
}

/// How a trigger's arguments are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// Subject before, object after.
    Transitive,
    /// Subject before, object after "avec"/"with" (part of the trigger).
    With,
    /// A plural or coordinated subject.
    Reciprocal,
    /// A noun; arguments after "entre"/"between" or from context.
    Noun,
    /// A reporting verb.
    Speech,
    /// "selon X".
    Source,
    /// No object.
    Intransitive,
    /// A count before the trigger.
    Count,
    /// The subject attends a meeting named right after ("assistait à ce sommet", "joined the
    /// talks"): it takes part in that meeting, told earlier in the article.
    Attend,
}

/// Time words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeWord {
    /// A month, 1-12.
    Month(u32),
    /// A weekday, 1 = Monday.
    Weekday(u32),
    /// Days from the publication date.
    Relative(i64),
    /// week, month, year.
    Unit(TimeUnit),
    /// A past cue ("dernier", "last").
    Past,
    /// A future cue ("prochain", "next", "will").
    Future,
    /// A time zone ("GMT", "UTC"): part of a time, never a name.
    Zone,
}

/// Calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// A week.
    Week,
    /// A month.
    Month,
    /// A year.
    Year,
}

/// Context cue kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// The name after it is a place.
    PlaceBefore,
    /// Introduces a place.
    Locative,
    /// Heads an organization name.
    OrgHead,
    /// A state institution, named by a nationality adjective alone ("armée russe").
    OrgState,
    /// Heads a place name ("boulevard", "Airport").
    PlaceHead,
    /// Ends a company name ("Inc.", "LLC").
    OrgSuffix,
    /// A capitalised adjective that may open a name ("Grande Mosquée").
    NameAdjective,
    /// A plural noun for people that introduces a list of names ("ses compatriotes X, Y et Z").
    PersonList,
    /// A date after it is a birth date.
    Birth,
    /// Refers back to the two persons of the last meeting.
    PluralPair,
    /// Says an event is announced or expected, not done ("prévue", "will", "expected").
    Planned,
    /// Says an event was called off or put off ("annulée", "postponed").
    Cancelled,
    /// Says an event is conditional, denied or only asked for ("pourrait", "if", "refused").
    Hypothetical,
    /// Introduces more people present at an event ("accompagné de", "together with").
    Companion,
    /// Says an exchange was held at a distance ("par téléphone", "by phone"): not a meeting.
    Remote,
    /// Says the people faced each other in a contest ("defeated", "en finale"): a match, not a
    /// meeting.
    Contest,
    /// A prize or honour, often named after a person ("le prix X", "the X Award"): what is
    /// received is the prize, not the person.
    Award,
    /// Names people who stand for a country or a body ("représentants", "delegation"): "des
    /// représentants du Mali" is Mali's side of a meeting.
    Delegate,
    /// Tells an event as happening once more ("again", "à nouveau"): another occurrence than
    /// the one told before, not a restatement of it.
    Again,
    /// Opens what an event was about ("to discuss", "pour discuter de"): a place or date after
    /// it is the topic's, not the event's.
    Topic,
    /// A day told from the story's last date, this many days on: "le lendemain" (1), "that
    /// day" (0), "la veille" (-1).
    Anchor(i64),
}

/// What a row of `cues.tsv` adds: a cue for its phrase, or an adjective ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueRow {
    /// The phrase gives this cue.
    Cue(Cue),
    /// The row's word, without its leading `-`, ends adjectives ("-ien").
    AdjectiveSuffix,
}

/// Closed-class words the stages look for by role rather than one by one (`function_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionWord {
    /// A preposition that makes the name after it an oblique argument, not a subject or an
    /// object ("de", "avec", "by").
    Oblique,
    /// A personal pronoun that may stand for the last person named ("il", "she").
    Pronoun,
    /// A word that opens or closes another clause, across which a list of subjects does not run.
    Clause,
    /// A preposition that hangs a meeting noun off another clause ("lors", "during").
    Adjunct,
    /// A lowercase particle inside a person's name ("de", "van", "bin").
    NameParticle,
    /// A particle that coreference leaves out when it compares names: "al-Assad" is "Assad".
    CorefParticle,
    /// An article or kinship particle written joined to a name by a hyphen ("al-", "bin-").
    NamePrefix,
    /// The part before an apostrophe that is a word of its own ("l'", "jusqu'").
    Elision,
    /// A suffix that makes a number an ordinal and stays on it ("18th", "1er").
    OrdinalSuffix,
    /// The ending of a French verb in the future tense ("sera", "rendront").
    FutureEnding,
    /// A preposition right before a name that makes an unknown name a place ("à Kandouz",
    /// "in Tamworth", "near X").
    PlacePreposition,
    /// A preposition before an article before a name that makes an unknown name a place ("at
    /// the Quinta do Lago", "dans la X").
    PlaceArticlePreposition,
    /// A singular definite article ("la", "l'", "the").
    Article,
    /// A plural definite article ("les"), which does not introduce a place after a preposition.
    PluralArticle,
    /// A preposition that joins an office to its portfolio or country ("ministre de la
    /// Défense", "Secretary of State", "Minister for Health").
    PortfolioPreposition,
    /// A finite verb form that ends a portfolio ("de la Défense a reçu").
    FiniteVerb,
    /// A conjunction that joins two names or two titles ("et", "and").
    Conjunction,
    /// A preposition that makes a bare number after it a year ("en 1965", "since 2003").
    YearPreposition,
    /// A word that joins two weekdays into a span ("jeudi et vendredi", "Monday to Friday").
    SpanLink,
    /// A demonstrative before a weekday or a unit that means the current one ("cette semaine",
    /// "this Monday").
    Demonstrative,
    // The kinds below are the words the event stage looks for (moved from events.rs).
    /// A determiner that introduces something told before ("la", "cette", "the"); of its own
    /// language only.
    DefiniteDeterminer,
    /// A determiner that introduces something new ("une", "a"); of its own language only.
    IndefiniteDeterminer,
    /// A determiner that makes a noun someone's ("sa", "leur", "his"); of its own language only.
    PossessiveDeterminer,
    /// A word right before a trigger that reads it as a noun, not a verb ("la rencontre", "their
    /// meeting", "last"); of its own language only.
    NounMarker,
    /// A demonstrative before a military noun that names an action told before ("cette
    /// offensive"): no new action; of its own language only.
    AnaphoricDemonstrative,
    /// A passive auxiliary looked for anywhere before a verb ("a été approuvé", "was approved").
    PassiveAuxiliary,
    /// A form of the passive auxiliary that counts only right before the verb ("has been met").
    PassiveAuxiliaryNonfinite,
    /// The preposition of a passive's agent ("par", "by").
    Agent,
    /// Besides an agent's, a preposition that makes the person after it no object of the verb
    /// before ("le soutien de X", "selon X").
    NonObjectPreposition,
    /// A preposition between a delegation and the side it stands for ("représentants de", "a
    /// delegation from"); it may stand before that side's article.
    SidePreposition,
    /// A preposition joined to its article ("du", "des", "d'"), between a delegation and its
    /// side.
    SideContraction,
    /// A conjunction that opens a clause told apart from the main one ("after", "avant").
    Subordinator,
    /// The genitive preposition before a place ("près de X", "le sommet de Bruxelles").
    Genitive,
    /// The genitive preposition elided before a vowel ("le sommet d'Alger").
    GenitiveElided,
    /// A preposition that opens an adjunct after a verb rather than its object ("in", "en", "at").
    VerbAdjunctPreposition,
    /// A participle or preposition between a thing and a person that makes the thing that
    /// person's ("a delegation led by X", "a banquet for X").
    PersonLead,
    /// The preposition a "with" frame's trigger ends in ("avec", "with").
    With,
    /// The last word of a meeting noun that lists the attendees after it ("entre", "between").
    Between,
    /// The last word of a meeting noun whose members follow it at once ("a summit of").
    MemberOf,
    /// A plural possessive before a meeting noun, meaning the persons named together last
    /// ("leur rencontre", "their meeting").
    PluralPossessive,
    /// The preposition of the person something is given or said to ("à", "to").
    Dative,
    /// The dative preposition joined to its article ("au"): said to someone, not given.
    DativeContraction,
    /// An indefinite article, singular or plural, before the thing handed over ("une", "des",
    /// "a").
    IndefiniteArticle,
    /// A relative pronoun that may stand for a person ("qui", "who").
    RelativePerson,
    /// A relative pronoun for a thing only ("which").
    RelativeThing,
    /// A relative pronoun of possession or of a complement ("dont", "whose").
    RelativeGenitive,
    /// A compound relative pronoun ("lequel", "laquelle").
    RelativeCompound,
    /// A conjunction or relative that opens a clause of its own after a verb ("que", "that").
    Complementizer,
    /// A word that opens an embedded question or an object clause ("whether", "si", "whom").
    EmbeddedClause,
    // The kinds below are the words the mention and time stages look for (moved from mentions.rs
    // and timex.rs).
    /// A determiner that belongs to the phrase of the name after it ("le", "une", "the").
    NameDeterminer,
    /// A capitalised article that, inside a sentence, is part of a name ("selon Le Monde", "à La
    /// Paz"), written as it must be; of its own language only.
    NameArticle,
    /// A preposition that joins a complement to an institution's head ("ministère de la
    /// Défense", "Agence du service civique"); of its own language only.
    ComplementPreposition,
    /// An article between that preposition and the complement ("de la Défense"); of its own
    /// language only.
    ComplementArticle,
    /// An article before a bare day number that makes it a day of the month ("the 29th").
    DayArticle,
    /// A word before a bare month name that makes it a month of a year near the publication date
    /// ("en mars", "early May").
    MonthPrefix,
    /// A part of the day after a weekday, which stays in the same day ("mardi matin").
    PartOfDay,
}

impl FunctionWord {
    /// Whether the lexicon of each language reads this kind from the tables of both (true for
    /// most kinds: a sentence quotes words of the other language, and the stages have always
    /// checked both), or only from its own language's table (determiners, whose words mean
    /// different things across languages, and the words of rules that run for one language).
    pub(crate) fn shared(self) -> bool {
        !matches!(
            self,
            FunctionWord::DefiniteDeterminer
                | FunctionWord::IndefiniteDeterminer
                | FunctionWord::PossessiveDeterminer
                | FunctionWord::NounMarker
                | FunctionWord::AnaphoricDemonstrative
                | FunctionWord::NameArticle
                | FunctionWord::ComplementPreposition
                | FunctionWord::ComplementArticle
        )
    }
}

/// The title kind a row of `titles.tsv` names.
pub(crate) fn title_kind(kind: &str) -> Option<TitleKind> {
    Some(match kind {
        "role" => TitleKind::Role,
        "honorific" => TitleKind::Honorific,
        "religious" => TitleKind::Religious,
        "military" => TitleKind::Military,
        "profession" => TitleKind::Profession,
        _ => return None,
    })
}

/// The event class a row of `events.tsv` or `event_labels.tsv` names.
pub(crate) fn event_class(kind: &str) -> Option<EventClass> {
    Some(match kind {
        "meeting" => EventClass::Meeting,
        "visit" => EventClass::Visit,
        "statement" => EventClass::Statement,
        "handover" => EventClass::Handover,
        "military" => EventClass::Military,
        "casualties" => EventClass::Casualties,
        _ => return None,
    })
}

/// Every event class, in the order of [`EventClass`]: each needs a label in each language.
#[allow(dead_code)] // read by build.rs, which includes this file
pub(crate) const EVENT_CLASSES: [EventClass; 6] = [
    EventClass::Meeting,
    EventClass::Visit,
    EventClass::Statement,
    EventClass::Handover,
    EventClass::Military,
    EventClass::Casualties,
];

/// The frame a row of `events.tsv` names.
pub(crate) fn frame(kind: &str) -> Option<Frame> {
    Some(match kind {
        "transitive" => Frame::Transitive,
        "with" => Frame::With,
        "reciprocal" => Frame::Reciprocal,
        "noun" => Frame::Noun,
        "speech" => Frame::Speech,
        "source" => Frame::Source,
        "intransitive" => Frame::Intransitive,
        "count" => Frame::Count,
        "attend" => Frame::Attend,
        _ => return None,
    })
}

/// The time word a row of `time.tsv` gives, from its kind and value columns.
pub(crate) fn time_word(kind: &str, value: &str) -> Option<TimeWord> {
    Some(match kind {
        "month" => TimeWord::Month(value.parse().ok().filter(|m| (1..=12).contains(m))?),
        "weekday" => TimeWord::Weekday(value.parse().ok().filter(|d| (1..=7).contains(d))?),
        "relative" => TimeWord::Relative(value.parse().ok()?),
        "unit" => TimeWord::Unit(match value {
            "week" => TimeUnit::Week,
            "month" => TimeUnit::Month,
            "year" => TimeUnit::Year,
            _ => return None,
        }),
        "past" => TimeWord::Past,
        "future" => TimeWord::Future,
        "zone" => TimeWord::Zone,
        _ => return None,
    })
}

/// What a row of `cues.tsv` gives, from its kind and value columns.
pub(crate) fn cue(kind: &str, value: &str) -> Option<CueRow> {
    Some(CueRow::Cue(match kind {
        "adjective_suffix" => return Some(CueRow::AdjectiveSuffix),
        "org_state" => Cue::OrgState,
        "place_head" => Cue::PlaceHead,
        "org_suffix" => Cue::OrgSuffix,
        "name_adjective" => Cue::NameAdjective,
        "person_list" => Cue::PersonList,
        "place_before" => Cue::PlaceBefore,
        "locative" => Cue::Locative,
        "org_head" => Cue::OrgHead,
        "birth" => Cue::Birth,
        "plural_pair" => Cue::PluralPair,
        "planned" => Cue::Planned,
        "cancelled" => Cue::Cancelled,
        "hypothetical" => Cue::Hypothetical,
        "companion" => Cue::Companion,
        "remote" => Cue::Remote,
        "contest" => Cue::Contest,
        "delegate" => Cue::Delegate,
        "award" => Cue::Award,
        "topic" => Cue::Topic,
        "again" => Cue::Again,
        "anchor" => Cue::Anchor(value.trim().parse().ok()?),
        _ => return None,
    }))
}

/// The role a row of `function_words.tsv` names.
pub(crate) fn function_word(kind: &str) -> Option<FunctionWord> {
    Some(match kind {
        "oblique" => FunctionWord::Oblique,
        "pronoun" => FunctionWord::Pronoun,
        "clause" => FunctionWord::Clause,
        "adjunct" => FunctionWord::Adjunct,
        "name_particle" => FunctionWord::NameParticle,
        "coref_particle" => FunctionWord::CorefParticle,
        "name_prefix" => FunctionWord::NamePrefix,
        "elision" => FunctionWord::Elision,
        "ordinal_suffix" => FunctionWord::OrdinalSuffix,
        "future_ending" => FunctionWord::FutureEnding,
        "place_preposition" => FunctionWord::PlacePreposition,
        "place_article_preposition" => FunctionWord::PlaceArticlePreposition,
        "article" => FunctionWord::Article,
        "plural_article" => FunctionWord::PluralArticle,
        "portfolio_preposition" => FunctionWord::PortfolioPreposition,
        "finite_verb" => FunctionWord::FiniteVerb,
        "conjunction" => FunctionWord::Conjunction,
        "year_preposition" => FunctionWord::YearPreposition,
        "span_link" => FunctionWord::SpanLink,
        "demonstrative" => FunctionWord::Demonstrative,
        "definite_determiner" => FunctionWord::DefiniteDeterminer,
        "indefinite_determiner" => FunctionWord::IndefiniteDeterminer,
        "possessive_determiner" => FunctionWord::PossessiveDeterminer,
        "noun_marker" => FunctionWord::NounMarker,
        "anaphoric_demonstrative" => FunctionWord::AnaphoricDemonstrative,
        "passive_auxiliary" => FunctionWord::PassiveAuxiliary,
        "passive_auxiliary_nonfinite" => FunctionWord::PassiveAuxiliaryNonfinite,
        "agent" => FunctionWord::Agent,
        "non_object_preposition" => FunctionWord::NonObjectPreposition,
        "side_preposition" => FunctionWord::SidePreposition,
        "side_contraction" => FunctionWord::SideContraction,
        "subordinator" => FunctionWord::Subordinator,
        "genitive" => FunctionWord::Genitive,
        "genitive_elided" => FunctionWord::GenitiveElided,
        "verb_adjunct_preposition" => FunctionWord::VerbAdjunctPreposition,
        "person_lead" => FunctionWord::PersonLead,
        "with" => FunctionWord::With,
        "between" => FunctionWord::Between,
        "member_of" => FunctionWord::MemberOf,
        "plural_possessive" => FunctionWord::PluralPossessive,
        "dative" => FunctionWord::Dative,
        "dative_contraction" => FunctionWord::DativeContraction,
        "indefinite_article" => FunctionWord::IndefiniteArticle,
        "relative_person" => FunctionWord::RelativePerson,
        "relative_thing" => FunctionWord::RelativeThing,
        "relative_genitive" => FunctionWord::RelativeGenitive,
        "relative_compound" => FunctionWord::RelativeCompound,
        "complementizer" => FunctionWord::Complementizer,
        "embedded_clause" => FunctionWord::EmbeddedClause,
        "name_determiner" => FunctionWord::NameDeterminer,
        "name_article" => FunctionWord::NameArticle,
        "complement_preposition" => FunctionWord::ComplementPreposition,
        "complement_article" => FunctionWord::ComplementArticle,
        "day_article" => FunctionWord::DayArticle,
        "month_prefix" => FunctionWord::MonthPrefix,
        "part_of_day" => FunctionWord::PartOfDay,
        _ => return None,
    })
}

/// The kind of a row of `gazetteer/places.tsv`.
pub(crate) fn place_kind(kind: &str) -> Option<GazKind> {
    Some(match kind {
        "city" => GazKind::City,
        "region" => GazKind::Region,
        "continent" => GazKind::Continent,
        _ => return None,
    })
}
