//! iCalendar import: events into edits, and a report by line of what could
//! not be kept.
//!
//! The file is read twice, one component in memory at a time: first for
//! its zone definitions and changed occurrences (`RECURRENCE-ID`), which
//! may come anywhere, then for its events. Repeating events become their
//! occurrences inside the mission window, each named by its UID and
//! original start, so a second import updates them.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::event::{Attendee, EventInFile, Incoming};
use super::event_uid;
use super::placement::Zones;
use super::reader::{Component, ContentLine, read_components};
use super::recur;
use super::vtimezone::FileZone;
use crate::edit::Edit;
use crate::io::progress::{Progress, Watch};
use crate::model::entity::find;
use crate::model::{
    AnyEntity, EventId, MissionEvent, Participant, Person, PersonId, Port, Project, ZonedTime,
};

/// Why a calendar file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IcsError {
    #[error("this is not an iCalendar file: it has no BEGIN:VCALENDAR")]
    NoCalendar,
    #[error("the file is empty")]
    Empty,
    #[error("line {line}: components are nested more than {MAX_ICS_DEPTH} deep")]
    TooDeep { line: usize },
    #[error("the file is UTF-16; calendars are read as UTF-8 (save it as UTF-8)")]
    Utf16,
    #[error(
        "line {line}: with this event the project would have more than {} events; nothing was \
         imported",
        crate::model::limits::MAX_ENTITIES_PER_KIND
    )]
    TooManyEvents { line: usize },
    #[error(
        "line {line}: the events would hold more than {} MiB of text (a repeating event's \
         description is copied into each occurrence); nothing was imported",
        MAX_IMPORTED_TEXT / (1024 * 1024)
    )]
    TooMuchText { line: usize },
    #[error("the import was cancelled; nothing was imported")]
    Cancelled,
}

/// Most text (titles, places, notes) an import may bring: what a project
/// file can hold. A long description on an event that repeats thousands of
/// times must not fill the memory before the project's limits see it.
pub const MAX_IMPORTED_TEXT: usize = crate::model::limits::MAX_FILE_SIZE as usize;

/// One remark of an import: what was not imported, or imported with a change.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImportNote {
    /// The line of the file it concerns (where the event begins); 0 for the
    /// file as a whole.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => f.write_str(&self.message),
            line => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// Someone the invitations name who is not among the project's people.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct UnknownPerson {
    pub attendee: Attendee,
    /// The first event that names them.
    pub line: usize,
}

/// What an import did and what it could not keep.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    /// Events the file has exactly as the project already has them.
    pub unchanged: usize,
    /// Of those added, updated or unchanged: occurrences of repeating events.
    pub occurrences: usize,
    /// The days repeating events were expanded over (the mission's, with the
    /// margin).
    pub window: Option<(Date, Date)>,
    /// How each TZID that is not a plain IANA name was read.
    pub zones: Vec<ImportNote>,
    /// Organisers and attendees the project does not know (by e-mail).
    pub unknown_people: Vec<UnknownPerson>,
    /// People added because the import was asked to add the unknown ones.
    pub people_added: usize,
    /// Events an earlier import brought that the calendar now cancels or no
    /// longer has in its series: removed.
    pub removed: usize,
    /// What changes in each event the project already has (the file's
    /// version replaces the project's), by line; at most [`MAX_NOTES`].
    pub changes: Vec<ImportNote>,
    /// What was not imported, or imported with a change, by line. At most
    /// [`MAX_NOTES`] are kept; `more_notes` counts the rest.
    pub notes: Vec<ImportNote>,
    pub more_notes: usize,
}

impl ImportReport {
    pub(super) fn note(&mut self, line: usize, message: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(ImportNote { line, message });
        } else {
            self.more_notes += 1;
        }
    }

    /// The notes as lines for a person, with the count of those left out.
    pub fn note_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.notes.iter().map(ToString::to_string).collect();
        if self.more_notes > 0 {
            lines.push(format!("… and {} more like these", self.more_notes));
        }
        lines
    }
}

/// What the delegate decides before importing.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImportOptions {
    /// Days before the mission's first and after its last day over which
    /// repeating events are expanded.
    pub margin_days: u16,
    /// Add the organisers and attendees the project does not know as people
    /// (and as participants of their events).
    pub add_unknown_people: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            margin_days: 7,
            add_unknown_people: false,
        }
    }
}

/// Widest margin around the mission (a year either side).
pub const MAX_MARGIN_DAYS: u16 = 366;

/// Largest calendar file read.
pub const MAX_ICS_BYTES: u64 = crate::model::limits::MAX_FILE_SIZE;

/// Deepest nesting of components read (a VCALENDAR holds VEVENTs, which
/// hold VALARMs: 3 is real; the parser recurses, so thousands would overflow
/// the stack).
pub const MAX_ICS_DEPTH: usize = 8;

/// Most notes a report keeps: a calendar of 100,000 floating times needs one
/// example, not 100,000 lines.
pub const MAX_NOTES: usize = 500;

/// Most content lines one event may have (real ones have tens; a hundred
/// attendees is a big meeting): beyond, it is left out rather than held in
/// memory property by property.
pub const MAX_COMPONENT_LINES: usize = 10_000;

/// [`import_ics_with`] with the default options.
pub fn import_ics(
    project: &Project,
    input: impl AsRef<[u8]>,
) -> Result<(Vec<Edit>, ImportReport), IcsError> {
    import_ics_with(project, input, &ImportOptions::default())
}

/// The edits that bring the calendar's events into `project` (one per event
/// added or changed, people first) and a report, by line, of what could not
/// be kept. Linear in the file: events are matched to the project by an
/// index of (UID, original start).
pub fn import_ics_with(
    project: &Project,
    input: impl AsRef<[u8]>,
    options: &ImportOptions,
) -> Result<(Vec<Edit>, ImportReport), IcsError> {
    import_ics_watched(project, input, options, &Progress::new())
}

/// [`import_ics_with`], saying how far it has got (the file is read twice:
/// each reading is half the work) and stopping when cancelled.
pub fn import_ics_watched(
    project: &Project,
    input: impl AsRef<[u8]>,
    options: &ImportOptions,
    progress: &impl Watch,
) -> Result<(Vec<Edit>, ImportReport), IcsError> {
    let bytes = input.as_ref();
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    let mut first_pass = FirstPass::default();
    read_components(bytes, &mut ImportReport::default(), |component, _| {
        if let Some(first) = component.first() {
            progress.set(first.number, 2 * lines);
        }
        if !progress.is_cancelled() {
            first_pass.component(component);
        }
    })?;
    if progress.is_cancelled() {
        return Err(IcsError::Cancelled);
    }
    let mut report = ImportReport::default();
    for note in first_pass.notes.drain(..) {
        report.note(note.line, note.message);
    }
    let mut importer = Importer::new(project, options, first_pass);
    report.window = Some(importer.window_days);
    read_components(bytes, &mut report, |component, report| {
        if let Some(first) = component.first() {
            progress.set(lines + first.number, 2 * lines);
        }
        if !progress.is_cancelled() {
            importer.component(component, report);
        }
    })?;
    if progress.is_cancelled() {
        return Err(IcsError::Cancelled);
    }
    progress.set(1, 1);
    importer.orphan_occurrences(&mut report);
    importer.take_zone_remarks(&mut report);
    if let Some(line) = importer.too_many {
        return Err(IcsError::TooManyEvents { line });
    }
    if let Some(line) = importer.too_much_text {
        return Err(IcsError::TooMuchText { line });
    }
    for (kind, (count, first_line)) in std::mem::take(&mut importer.skipped_kinds) {
        let what = match kind.as_str() {
            "VTODO" => "to-do(s)",
            "VJOURNAL" => "journal entr(y/ies)",
            "VFREEBUSY" => "free/busy block(s)",
            "VAVAILABILITY" => "availability block(s)",
            _ => "component(s)",
        };
        report.note(
            first_line,
            format!("{count} {kind} {what} not imported (only events are)"),
        );
    }
    report.zones = std::mem::take(&mut importer.zones.said);
    let mut edits = importer.people;
    edits.extend(importer.edits);
    edits.extend(importer.removals);
    Ok((edits, report))
}

/// What the first reading collects: zone definitions and the changed
/// occurrences of repeating events, by UID.
#[derive(Default)]
struct FirstPass {
    zones: Vec<FileZone>,
    overrides: HashMap<String, Vec<Vec<ContentLine>>>,
    notes: Vec<ImportNote>,
}

impl FirstPass {
    fn component(&mut self, lines: &[ContentLine]) {
        let Some(first) = lines.first() else {
            return;
        };
        match first.marker("BEGIN:").unwrap_or_default().as_str() {
            "VTIMEZONE" => match FileZone::read(lines) {
                Ok(zone) => self.zones.push(zone),
                Err((line, why)) => self.notes.push(ImportNote {
                    line,
                    message: format!("{why}; it was not read"),
                }),
            },
            "VEVENT"
                if lines
                    .iter()
                    .any(|l| starts_with_name(&l.text, "RECURRENCE-ID")) =>
            {
                if let Some(uid) = Component::read(lines).ok().and_then(|c| c.text_of("UID")) {
                    self.overrides.entry(uid).or_default().push(lines.to_vec());
                }
            }
            _ => {}
        }
    }
}

fn starts_with_name(text: &str, name: &str) -> bool {
    text.get(..name.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(name))
        && matches!(text.as_bytes().get(name.len()), Some(b';' | b':'))
}

/// An event's key in the project: UID and, for an occurrence, its original
/// start.
pub(super) type EventKey = (String, Option<Timestamp>);

fn key_of(uid: &str, recurrence_id: Option<&ZonedTime>) -> EventKey {
    (uid.to_owned(), recurrence_id.map(|r| r.zoned().timestamp()))
}

/// What an import knows while it reads the file's events.
pub(super) struct Importer<'p> {
    pub(super) project: &'p Project,
    pub(super) options: &'p ImportOptions,
    pub(super) zones: Zones,
    /// The project's events by UID and original start.
    pub(super) known: HashMap<EventKey, &'p MissionEvent>,
    /// Events read so far, with their line.
    pub(super) seen: HashMap<EventKey, usize>,
    pub(super) overrides: HashMap<String, Vec<Vec<ContentLine>>>,
    pub(super) window: (Timestamp, Timestamp),
    pub(super) window_days: (Date, Date),
    pub(super) people_by_email: HashMap<String, PersonId>,
    /// The project's people's e-mail addresses before the import.
    pub(super) known_emails: HashSet<String>,
    pub(super) unknown_emails: HashSet<String>,
    /// People to add (when asked), before the events that name them.
    pub(super) people: Vec<Edit>,
    pub(super) edits: Vec<Edit>,
    /// Components that are not events: how many, and the first one's line.
    pub(super) skipped_kinds: BTreeMap<String, (usize, usize)>,
    /// Where the events went past the project's limit: the import stops
    /// collecting there, so memory stays bounded.
    pub(super) too_many: Option<usize>,
    /// Text brought in so far, and where it went past the limit.
    pub(super) text_bytes: usize,
    pub(super) too_much_text: Option<usize>,
    /// Steps the file's repeat rules may still walk (see `recur`).
    pub(super) steps_left: i64,
    /// The project's occurrences of repeating events by series UID.
    pub(super) known_series: HashMap<String, Vec<&'p MissionEvent>>,
    /// Events and series read so far (a UID once only), with their line.
    pub(super) seen_masters: HashMap<String, usize>,
    /// Events to remove: cancelled since an earlier import.
    pub(super) removals: Vec<Edit>,
}

impl<'p> Importer<'p> {
    fn new(project: &'p Project, options: &'p ImportOptions, first: FirstPass) -> Self {
        let host = TimeZone::get(&project.mission.host_zone).unwrap_or(TimeZone::UTC);
        let margin = jiff::Span::new().days(i64::from(options.margin_days.min(MAX_MARGIN_DAYS)));
        let mission = &project.mission;
        let first_day = mission.first_day.checked_sub(margin).unwrap_or(Date::MIN);
        let last_day = mission.last_day.checked_add(margin).unwrap_or(Date::MAX);
        let instant = |day: Date| {
            day.to_zoned(host.clone())
                .map(|z| z.timestamp())
                .unwrap_or(Timestamp::MIN)
        };
        let window_end = last_day.tomorrow().map_or(Timestamp::MAX, &instant);
        let known = project
            .events
            .iter()
            .rev() // the first of two events with one key wins, as before
            .map(|e| (key_of(&event_uid(e), e.recurrence_id.as_ref()), e))
            .collect();
        let people_by_email: HashMap<String, PersonId> = project
            .people
            .iter()
            .filter(|p| !p.email.trim().is_empty())
            .map(|p| (p.email.trim().to_lowercase(), p.id))
            .collect();
        let window = (instant(first_day), window_end);
        let mut known_series: HashMap<String, Vec<&MissionEvent>> = HashMap::new();
        for event in project.events.iter().filter(|e| e.recurrence_id.is_some()) {
            known_series
                .entry(event_uid(event))
                .or_default()
                .push(event);
        }
        Self {
            project,
            options,
            zones: Zones::new(host, first.zones),
            known,
            seen: HashMap::new(),
            overrides: first.overrides,
            window,
            window_days: (first_day, last_day),
            known_emails: people_by_email.keys().cloned().collect(),
            people_by_email,
            unknown_emails: HashSet::new(),
            people: Vec::new(),
            edits: Vec::new(),
            skipped_kinds: BTreeMap::new(),
            too_many: None,
            text_bytes: 0,
            too_much_text: None,
            steps_left: recur::MAX_STEPS_PER_FILE,
            known_series,
            seen_masters: HashMap::new(),
            removals: Vec::new(),
        }
    }

    fn component(&mut self, lines: &[ContentLine], report: &mut ImportReport) {
        let Some(first) = lines.first() else {
            return;
        };
        if self.stopped() {
            return;
        }
        let first_line = first.number;
        match first.marker("BEGIN:").unwrap_or_default().as_str() {
            "VEVENT" => {}
            "VTIMEZONE" => return,
            other => {
                let entry = self
                    .skipped_kinds
                    .entry(other.to_owned())
                    .or_insert((0, first_line));
                entry.0 += 1;
                return;
            }
        }
        let Some(component) = read_event(lines, report) else {
            return;
        };
        if component.property("RECURRENCE-ID").is_some() {
            if component.text_of("UID").is_none() {
                EventInFile::new(&component, first_line, report)
                    .note("changes one occurrence but has no UID; not imported");
            }
            // Read with its series, or on its own at the end.
            return;
        }
        // One event or series per UID: a second is named and left out.
        if let Some(uid) = component.text_of("UID") {
            if let Some(first) = self.seen_masters.get(&uid) {
                EventInFile::new(&component, first_line, report).note(&format!(
                    "has the same UID as the event at line {first}; only that one was imported"
                ));
                return;
            }
            self.seen_masters.insert(uid, first_line);
        }
        // An empty RDATE adds nothing (as other readers have it).
        let repeats = component.property("RRULE").is_some()
            || component
                .properties
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case("RDATE") && !p.value.trim().is_empty());
        let Some((incoming, timing)) =
            EventInFile::new(&component, first_line, report).read(&mut self.zones)
        else {
            return;
        };
        if repeats {
            for occurrence in self.series(incoming, &timing, &component, report) {
                self.accept(occurrence, report);
            }
        } else {
            self.accept(incoming, report);
        }
        self.take_zone_remarks(report);
    }

    /// The gaps and folds met while placing the last event's times, each
    /// once (an occurrence and the exception naming it meet the same time).
    fn take_zone_remarks(&mut self, report: &mut ImportReport) {
        let mut said = std::collections::HashSet::new();
        for remark in self.zones.remarks.drain(..) {
            if said.insert((remark.line, remark.message.clone())) {
                report.note(remark.line, remark.message);
            }
        }
    }

    pub(super) fn read_override(
        &mut self,
        lines: &[ContentLine],
        report: &mut ImportReport,
    ) -> Option<Incoming> {
        let line = lines.first()?.number;
        let component = read_event(lines, report)?;
        let (occurrence, _) = EventInFile::new(&component, line, report).read(&mut self.zones)?;
        Some(occurrence)
    }

    /// Changed occurrences whose series is not in the file (an invitation
    /// for one meeting of a series, or this app's own export): each on its
    /// own, under its UID and original start.
    fn orphan_occurrences(&mut self, report: &mut ImportReport) {
        let mut orphans: Vec<Vec<ContentLine>> = std::mem::take(&mut self.overrides)
            .into_values()
            .flatten()
            .collect();
        orphans.sort_by_key(|lines| lines.first().map_or(0, |l| l.number));
        for lines in orphans {
            if self.stopped() {
                return;
            }
            let read = self.read_override(&lines, report);
            self.take_zone_remarks(report);
            if let Some(occurrence) = read {
                // A cancelled one is noted (or removed, if imported before).
                report.occurrences += usize::from(!occurrence.cancelled);
                self.accept(occurrence, report);
            }
        }
    }

    /// The participants an event's organiser and attendees name: the
    /// project's people by e-mail; the others are reported (or added, when
    /// asked).
    fn participants(&mut self, incoming: &Incoming, report: &mut ImportReport) -> Vec<Participant> {
        let mut participants: Vec<Participant> = Vec::new();
        for (attendee, line) in &incoming.attendees {
            let person = match self.people_by_email.get(&attendee.email) {
                Some(person) => Some(*person),
                None if self.options.add_unknown_people => {
                    let mut person = Person::new(if attendee.name.is_empty() {
                        attendee.email.clone()
                    } else {
                        attendee.name.clone()
                    });
                    person.email = attendee.email.clone();
                    // Nothing in an invitation says who they are to the mission.
                    person.role = crate::model::MissionRole::Other;
                    person.notes = "Added from a calendar invitation.".to_owned();
                    let id = person.id;
                    self.people.push(Edit::Add {
                        entity: AnyEntity::Person(person),
                        index: None,
                    });
                    self.people_by_email.insert(attendee.email.clone(), id);
                    report.people_added += 1;
                    Some(id)
                }
                None => None,
            };
            // Listed whether added or not: the delegate sees who they are.
            if !self.known_emails.contains(&attendee.email)
                && self.unknown_emails.insert(attendee.email.clone())
            {
                report.unknown_people.push(UnknownPerson {
                    attendee: attendee.clone(),
                    line: *line,
                });
            }
            if let Some(person) = person
                && !participants.iter().any(|p| p.person == person)
            {
                participants.push(Participant {
                    person,
                    remote: false,
                });
            }
        }
        participants
    }

    /// Whether the import went past a limit and stopped collecting.
    fn stopped(&self) -> bool {
        self.too_many.is_some() || self.too_much_text.is_some()
    }

    /// The edit that brings one event (or occurrence) into the project.
    fn accept(&mut self, incoming: Incoming, report: &mut ImportReport) {
        let line = incoming.line;
        if self.stopped() {
            return;
        }
        self.text_bytes += incoming.text_bytes();
        if self.text_bytes > MAX_IMPORTED_TEXT {
            self.too_much_text = Some(line);
            self.edits = Vec::new();
            return;
        }
        if incoming.cancelled {
            let known = incoming.uid.as_ref().and_then(|uid| {
                self.known
                    .get(&key_of(uid, incoming.recurrence_id.as_ref()))
                    .copied()
            });
            match known {
                // Imported before, cancelled since: the organiser's word.
                Some(event) => {
                    let why = format!(
                        "“{}”: is cancelled (STATUS:CANCELLED); removed from the project",
                        incoming.title
                    );
                    remove(&mut self.removals, event, line, why, report);
                }
                None => report.note(
                    line,
                    format!(
                        "“{}”: is cancelled (STATUS:CANCELLED); not imported",
                        incoming.title
                    ),
                ),
            }
            return;
        }
        let existing = match &incoming.uid {
            Some(uid) => {
                let key = key_of(uid, incoming.recurrence_id.as_ref());
                if let Some(first) = self.seen.get(&key) {
                    let what = if key.1.is_some() {
                        "changes the same occurrence as the event"
                    } else {
                        "has the same UID as the event"
                    };
                    report.note(
                        line,
                        format!(
                            "“{}”: {what} at line {first}; only that one was imported",
                            incoming.title
                        ),
                    );
                    return;
                }
                self.seen.insert(key.clone(), line);
                self.known.get(&key).copied().or_else(|| {
                    // Imported as a single event before repeats were expanded:
                    // the first occurrence is that event.
                    let original = key.1?;
                    self.known
                        .get(&(key.0.clone(), None))
                        .copied()
                        .filter(|e| e.start.zoned().timestamp() == original)
                })
            }
            None => None,
        };
        let participants = self.participants(&incoming, report);
        let edit = match existing {
            Some(event) => {
                let mut updated = event.clone();
                updated.title = incoming.title;
                updated.kind = incoming.kind;
                updated.start = incoming.start;
                updated.end = incoming.end;
                // A port shown in LOCATION as "place (Port name)" stays a reference.
                updated.location = strip_port_suffix(self.project, event, &incoming.location);
                updated.notes = incoming.notes;
                updated.recurrence_id = incoming.recurrence_id;
                // The same instant stays in the zone the project shows it in
                // (a file may give it in UTC, or in another zone).
                let same =
                    |a: &ZonedTime, b: &ZonedTime| a.zoned().timestamp() == b.zoned().timestamp();
                if same(&updated.start, &event.start) {
                    updated.start = event.start.clone();
                }
                if same(&updated.end, &event.end) {
                    updated.end = event.end.clone();
                }
                if let (Some(new), Some(old)) = (&updated.recurrence_id, &event.recurrence_id)
                    && same(new, old)
                {
                    updated.recurrence_id = event.recurrence_id.clone();
                }
                // Participants added in the app stay.
                for participant in participants {
                    if !updated.has_participant(participant.person) {
                        updated.participants.push(participant);
                    }
                }
                // Re-importing what did not change is no update (and no edit).
                if updated == *event {
                    report.unchanged += 1;
                    return;
                }
                report.updated += 1;
                if report.changes.len() < MAX_NOTES {
                    report.changes.push(ImportNote {
                        line,
                        message: describe_update(event, &updated),
                    });
                }
                Edit::Update(AnyEntity::Event(updated))
            }
            None => {
                report.added += 1;
                let mut event = MissionEvent::new(incoming.title, incoming.start, incoming.end);
                event.id = EventId::fresh();
                event.kind = incoming.kind;
                event.location = incoming.location;
                event.notes = incoming.notes;
                event.uid = incoming.uid;
                event.recurrence_id = incoming.recurrence_id;
                event.participants = participants;
                Edit::Add {
                    entity: AnyEntity::Event(event),
                    index: None,
                }
            }
        };
        self.edits.push(edit);
        if self.project.events.len() + report.added > crate::model::limits::MAX_ENTITIES_PER_KIND {
            self.too_many = Some(line);
            self.edits = Vec::new();
        }
    }
}

/// Removes an event an earlier import brought, saying why.
pub(super) fn remove(
    removals: &mut Vec<Edit>,
    event: &MissionEvent,
    line: usize,
    why: String,
    report: &mut ImportReport,
) {
    removals.push(Edit::Delete(crate::model::EntityRef::Event(event.id)));
    report.removed += 1;
    report.note(line, why);
}

/// What an import changes in an event, field by field, for the preview:
/// a delegate's own edit is about to be replaced and must be seen.
fn describe_update(old: &MissionEvent, new: &MissionEvent) -> String {
    let time = |t: &ZonedTime| t.zoned().strftime("%a %d %b %H:%M %Z").to_string();
    let mut what = Vec::new();
    if old.title != new.title {
        what.push(format!("title “{}” → “{}”", old.title, new.title));
    }
    if old.kind != new.kind {
        what.push(format!("kind {} → {}", old.kind.label(), new.kind.label()));
    }
    if old.start != new.start {
        what.push(format!("start {} → {}", time(&old.start), time(&new.start)));
    }
    if old.end != new.end {
        what.push(format!("end {} → {}", time(&old.end), time(&new.end)));
    }
    if old.location != new.location {
        what.push(format!("place “{}” → “{}”", old.location, new.location));
    }
    if old.notes != new.notes {
        what.push("notes replaced".to_owned());
    }
    let joined = new
        .participants
        .len()
        .saturating_sub(old.participants.len());
    if joined > 0 {
        what.push(format!("{joined} participant(s) added"));
    }
    if what.is_empty() {
        what.push("which occurrence it is".to_owned());
    }
    // Occurrences share a title: the date tells them apart.
    let which = match &old.recurrence_id {
        Some(_) => format!(" on {}", time(&old.start)),
        None => String::new(),
    };
    format!("“{}”{which}: {}", old.title, what.join("; "))
}

/// A VEVENT's lines as a component; `None`, noted, when a line in it is not
/// a property or an END closes the wrong component.
fn read_event<'l>(lines: &'l [ContentLine], report: &mut ImportReport) -> Option<Component<'l>> {
    let first_line = lines.first()?.number;
    match Component::read(lines) {
        Ok(component) => Some(component),
        Err((line, why)) => {
            report.note(
                line,
                format!(
                    "the event that begins at line {first_line} cannot be read here ({why}); \
                     not imported"
                ),
            );
            None
        }
    }
}

fn strip_port_suffix(project: &Project, event: &MissionEvent, location: &str) -> String {
    let Some(port) = event.port.and_then(|id| find::<Port>(project, id)) else {
        return location.to_owned();
    };
    if location == port.name {
        return String::new();
    }
    location
        .strip_suffix(&format!(" ({})", port.name))
        .unwrap_or(location)
        .to_owned()
}
