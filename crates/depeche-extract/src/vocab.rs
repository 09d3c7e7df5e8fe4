//! The vocabularies of the public contract, as constants.
//!
//! Every IRI the mapper writes comes from here, so that a reader of the code and a reader of
//! `CONTRACT.md` see the same list.
//!
//! ```
//! use depeche_extract::vocab::{dp, schema};
//! assert_eq!(dp::MEETING.as_str(), "https://purl.org/depeche/ns#Meeting");
//! assert_eq!(schema::PERSON.as_str(), "https://schema.org/Person");
//! ```

/// Default base under which instance IRIs are minted.
pub const DEFAULT_BASE: &str = "https://purl.org/depeche/id/";

/// Prefixes written in Turtle/TriG output and accepted by `depeche query` without declaration.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dp", "https://purl.org/depeche/ns#"),
    ("schema", "https://schema.org/"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
];

macro_rules! terms {
    ($ns:literal; $($name:ident = $local:literal),* $(,)?) => {
        /// The namespace IRI.
        pub const NAMESPACE: &str = $ns;
        $(
            #[doc = concat!("`", $ns, $local, "`")]
            pub const $name: oxrdf::NamedNodeRef<'static> =
                oxrdf::NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
    };
}

/// This project's ontology.
pub mod dp {
    terms!("https://purl.org/depeche/ns#";
        MEETING = "Meeting",
        VISIT = "Visit",
        STATEMENT = "Statement",
        HANDOVER = "Handover",
        MILITARY_ACTION = "MilitaryAction",
        ROLE = "Role",
        MET = "met",
        EVIDENCE = "evidence",
        EVIDENCE_START = "evidenceStart",
        EVIDENCE_END = "evidenceEnd",
        DIGEST = "digest",
        HOLDS_ROLE = "holdsRole",
        ROLE_OF = "roleOf",
        NATIONALITY = "nationality",
        SPEAKER = "speaker",
        RECIPIENT = "recipient",
        OBJECT = "object",
        CASUALTIES = "casualties",
        COUNT = "count",
        TRIGGER = "trigger",
        MENTION_COUNT = "mentionCount",
        COUNTS_PENDING = "countsPending",
        PAIR_SUMMARY = "PairSummary",
        ROLE_SUMMARY = "RoleSummary",
        PERSON1 = "person1",
        PERSON2 = "person2",
        PERSON = "person",
        ROLE_NODE = "role",
        TITLE = "title",
        HOLDER = "holder",
        LANGUAGE = "language",
        ARTICLE_COUNT = "articleCount",
        FIRST_DATE = "firstDate",
        LAST_DATE = "lastDate",
        MEETING_COUNT = "meetingCount",
        SUMMARIES_VERSION = "summariesVersion",
        SOURCE_FILE = "sourceFile",
        ENTITIES = "entities",
        MODALITY = "modality",
        PLANNED = "Planned",
        CANCELLED = "Cancelled",
        HYPOTHETICAL = "Hypothetical",
    );
}

/// <https://schema.org/>
pub mod schema {
    terms!("https://schema.org/";
        PERSON = "Person",
        ORGANIZATION = "Organization",
        PLACE = "Place",
        COUNTRY = "Country",
        CITY = "City",
        ADMINISTRATIVE_AREA = "AdministrativeArea",
        CONTINENT = "Continent",
        NEWS_ARTICLE = "NewsArticle",
        ROLE = "Role",
        HEADLINE = "headline",
        DATE_PUBLISHED = "datePublished",
        IN_LANGUAGE = "inLanguage",
        PUBLISHER = "publisher",
        URL = "url",
        NAME = "name",
        ALTERNATE_NAME = "alternateName",
        JOB_TITLE = "jobTitle",
        MEMBER_OF = "memberOf",
        WORKS_FOR = "worksFor",
        NATIONALITY = "nationality",
        CONTAINED_IN_PLACE = "containedInPlace",
        MENTIONS = "mentions",
        TEXT = "text",
    );
}

/// Simple Event Model.
pub mod sem {
    terms!("http://semanticweb.cs.vu.nl/2009/11/sem/";
        EVENT = "Event",
        HAS_ACTOR = "hasActor",
        HAS_PLACE = "hasPlace",
        HAS_TIME_STAMP = "hasTimeStamp",
        HAS_BEGIN_TIME_STAMP = "hasBeginTimeStamp",
        HAS_END_TIME_STAMP = "hasEndTimeStamp",
    );
}

/// W3C provenance.
pub mod prov {
    terms!("http://www.w3.org/ns/prov#";
        WAS_DERIVED_FROM = "wasDerivedFrom",
    );
}

/// RDF Schema.
pub mod rdfs {
    terms!("http://www.w3.org/2000/01/rdf-schema#";
        LABEL = "label",
    );
}

/// OWL.
pub mod owl {
    terms!("http://www.w3.org/2002/07/owl#";
        SAME_AS = "sameAs",
    );
}

/// RDF.
pub mod rdf {
    pub use oxrdf::vocab::rdf::TYPE;
}

/// XML Schema datatypes.
pub mod xsd {
    pub use oxrdf::vocab::xsd::{DATE, G_YEAR, G_YEAR_MONTH, INTEGER};
}
