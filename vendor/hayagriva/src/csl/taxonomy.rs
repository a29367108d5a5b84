use std::borrow::Cow;
use std::cmp;
use std::str::FromStr;

use crate::types::{
    ChunkedString, Date, EntryType, MaybeTyped, Numeric, Person, PersonRole, Publisher,
    StringChunk,
};
use crate::{Entry, PageRanges};
use citationberg::taxonomy::{
    DateVariable, Kind, NameVariable, NumberVariable, PageVariable, StandardVariable,
};
use citationberg::{LongShortForm, taxonomy};
use unic_langid::LanguageIdentifier;

#[cfg(feature = "csl-json")]
use citationberg::json as csl_json;

use super::citation_label::Alphanumerical;
use super::{InstanceContext, LocatorPayload}; // terbit: DisambiguateState unused

pub trait EntryLike {
    fn resolve_number_variable(
        &self,
        variable: NumberVariable,
    ) -> Option<MaybeTyped<Cow<'_, Numeric>>>;
    fn resolve_page_variable(
        &self,
        variable: PageVariable,
    ) -> Option<MaybeTyped<PageRanges>>;
    fn resolve_standard_variable(
        &self,
        form: LongShortForm,
        variable: StandardVariable,
    ) -> Option<Cow<'_, ChunkedString>>;
    fn resolve_name_variable(&self, variable: NameVariable) -> Vec<Cow<'_, Person>>;
    fn resolve_date_variable(&self, variable: DateVariable) -> Option<Cow<'_, Date>>;
    /// terbit: the page variable as written.
    fn resolve_page_variable_raw(&self) -> Option<String> {
        None
    }
    /// terbit: a number variable as written (citeproc prints it so with cs:text).
    fn resolve_number_variable_raw(&self, _variable: NumberVariable) -> Option<String> {
        None
    }
    /// terbit: the end of a date range (CSL-JSON `"date-parts": [[2010], [2012]]`).
    fn resolve_date_range_end(&self, _variable: DateVariable) -> Option<Cow<'_, Date>> {
        None
    }
    fn matches_entry_type(&self, kind: taxonomy::Kind) -> bool;
    fn is_english(&self) -> Option<bool>;
    /// terbit: the item's language (CSL-JSON `language`).
    fn language(&self) -> Option<String> {
        None
    }
    /// terbit: whether the item is in Turkish or Azerbaijani (case mapping).
    fn is_turkic(&self) -> Option<bool> {
        self.language().map(|l| super::citeproc_text::is_turkic(&l))
    }
    fn key(&self) -> Cow<'_, str>;
}

impl<'a, T: EntryLike> InstanceContext<'a, T> {
    pub(super) fn resolve_number_variable(
        &self,
        variable: NumberVariable,
    ) -> Option<NumberVariableResult<'a>> {
        match variable {
            NumberVariable::CitationNumber => {
                Some(NumberVariableResult::Regular(MaybeTyped::Typed(Cow::Owned(
                    Numeric::from(self.cite_props.speculative.citation_number as u32 + 1),
                ))))
            }
            NumberVariable::FirstReferenceNoteNumber => {
                self.cite_props.certain.first_note_number.map(|n| {
                    NumberVariableResult::Regular(MaybeTyped::Typed(Cow::Owned(
                        Numeric::from(n as u32),
                    )))
                })
            }
            NumberVariable::Locator => {
                match &self.cite_props.speculative.locator.as_ref()?.1 {
                    &LocatorPayload::Str(l) => Some(NumberVariableResult::from_regular(
                        Numeric::from_str(l)
                            .map(|n| MaybeTyped::Typed(Cow::Owned(n)))
                            .unwrap_or_else(|_| MaybeTyped::String(l.to_owned())),
                    )),
                    LocatorPayload::Transparent(_) => {
                        Some(NumberVariableResult::Transparent(
                            self.cite_props.certain.initial_idx,
                        ))
                    }
                }
            }
            _ => self
                .entry
                .resolve_number_variable(variable)
                .map(NumberVariableResult::from_regular),
        }
    }

    pub(super) fn resolve_page_variable(
        &self,
        variable: PageVariable,
    ) -> Option<PageVariableResult> {
        self.entry.resolve_page_variable(variable)
    }

    // Number variables are standard variables.
    pub(super) fn resolve_standard_variable(
        &self,
        form: LongShortForm,
        variable: StandardVariable,
    ) -> Option<Cow<'a, ChunkedString>> {
        match variable {
            StandardVariable::YearSuffix => {
                if let Some(s) = // terbit: state is a struct
                    self.cite_props.speculative.disambiguation.year_suffix
                {
                    Some(Cow::Owned(StringChunk::normal(letter(s)).into()))
                } else {
                    None
                }
            }
            _ => self.entry.resolve_standard_variable(form, variable),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NumberVariableResult<'a> {
    Regular(MaybeTyped<Cow<'a, Numeric>>),
    Transparent(usize),
}

pub(super) type PageVariableResult = MaybeTyped<PageRanges>;

pub(super) enum NumberOrPageVariableResult<'a> {
    Number(NumberVariableResult<'a>),
    Page(PageVariableResult),
}

impl<'a> NumberVariableResult<'a> {
    pub(super) fn from_regular(regular: MaybeTyped<Cow<'a, Numeric>>) -> Self {
        Self::Regular(regular)
    }

    pub(super) fn csl_cmp(&self, other: &Self) -> cmp::Ordering {
        match (self, other) {
            (Self::Regular(a), Self::Regular(b)) => a.csl_cmp(b),
            (Self::Regular(_), Self::Transparent(_)) => cmp::Ordering::Less,
            (Self::Transparent(_), Self::Regular(_)) => cmp::Ordering::Greater,
            (Self::Transparent(a), Self::Transparent(b)) => a.cmp(b),
        }
    }
}

impl EntryLike for Entry {
    fn key(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.key())
    }

    fn resolve_number_variable(
        &self,
        variable: NumberVariable,
    ) -> Option<MaybeTyped<Cow<'_, Numeric>>> {
        match variable {
            NumberVariable::ChapterNumber => self
                .chapter()
                .or_else(|| {
                    self.bound_select(
                        &select!(
                            (("e":Anthos) > ("p":Anthology)) |
                            (("e":*) > ("p":Reference)) |
                            (("e":Article) > ("p":Proceedings)) |
                            (("e":*) > ("p":Book))
                        ),
                        "e",
                    )
                    .and_then(Entry::volume)
                })
                .map(MaybeTyped::to_cow),
            NumberVariable::CitationNumber => panic!("processor must resolve this"),
            NumberVariable::CollectionNumber => {
                self.get_collection().and_then(Entry::volume).map(MaybeTyped::to_cow)
            }
            NumberVariable::Edition => self.map(|e| e.edition()).map(MaybeTyped::to_cow),
            NumberVariable::FirstReferenceNoteNumber => {
                panic!("processor must resolve this")
            }
            NumberVariable::Issue => self.map(|e| e.issue()).map(MaybeTyped::to_cow),
            NumberVariable::Locator => panic!("processor must resolve this"),
            NumberVariable::Number => self
                .serial_number()
                .and_then(|s| s.0.get("serial"))
                .map(|s| {
                    Numeric::from_str(s)
                        .map(|n| MaybeTyped::Typed(Cow::Owned(n)))
                        .unwrap_or_else(|_| MaybeTyped::String(s.to_owned()))
                })
                .or_else(|| {
                    // User can specify either 'serial-number: 3' or
                    // 'chapter: 3' for chapter entries, with the same result.
                    self.bound_select(&select!(("e":Chapter)), "e")
                        .and_then(|s| s.chapter())
                        .map(MaybeTyped::to_cow)
                }),
            NumberVariable::NumberOfPages => {
                self.page_total().map(|n| MaybeTyped::Typed(Cow::Borrowed(n)))
            }
            NumberVariable::NumberOfVolumes => {
                self.volume_total().map(|n| MaybeTyped::Typed(Cow::Borrowed(n)))
            }
            NumberVariable::PageFirst => self
                .page_range()
                .and_then(MaybeTyped::as_typed)
                .and_then(PageRanges::first)
                .map(|r| MaybeTyped::Typed(Cow::Owned(r.clone()))),
            NumberVariable::PartNumber => self
                .bound_select(
                    &select!(
                        (("e":*) > (Article | Blog | Book | Legislation))
                    ),
                    "e",
                )
                .and_then(Entry::volume)
                .map(MaybeTyped::to_cow),
            NumberVariable::PrintingNumber => self
                .map(|e| e.serial_number())
                .and_then(|s| s.0.get("printing"))
                .map(|s| {
                    Numeric::from_str(s)
                        .map(|n| MaybeTyped::Typed(Cow::Owned(n)))
                        .unwrap_or_else(|_| MaybeTyped::String(s.to_owned()))
                }),
            NumberVariable::Section => None,
            NumberVariable::SupplementNumber => None,
            NumberVariable::Version => self
                .bound_select(&select!(("e":Repository)), "e")
                .and_then(Entry::serial_number)
                .and_then(|s| s.0.get("version"))
                .map(|s| {
                    Numeric::from_str(s)
                        .map(|n| MaybeTyped::Typed(Cow::Owned(n)))
                        .unwrap_or_else(|_| MaybeTyped::String(s.to_owned()))
                }),
            NumberVariable::Volume => self
                .get_container()
                .and_then(|e| e.volume())
                .or_else(|| self.volume())
                .map(MaybeTyped::to_cow),
        }
    }

    fn resolve_page_variable(
        &self,
        variable: PageVariable,
    ) -> Option<MaybeTyped<PageRanges>> {
        match variable {
            PageVariable::Page => self.page_range().cloned(),
        }
    }

    // Number variables are standard variables.
    fn resolve_standard_variable(
        &self,
        form: LongShortForm,
        variable: StandardVariable,
    ) -> Option<Cow<'_, ChunkedString>> {
        let entry = self;
        match variable {
            StandardVariable::Abstract => entry
                .map(|e| e.abstract_())
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::Annote => {
                entry.map(|e| e.note()).map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::Archive => {
                entry.map(|e| e.archive()).map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::ArchiveCollection => None,
            StandardVariable::ArchiveLocation => {
                entry.archive_location().map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::ArchivePlace => None,
            StandardVariable::Authority => {
                entry.organization().map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::CallNumber => {
                entry.call_number().map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::CitationKey => {
                Some(Cow::Owned(StringChunk::verbatim(&entry.key).into()))
            }
            StandardVariable::CitationLabel => {
                Some(Cow::Owned(Alphanumerical::default().citation(entry).into()))
            }
            // Get third-order title first, then second-order title.
            StandardVariable::CollectionTitle => entry
                .get_collection()
                .and_then(|e| e.title())
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::ContainerTitle => entry
                .get_container()
                .and_then(|e| e.title())
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::ContainerTitleShort => entry
                .get_container()
                .and_then(|e| e.title())
                .map(|f| f.select(LongShortForm::Short))
                .map(Cow::Borrowed),
            StandardVariable::Dimensions => entry
                .runtime()
                .map(|r| Cow::Owned(StringChunk::normal(r.to_string()).into())),
            StandardVariable::Division => None,
            StandardVariable::DOI => {
                entry.doi().map(|d| Cow::Owned(StringChunk::verbatim(d).into()))
            }
            StandardVariable::Event | StandardVariable::EventTitle => entry
                .bound_select(&select!(* > ("p":(Exhibition | Conference | Misc))), "p")
                .and_then(Entry::title)
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::EventPlace => entry
                .bound_select(&select!(* > ("p":(Exhibition | Conference | Misc))), "p")
                .and_then(Entry::location)
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::Genre => {
                entry.map(|e| e.genre()).map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::ISBN => {
                entry.isbn().map(|d| Cow::Owned(StringChunk::verbatim(d).into()))
            }
            StandardVariable::ISSN => {
                entry.issn().map(|d| Cow::Owned(StringChunk::verbatim(d).into()))
            }
            StandardVariable::Jurisdiction => None,
            StandardVariable::Keyword => None,
            StandardVariable::Language => entry
                .map(|e| e.language())
                .map(|l| Cow::Owned(StringChunk::normal(csl_language(l)).into())),
            StandardVariable::License => None,
            StandardVariable::Medium => None,
            StandardVariable::Note => {
                entry.note().map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::OriginalPublisher => entry
                .get_original()
                .and_then(|e| e.publisher())
                .and_then(Publisher::name)
                .map(|n| n.select(form))
                .map(Cow::Borrowed),
            StandardVariable::OriginalPublisherPlace => entry
                .get_original()
                .and_then(|e| e.publisher().and_then(|p| p.location()))
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::OriginalTitle => entry
                .get_original()
                .and_then(|e| e.title())
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::PartTitle => None,
            StandardVariable::PMCID => {
                entry.pmcid().map(|d| Cow::Owned(StringChunk::verbatim(d).into()))
            }
            StandardVariable::PMID => {
                entry.pmid().map(|d| Cow::Owned(StringChunk::verbatim(d).into()))
            }
            StandardVariable::Publisher => entry
                .map(|e| e.publisher())
                .and_then(Publisher::name)
                .map(|n| n.select(form))
                .map(Cow::Borrowed),
            StandardVariable::PublisherPlace => entry
                .map(|e| e.publisher())
                .and_then(|p| p.location())
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::References => None,
            StandardVariable::ReviewedGenre => None,
            StandardVariable::ReviewedTitle => None,
            StandardVariable::Scale => None,
            StandardVariable::Source => entry
                .bound_select(&select!(* > ("p":Repository)), "p")
                .and_then(Entry::title)
                .map(|f| f.select(form))
                .map(Cow::Borrowed),
            StandardVariable::Status => None,
            StandardVariable::Title => {
                entry.title().map(|f| f.select(form)).map(Cow::Borrowed)
            }
            StandardVariable::TitleShort => entry
                .title()
                .map(|f| f.select(LongShortForm::Short))
                .map(Cow::Borrowed),
            StandardVariable::URL => entry
                .map(|e| e.url())
                .map(|d| Cow::Owned(StringChunk::verbatim(d.to_string()).into())),
            StandardVariable::VolumeTitle => {
                let selector = select!(
                    (Anthos > ("p":Anthology)) |
                    (Entry  > ("p":*)) |
                    (* > ("p":Reference)) |
                    (Article > ("p":Proceedings))
                );

                self.bound_select(&selector, "p")
                    .and_then(Entry::title)
                    .map(|f| f.select(form))
                    .map(Cow::Borrowed)
            }
            StandardVariable::YearSuffix => panic!("processor must resolve this"),
        }
    }

    fn resolve_date_variable(&self, variable: DateVariable) -> Option<Cow<'_, Date>> {
        Some(Cow::Borrowed(match variable {
            DateVariable::Accessed => self.url_any().and_then(|u| u.visit_date.as_ref()),
            DateVariable::AvailableDate => None,
            DateVariable::EventDate => self
                .bound_select(&select!(* > ("p":(Exhibition | Conference | Misc))), "p")
                .and_then(Entry::date),
            DateVariable::Issued => self.date_any(),
            DateVariable::OriginalDate => self.get_original().and_then(|e| e.date()),
            DateVariable::Submitted => None,
        }?))
    }

    fn resolve_name_variable(
        &self,
        variable: taxonomy::NameVariable,
    ) -> Vec<Cow<'_, Person>> {
        match variable {
            NameVariable::Author => self.authors().map(|a| a.iter().collect()),
            NameVariable::Chair => self
                .bound_select(
                    &select!(
                        (* > ("p":(Proceedings | Conference)))
                    ),
                    "p",
                )
                .map(|e| e.affiliated_with_role(PersonRole::Director)),
            NameVariable::CollectionEditor => self
                .get_collection()
                .and_then(|e| e.editors())
                .map(|a| a.iter().collect()),
            NameVariable::Compiler => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Compiler)))
            }
            NameVariable::Composer => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Composer)))
            }
            NameVariable::ContainerAuthor => self
                .get_container()
                .and_then(|e| e.authors())
                .map(|a| a.iter().collect()),
            NameVariable::Contributor => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Collaborator)))
            }
            NameVariable::Curator => self
                .bound_select(
                    &select!(
                        (* > ("p":Exhibition))
                    ),
                    "p",
                )
                .map(|e| e.affiliated_with_role(PersonRole::Organizer)),
            NameVariable::Director => self
                .bound_select(
                    &select!(
                        (* > ("p":(Audio | Video))) | ("p":(Audio | Video))
                    ),
                    "p",
                )
                .map(|e| e.affiliated_with_role(PersonRole::Director)),
            NameVariable::Editor => {
                self.editors().map(|a| a.iter().collect()).or_else(|| {
                    self.get_container()
                        .and_then(|e| e.editors())
                        .map(|a| a.iter().collect())
                })
            }
            NameVariable::EditorialDirector => None,
            NameVariable::EditorTranslator => {
                let translator = self.affiliated_with_role(PersonRole::Translator);
                Some(
                    self.editors()
                        .unwrap_or_default()
                        .iter()
                        .filter(|e| translator.contains(e))
                        .collect(),
                )
            }
            NameVariable::ExecutiveProducer => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::ExecutiveProducer)))
            }
            NameVariable::Guest => None,
            NameVariable::Host => None,
            NameVariable::Illustrator => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Illustrator)))
            }
            NameVariable::Interviewer => None,
            NameVariable::Narrator => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Narrator)))
            }
            NameVariable::Organizer => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Organizer)))
            }
            NameVariable::OriginalAuthor => self
                .get_original()
                .and_then(|e| e.authors())
                .map(|a| a.iter().collect()),
            NameVariable::Performer => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::CastMember)))
            }
            NameVariable::Producer => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Producer)))
            }
            NameVariable::Recipient => None,
            NameVariable::ReviewedAuthor => None,
            NameVariable::ScriptWriter => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Writer)))
            }
            NameVariable::SeriesCreator => self
                .bound_select(
                    &select!(
                        (* > ("p":(Audio | Video))) | ("p":(Audio | Video))
                    ),
                    "p",
                )
                .map(|e| e.affiliated_with_role(PersonRole::Founder)),
            NameVariable::Translator => {
                self.map(|e| Some(e.affiliated_with_role(PersonRole::Translator)))
            }
        }
        .unwrap_or_default()
        .into_iter()
        .map(Cow::Borrowed)
        .collect()
    }

    fn matches_entry_type(&self, kind: citationberg::taxonomy::Kind) -> bool {
        // Each match arm contains mutually exclusive entry kinds.
        match kind {
            Kind::Article
            | Kind::ArticleMagazine
            | Kind::ArticleNewspaper
            | Kind::ArticleJournal
            | Kind::PaperConference
            | Kind::Report
            | Kind::Thesis
            | Kind::Manuscript => {
                if kind == Kind::ArticleMagazine {
                    // TODO: Hayagriva does not differentiate between scientific and
                    // non-scientific magazines. Could disambiguate via presence of
                    // DOI or similar.
                    return false;
                }

                let is_journal = select!(Article > Periodical).matches(self);
                if kind == Kind::ArticleJournal {
                    return is_journal;
                }

                let is_news = select!(Article > Newspaper).matches(self);
                if kind == Kind::ArticleNewspaper {
                    return is_news;
                }

                let is_conference = select!(Article > Proceedings).matches(self);
                if kind == Kind::PaperConference {
                    return is_conference;
                }

                let is_report = select!((* > Report) | Report).matches(self);
                if kind == Kind::Report {
                    return is_report;
                }

                let is_thesis = select!((* > Thesis) | Thesis).matches(self);
                if kind == Kind::Thesis {
                    return is_thesis;
                }

                let is_manuscript = self.entry_type() == &EntryType::Manuscript;
                if kind == Kind::Manuscript {
                    return is_manuscript;
                }

                self.entry_type() == &EntryType::Article
                    && !select!(* > Blog).matches(self)
                    && !(is_journal
                        || is_news
                        || is_conference
                        || is_report
                        || is_thesis
                        || is_manuscript)
            }
            Kind::Book | Kind::Classic | Kind::Periodical | Kind::Collection => {
                if !select!(Book | Anthology | Proceedings).matches(self) {
                    return false;
                }

                if kind == Kind::Classic {
                    // TODO: Hayagriva does not support indicating something is a
                    // classic.
                    return false;
                }

                let is_periodical =
                    select!((Book > Periodical) | Periodical).matches(self);
                if kind == Kind::Periodical {
                    return is_periodical;
                }

                let is_collection = self.entry_type() == &EntryType::Anthology;
                if kind == Kind::Collection {
                    return is_collection;
                }

                !(is_periodical || is_collection)
            }
            Kind::Chapter => select!(
                (Anthos > Anthology) | (Chapter > (Book | Anthology | Proceedings))
            )
            .matches(self),
            Kind::Entry | Kind::EntryDictionary | Kind::EntryEncyclopedia => {
                if kind == Kind::EntryDictionary {
                    // TODO: We do not differentiate between dictionaries and other
                    // references.
                    return false;
                }

                let is_encyclopedia = select!(* > Reference).matches(self);
                if kind == Kind::EntryEncyclopedia {
                    return is_encyclopedia;
                }

                self.entry_type() == &EntryType::Entry && !is_encyclopedia
            }
            Kind::Event => self.entry_type() == &EntryType::Exhibition,
            Kind::Hearing | Kind::Interview | Kind::Performance | Kind::Speech => false,
            Kind::Broadcast | Kind::MotionPicture | Kind::MusicalScore | Kind::Song => {
                let is_music_score =
                    select!(Audio > (Book | Periodical | Reference | Misc | Blog | Web))
                        .matches(self);
                if kind == Kind::MusicalScore {
                    return is_music_score;
                }

                let is_motion_picture =
                    self.entry_type() == &EntryType::Video && self.parents().is_empty();
                if kind == Kind::MotionPicture {
                    return is_motion_picture;
                }

                let is_song =
                    self.entry_type() == &EntryType::Audio && self.parents().is_empty();
                if kind == Kind::Song {
                    return is_song;
                }

                matches!(self.entry_type(), EntryType::Audio | EntryType::Video)
                    && !(is_music_score || is_motion_picture || is_song)
            }
            Kind::Legislation | Kind::Bill => {
                if self.entry_type() != &EntryType::Legislation {
                    return false;
                }

                let is_published = self.publisher().is_some();
                if kind == Kind::Bill {
                    return !is_published;
                }

                is_published
            }
            Kind::LegalCase => self.entry_type() == &EntryType::Case,
            Kind::Regulation | Kind::Standard | Kind::Treaty => false,
            Kind::Patent => self.entry_type() == &EntryType::Patent,
            Kind::Webpage | Kind::PostWeblog | Kind::Post => {
                let is_blogpost = select!(* > Blog).matches(self);
                if kind == Kind::PostWeblog {
                    return is_blogpost;
                }

                let is_post = select!(Post | (* > Thread)).matches(self);
                if kind == Kind::Post {
                    return is_post;
                }

                select!((Misc["url"]) | (* > (Web | Blog)) | Web | Blog | Thread)
                    .matches(self)
                    && !(is_blogpost || is_post)
            }
            Kind::Dataset => false,
            Kind::Figure | Kind::Graphic | Kind::Map => {
                let is_figure = select!(Artwork > Article).matches(self);
                if kind == Kind::Figure {
                    return is_figure;
                }

                if kind == Kind::Map {
                    return false;
                }

                self.entry_type() == &EntryType::Artwork && !is_figure
            }
            Kind::Pamphlet => false,
            Kind::PersonalCommunication => false,
            Kind::Review | Kind::ReviewBook => false,
            Kind::Software => self.entry_type() == &EntryType::Repository,
            Kind::Document => self.entry_type() == &EntryType::Misc,
        }
    }

    fn is_english(&self) -> Option<bool> {
        self.language().map(|l| l.language.as_str() == "en")
    }
}

#[cfg(feature = "csl-json")]
fn resolve_csl_json_standard_variable(
    item: &citationberg::json::Item,
    variable: StandardVariable,
) -> Option<Cow<'_, ChunkedString>> {
    match item.0.get(&variable.to_string())? {
        // terbit: CSL-JSON's inline markup and quotes read as citeproc does (not in the
        // variables citeproc keeps as they are: DOI, ISBN, ISSN, PMID, PMCID, URL).
        csl_json::Value::String(s)
            if !matches!(
                variable,
                StandardVariable::DOI
                    | StandardVariable::ISBN
                    | StandardVariable::ISSN
                    | StandardVariable::PMID
                    | StandardVariable::PMCID
                    | StandardVariable::URL
            ) =>
        {
            Some(Cow::Owned(csl_json_chunks(s)))
        }
        csl_json::Value::String(s) => {
            Some(Cow::Owned(StringChunk::normal(s.clone()).into()))
        }
        csl_json::Value::Number(n) => {
            Some(Cow::Owned(StringChunk::normal(n.to_string()).into()))
        }
        _ => None,
    }
}

#[cfg(feature = "csl-json")]
impl EntryLike for citationberg::json::Item {
    fn resolve_standard_variable(
        &self,
        form: LongShortForm,
        variable: StandardVariable,
    ) -> Option<Cow<'_, ChunkedString>> {
        match variable {
            StandardVariable::Title => match form {
                LongShortForm::Short => {
                    // Per citeproc tests, a 'title-short' without 'title' is
                    // valid and should be used when the short form is
                    // selected.
                    resolve_csl_json_standard_variable(self, StandardVariable::TitleShort)
                        .or_else(|| {
                            resolve_csl_json_standard_variable(
                                self,
                                StandardVariable::Title,
                            )
                        })
                }
                LongShortForm::Long => {
                    resolve_csl_json_standard_variable(self, StandardVariable::Title)
                }
            },
            _ => resolve_csl_json_standard_variable(self, variable),
        }
    }

    // terbit: ranges are rendered (resolve_date_range_end) instead of panicking, and
    // malformed date-parts (empty; month or day 0 or too large) give no date or no month or
    // day instead of a panic or a wrapped value.
    fn resolve_date_variable(&self, variable: DateVariable) -> Option<Cow<'_, Date>> {
        csl_json_date(self, variable, false)
    }

    fn resolve_date_range_end(&self, variable: DateVariable) -> Option<Cow<'_, Date>> {
        csl_json_date(self, variable, true)
    }

    fn resolve_page_variable_raw(&self) -> Option<String> {
        match self.0.get("page")? {
            csl_json::Value::Number(n) => Some(n.to_string()),
            csl_json::Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn resolve_number_variable_raw(&self, variable: NumberVariable) -> Option<String> {
        match self.0.get(&variable.to_string())? {
            csl_json::Value::Number(n) => Some(n.to_string()),
            csl_json::Value::String(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn resolve_name_variable(&self, variable: NameVariable) -> Vec<Cow<'_, Person>> {
        match self.0.get(&variable.to_string()) {
            Some(csl_json::Value::Names(names)) => names
                .iter()
                .filter_map(|name| {
                    Some(Cow::Owned(match name {
                        csl_json::NameValue::Literal(l) => Person {
                            name: l.literal.clone(),
                            prefix: None,
                            suffix: None,
                            given_name: None,
                            alias: None,
                            comma_suffix: false,
                            explicit_particle: None, // terbit
                        },
                        csl_json::NameValue::Item(csl_json::NameItem {
                            family,
                            given,
                            non_dropping_particle: None,
                            dropping_particle: None,
                            suffix,
                            comma_suffix,
                        }) => {
                            // terbit: citeproc's extractParticles instead of
                            // Person::from_strings, which took every lowercase word of the
                            // family name for a particle ("Vázques de Parga" became
                            // "Parga" with the prefix "Vázques de").
                            let mut p = csl_json_person(family, given.as_deref());
                            if let Some(suffix) = suffix {
                                p.suffix = Some(suffix.as_str().to_owned());
                            }
                            if comma_suffix.unwrap_or_default() {
                                p.comma_suffix = true;
                            }
                            if p.name.is_empty() && p.given_name.is_none() {
                                return None;
                            }

                            p
                        }
                        csl_json::NameValue::Item(csl_json::NameItem {
                            family,
                            given,
                            non_dropping_particle,
                            dropping_particle,
                            suffix,
                            comma_suffix,
                        }) => Person {
                            // terbit: an empty particle is none (see name_particle)
                            name: if let Some(non_drop) =
                                non_dropping_particle.as_ref().filter(|p| !p.is_empty())
                            {
                                format!("{non_drop} {family}")
                            } else {
                                family.clone()
                            },
                            prefix: dropping_particle.clone(),
                            suffix: suffix.clone(),
                            given_name: given.clone(),
                            alias: None,
                            comma_suffix: comma_suffix.unwrap_or_default(),
                            // terbit: keep the explicit particle, whatever its case
                            explicit_particle: non_dropping_particle.clone(),
                        },
                    }))
                })
                .collect(),
            _ => vec![],
        }
    }

    fn resolve_page_variable(
        &self,
        variable: PageVariable,
    ) -> Option<MaybeTyped<PageRanges>> {
        match variable {
            PageVariable::Page => match self.0.get("page")? {
                &csl_json::Value::Number(n) => {
                    // Page ranges use i32 internally, so we check whether the
                    // number is in range.
                    Some(match i32::try_from(n) {
                        Ok(n) => MaybeTyped::Typed(PageRanges::from(n)),
                        // If the number is not in range, we degrade to a
                        // string, which disables some CSL features.
                        Err(_) => MaybeTyped::String(n.to_string()),
                    })
                }
                csl_json::Value::String(s) => {
                    let res = MaybeTyped::<PageRanges>::infallible_from_str(s);
                    Some(match res {
                        MaybeTyped::String(s) => MaybeTyped::String(s),
                        MaybeTyped::Typed(r) => MaybeTyped::Typed(r),
                    })
                }
                _ => None,
            },
        }
    }

    fn resolve_number_variable(
        &self,
        variable: NumberVariable,
    ) -> Option<MaybeTyped<Cow<'_, Numeric>>> {
        if matches!(variable, NumberVariable::PageFirst)
            && let Some(MaybeTyped::Typed(n)) =
                self.resolve_page_variable(PageVariable::Page)
        {
            return n.first().map(|r| MaybeTyped::Typed(Cow::Owned(r.clone())));
        }
        match self.0.get(&variable.to_string())? {
            csl_json::Value::Number(n) => {
                Some(MaybeTyped::Typed(Cow::Owned(Numeric::from(*n as u32))))
            }
            csl_json::Value::String(s) => {
                let res = MaybeTyped::<Numeric>::infallible_from_str(s);
                Some(match res {
                    MaybeTyped::String(s) => MaybeTyped::String(s),
                    MaybeTyped::Typed(n) => MaybeTyped::Typed(Cow::Owned(n)),
                })
            }
            _ => None,
        }
    }

    fn matches_entry_type(&self, kind: taxonomy::Kind) -> bool {
        let Some(actual) = self.0.get("type") else {
            return false;
        };
        let Some(string) = actual.to_str() else {
            return false;
        };
        Kind::from_str(&string) == Ok(kind)
    }

    fn is_english(&self) -> Option<bool> {
        self.0
            .get("language")
            .and_then(|l| l.to_str())
            .map(|l| l.starts_with("en"))
    }

    fn language(&self) -> Option<String> {
        self.0.get("language").and_then(|l| l.to_str()).map(|l| l.to_string())
    }

    fn key(&self) -> Cow<'_, str> {
        self.id().unwrap_or_default()
    }
}

pub(super) fn csl_language(lang_id: &LanguageIdentifier) -> String {
    let mut buf = String::with_capacity(if lang_id.region.is_some() { 5 } else { 2 });
    buf.push_str(lang_id.language.as_str());
    if let Some(region) = lang_id.region {
        buf.push('-');
        buf.push_str(region.as_str());
    }
    buf
}

// A function that takes a usize value and returns a String
fn letter(val: u8) -> String {
    let mut result = String::with_capacity(1);
    let mut current = val;

    loop {
        let remainder = current % 26;
        let c = (remainder + b'a') as char;
        result.insert(0, c);

        if current < 26 {
            break;
        }

        current = (current - 26) / 26;
    }

    result
}

/// terbit: one end of a CSL-JSON date, read without citationberg's panicking conversion
/// (`From<VecDate> for FixedDate` unwraps the year and wraps month 0 to 255).
#[cfg(feature = "csl-json")]
fn csl_json_date(
    item: &citationberg::json::Item,
    variable: DateVariable,
    end: bool,
) -> Option<Cow<'static, Date>> {
    use citationberg::json as csl_json;
    let csl_json::Value::Date(d) = item.0.get(&variable.to_string())? else {
        return None;
    };
    let fixed = match d {
        csl_json::DateValue::DateParts { date_parts, circa, season, .. } => {
            let parts = date_parts.0.get(if end { 1 } else { 0 })?;
            let year = *parts.0.first()?;
            let part = |i: usize| match parts.0.get(i) {
                Some(&v) if (1..=31).contains(&v) => Some((v - 1) as u8),
                _ => None,
            };
            let month = part(1);
            let day = month.and(part(2));
            let season = if end {
                None
            } else {
                season
                    .as_ref()
                    .and_then(|s| s.parse::<u8>().ok())
                    .and_then(|u| citationberg::taxonomy::Season::try_from_csl_number(u).ok())
            };
            csl_json::FixedDate {
                year,
                month: month.filter(|m| *m < 12),
                day,
                season,
                circa: *circa && !end,
            }
        }
        csl_json::DateValue::Raw { .. } => {
            let range = csl_json::FixedDateRange::try_from(d.clone()).ok()?;
            if end { range.end? } else { range.start }
        }
    };
    // An end year of 0 marks an open range; it is not rendered.
    if end && fixed.year == 0 {
        return None;
    }
    Some(Cow::Owned(Date {
        year: fixed.year as i32,
        month: fixed.month,
        day: fixed.day,
        approximate: fixed.circa,
        season: fixed.season,
    }))
}

/// terbit: a CSL-JSON name without explicit particles, split as citeproc does
/// (extractParticles): a quoted family or given name is kept whole; a given name may end in
/// a dropping particle ("Ludwig van"); a comma in the given name starts a suffix ("John,
/// Jr.", "John,! Jr." for a comma suffix). The family name keeps its non-dropping particle
/// ("van Gennep"), as hayagriva does for an explicit one.
#[cfg(feature = "csl-json")]
fn csl_json_person(family: &str, given: Option<&str>) -> Person {
    let is_particle_word = |w: &str| {
        w.chars().all(|c| {
            c.is_lowercase() || matches!(c, '\'' | '’' | '-' | '\u{2013}' | '.')
        })
    };
    let family = family.trim();
    let family = match family.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(f) => f,
        None => family,
    };
    let mut person = Person {
        name: family.to_string(),
        given_name: None,
        prefix: None,
        suffix: None,
        alias: None,
        comma_suffix: false,
        explicit_particle: None,
    };
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return person;
    };
    if let Some(g) = given.strip_prefix('"').and_then(|g| g.strip_suffix('"')) {
        person.given_name = Some(g.to_string());
        return person;
    }
    let mut given = given.to_string();
    if let Some((a, b)) = given.split_once(',')
        && !a.is_empty()
        && !b.is_empty()
    {
        if let Some(b) = b.strip_prefix('!') {
            person.suffix = Some(b.trim().to_string());
            person.comma_suffix = true;
        } else {
            person.suffix = Some(b.trim().to_string());
        }
        given = a.to_string();
    }
    let words: Vec<&str> = given.split_whitespace().collect();
    if let Some(k) = words.iter().position(|w| is_particle_word(w))
        && k > 0
        && words[k..].iter().all(|w| is_particle_word(w))
    {
        person.given_name = Some(words[..k].join(" "));
        person.prefix = Some(words[k..].join(" "));
    } else {
        person.given_name = Some(given);
    }
    person
}

/// terbit: marks the start and the end of a quotation in the data; push_chunked prints
/// them as the locale's quotation marks, outer or inner by depth (citeproc's Quoted).
pub(crate) const DATA_OPEN_QUOTE: char = '\u{E000}';
pub(crate) const DATA_CLOSE_QUOTE: char = '\u{E001}';

/// terbit: a CSL-JSON string read as citeproc does (parseCslJson): quotation marks become
/// quotations ("…", '…', “…”, ‘…’ when closed), apostrophes become ’, inline markup (`<i>`,
/// `<b>`, `<u>`, `<sup>`, `<sub>`, `<sc>`, small caps, `<span class="nodecor">`) is
/// parsed, and text in `<span class="nocase">` is kept from case changes (a verbatim
/// chunk). hayagriva printed the markup as text ("Le <i>De Anima</i> dans…") and the
/// straight quotes as they were. Without a way to carry formatting inside a variable, the
/// formatting itself is dropped.
#[cfg(feature = "csl-json")]
fn csl_json_chunks(s: &str) -> ChunkedString {
    if !s.contains(['<', '>', '\'', '"', '’', '“', '‘', ' ', '«']) {
        return StringChunk::normal(s).into();
    }
    let mut out = CslJsonOut { chunks: Vec::new(), buf: String::new(), nocase: 0 };
    let chars: Vec<char> = s.chars().collect();
    let mut pos = 0;
    while pos < chars.len() {
        pos = csl_json_piece(&chars, pos, &mut out, 0).unwrap_or_else(|| {
            out.buf.push(chars[pos]);
            pos + 1
        });
    }
    out.flush();
    ChunkedString(out.chunks)
}

#[cfg(feature = "csl-json")]
struct CslJsonOut {
    chunks: Vec<StringChunk>,
    buf: String,
    nocase: usize,
}

#[cfg(feature = "csl-json")]
impl CslJsonOut {
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            let text = std::mem::take(&mut self.buf);
            self.chunks.push(if self.nocase > 0 {
                // Verbatim text is printed as it is: quotations get plain marks.
                StringChunk::verbatim(
                    text.replace(DATA_OPEN_QUOTE, "“").replace(DATA_CLOSE_QUOTE, "”"),
                )
            } else {
                StringChunk::normal(text)
            });
        }
    }

    /// A snapshot to go back to if a quotation or tag turns out not to close.
    fn mark(&self) -> (usize, usize, usize) {
        (self.chunks.len(), self.buf.len(), self.nocase)
    }

    fn reset(&mut self, mark: (usize, usize, usize)) {
        if self.chunks.len() > mark.0 {
            // Chunks were flushed since the mark: rebuild the buffer from them.
            let mut buf: String =
                self.chunks.drain(mark.0..).map(|c| c.value).collect::<Vec<_>>().concat();
            buf.push_str(&self.buf);
            self.buf = buf;
        }
        self.buf.truncate(mark.1.min(self.buf.len()));
        self.nocase = mark.2;
    }
}

/// Parse one piece (citeproc's pCslJson) at `pos`; the position after it, or None to take
/// the character as it is.
#[cfg(feature = "csl-json")]
fn csl_json_piece(
    chars: &[char],
    pos: usize,
    out: &mut CslJsonOut,
    depth: usize,
) -> Option<usize> {
    let rest: String = chars[pos..].iter().take(40).collect();
    let is_special = |c: char| matches!(c, '<' | '>' | '\'' | '"' | '’' | '“' | '”' | '‘');
    let c = chars[pos];
    // Words, with an apostrophe inside them.
    if c.is_alphanumeric() && !is_special(c) {
        let mut end = pos;
        while end < chars.len() && chars[end].is_alphanumeric() && !is_special(chars[end]) {
            out.buf.push(chars[end]);
            end += 1;
        }
        if end + 1 < chars.len()
            && matches!(chars[end], '\'' | '’')
            && chars[end + 1].is_alphanumeric()
        {
            out.buf.push('’');
            end += 1;
            while end < chars.len() && chars[end].is_alphanumeric() {
                out.buf.push(chars[end]);
                end += 1;
            }
        }
        return Some(end);
    }
    // Quotations.
    let close = match c {
        '"' => Some('"'),
        '\'' => Some('\''),
        '“' => Some('”'),
        '‘' => Some('’'),
        _ => None,
    };
    // Unclosed quotations and tags make the parser go back; a depth limit keeps that from
    // taking exponential time.
    if let Some(close) = close
        && depth < 8
        && chars[pos + 1..].contains(&close)
        && chars.get(pos + 1).is_some_and(|n| !matches!(n, ' ' | '\t' | '\n' | '\r') && *n != close)
    {
        let mark = out.mark();
        out.buf.push(DATA_OPEN_QUOTE);
        let mut p = pos + 1;
        while p < chars.len() {
            if chars[p] == close {
                out.buf.push(DATA_CLOSE_QUOTE);
                return Some(p + 1);
            }
            p = csl_json_piece(chars, p, out, depth + 1).unwrap_or_else(|| {
                out.buf.push(chars[p]);
                p + 1
            });
        }
        out.reset(mark);
        return None;
    }
    // Markup.
    const TAGS: [(&str, &str); 10] = [
        ("<i>", "</i>"),
        ("<b>", "</b>"),
        ("<u>", "</u>"),
        ("<sup>", "</sup>"),
        ("<sub>", "</sub>"),
        ("<sc>", "</sc>"),
        ("<span class=\"nodecor\">", "</span>"),
        ("<span style=\"baseline\">", "</span>"),
        ("<span style=\"font-variant:small-caps;\">", "</span>"),
        ("<span class=\"nocase\">", "</span>"),
    ];
    if c == '<' && depth < 8 {
        let (open, close) = TAGS.iter().find(|(o, _)| rest.starts_with(o)).or_else(|| {
            // citeproc allows spaces around the small-caps style.
            rest.starts_with("<span style=\"font-variant: small-caps;\">")
                .then_some(&("<span style=\"font-variant: small-caps;\">", "</span>"))
        })?;
        let close_chars: Vec<char> = close.chars().collect();
        if !chars[pos..].windows(close_chars.len()).any(|w| w == close_chars.as_slice()) {
            return None;
        }
        let nocase = open.contains("nocase");
        let mark = out.mark();
        if nocase {
            out.flush();
            out.nocase += 1;
        }
        let close: Vec<char> = close.chars().collect();
        let mut p = pos + open.chars().count();
        while p < chars.len() {
            if chars[p..].starts_with(&close) {
                if nocase {
                    out.flush();
                    out.nocase -= 1;
                }
                return Some(p + close.len());
            }
            p = csl_json_piece(chars, p, out, depth + 1).unwrap_or_else(|| {
                out.buf.push(chars[p]);
                p + 1
            });
        }
        out.reset(mark);
        return None;
    }
    // An apostrophe alone.
    if matches!(c, '\'' | '’') {
        out.buf.push('’');
        return Some(pos + 1);
    }
    if is_special(c) {
        return None;
    }
    // Other text; citeproc puts a narrow no-break space before ; ? ! » and after «.
    let mut end = pos;
    let mut text = String::new();
    while end < chars.len() && !chars[end].is_alphanumeric() && !is_special(chars[end]) {
        text.push(chars[end]);
        end += 1;
    }
    let text = text
        .replace(" ;", "\u{202F};")
        .replace(" ?", "\u{202F}?")
        .replace(" !", "\u{202F}!")
        .replace(" »", "\u{202F}»")
        .replace("« ", "«\u{202F}");
    out.buf.push_str(&text);
    Some(end)
}
