//! What the briefing book shows, worked out from the project: every time
//! already converted and formatted, every reference already resolved, so the
//! typst template only lays out strings. The strings reach typst as JSON
//! data, never as markup, so a title with `#` or `]` prints as written.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Serialize;

use crate::model::entity::{Entity, party_names};
use crate::model::{AgreementStatus, MissionEvent, OrganisationId, PersonId, PortId, Project};

/// Paper sizes a delegate prints on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub const ALL: [Self; 2] = [Self::A4, Self::Letter];

    /// typst's name of the paper.
    fn typst_name(self) -> &'static str {
        match self {
            Self::A4 => "a4",
            Self::Letter => "us-letter",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::A4 => "A4",
            Self::Letter => "US Letter",
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "a4" => Ok(Self::A4),
            "letter" | "us-letter" => Ok(Self::Letter),
            other => Err(format!("unknown paper \"{other}\" (a4 or letter)")),
        }
    }
}

/// Which book to make.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct BriefingOptions {
    /// One delegate's itinerary (their events only, one day a page) instead
    /// of the whole week.
    pub person: Option<PersonId>,
    pub paper: Paper,
}

#[derive(Serialize, Debug)]
pub struct BriefingData {
    pub title: String,
    /// The title as the page footers show it: at most a line.
    pub footer_title: String,
    pub description: String,
    pub dates: String,
    pub generated: String,
    pub paper: &'static str,
    pub person: Option<PersonSummary>,
    pub zones: ZoneSummary,
    pub days: Vec<Day>,
    /// Says so when days are left out (past [`MAX_DAYS`]).
    pub days_note: String,
    pub agreement_groups: Vec<AgreementGroup>,
    pub corridors: Vec<CorridorRow>,
    pub ports: Vec<PortSheet>,
    pub contacts: Vec<Contact>,
    /// The mission's ports, corridors and agreements on the world (none
    /// without ports).
    pub map: Option<crate::io::map_image::MapDrawing>,
}

#[derive(Serialize, Debug)]
pub struct PersonSummary {
    pub name: String,
    pub detail: String,
}

#[derive(Serialize, Debug)]
pub struct ZoneSummary {
    pub host: String,
    pub home: String,
    /// One row a mission day: the date and both zones' offsets at noon.
    pub offsets: Vec<OffsetRow>,
    /// Clock changes during the mission, in words.
    pub changes: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct OffsetRow {
    pub date: String,
    pub host: String,
    pub home: String,
    pub difference: String,
}

#[derive(Serialize, Debug)]
pub struct Day {
    pub heading: String,
    pub events: Vec<EventRow>,
}

#[derive(Serialize, Debug)]
pub struct EventRow {
    pub title: String,
    pub kind: String,
    /// Start–end in the host zone, e.g. "10:00–11:30".
    pub host_time: String,
    /// Start–end in the home zone, with the home date, e.g. "Sun 12 Mar 18:00–19:30".
    pub home_time: String,
    pub place: String,
    pub participants: String,
    pub agreements: String,
    /// Travel from the previous event's port (itineraries only).
    pub travel: String,
}

#[derive(Serialize, Debug)]
pub struct AgreementGroup {
    pub status: String,
    pub agreements: Vec<AgreementRow>,
}

#[derive(Serialize, Debug)]
pub struct AgreementRow {
    pub title: String,
    pub kind: String,
    pub parties: String,
    pub next_milestone: String,
    pub overdue: bool,
}

#[derive(Serialize, Debug)]
pub struct CorridorRow {
    pub name: String,
    pub ports: String,
    pub stage: String,
    pub fuels: String,
}

#[derive(Serialize, Debug)]
pub struct PortSheet {
    pub name: String,
    pub local_name: String,
    pub locode: String,
    pub place: String,
    pub zone: String,
    pub authority: String,
    pub facts: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Contact {
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// Looks entities up by id once, so a 10,000-event book stays linear.
struct Names<'a> {
    ports: HashMap<PortId, &'a crate::model::Port>,
    people: HashMap<PersonId, &'a crate::model::Person>,
    organisations: HashMap<OrganisationId, &'a str>,
    agreements: HashMap<crate::model::AgreementId, &'a str>,
}

impl<'a> Names<'a> {
    fn of(project: &'a Project) -> Self {
        Self {
            ports: project.ports.iter().map(|p| (p.id, p)).collect(),
            people: project.people.iter().map(|p| (p.id, p)).collect(),
            organisations: project
                .organisations
                .iter()
                .map(|o| (o.id, o.name.as_str()))
                .collect(),
            agreements: project
                .agreements
                .iter()
                .map(|a| (a.id, a.title.as_str()))
                .collect(),
        }
    }

    fn port(&self, id: PortId) -> String {
        self.ports.get(&id).map_or_else(String::new, |p| {
            if p.local_name.is_empty() {
                fit(&p.name)
            } else {
                format!("{} ({})", fit(&p.name), fit(&p.local_name))
            }
        })
    }

    fn organisation(&self, id: Option<OrganisationId>) -> String {
        id.and_then(|id| self.organisations.get(&id))
            .map_or_else(String::new, |name| (*name).to_owned())
    }
}

/// Everything the book shows. `now` is printed as the generation date and
/// judges overdue milestones (in the home zone, as the app does).
/// The map page's drawing: every port in view, a text-wide picture.
fn briefing_map(project: &Project) -> Option<crate::io::map_image::MapDrawing> {
    use crate::io::map_image::{MapView, drawing};
    use crate::map::scene::{MapFilters, Scene};
    let scene = Scene::of(project, &MapFilters::default());
    if scene.ports.is_empty() {
        return None;
    }
    // The text width of A4 with 2 cm margins (Letter's is a little wider).
    let view = MapView::fitted(&scene, 480.0, 340.0);
    Some(drawing(&scene, &view))
}

pub fn briefing_data(project: &Project, options: &BriefingOptions, now: Timestamp) -> BriefingData {
    let mission = &project.mission;
    let host = mission.host_tz();
    let home = mission.home_tz();
    let names = Names::of(project);
    let person = options
        .person
        .and_then(|id| names.people.get(&id))
        .map(|p| PersonSummary {
            name: with_local_name(p),
            detail: [
                p.title.clone(),
                names.organisation(p.organisation),
                p.role.label().to_owned(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        });
    let today = mission.today(now);
    let (days, days_note) = days(project, &names, options.person, &host, &home);
    let map = briefing_map(project);
    BriefingData {
        map,
        title: mission.title.clone(),
        footer_title: shortened(&mission.title, 70),
        description: shortened(&mission.description, MAX_TEXT),
        dates: date_range(mission.first_day, mission.last_day),
        generated: now
            .to_zoned(home.clone())
            .strftime("%-d %B %Y, %H:%M %Z")
            .to_string(),
        paper: options.paper.typst_name(),
        person,
        zones: zone_summary(project, &host, &home),
        days,
        days_note,
        agreement_groups: agreement_groups(project, today),
        corridors: project
            .corridors
            .iter()
            .map(|c| CorridorRow {
                name: fit(&c.name),
                ports: c
                    .ports
                    .iter()
                    .map(|p| names.port(*p))
                    .collect::<Vec<_>>()
                    .join(" – "),
                stage: c.stage.label().to_owned(),
                fuels: c.fuels.clone(),
            })
            .collect(),
        ports: project
            .ports
            .iter()
            .map(|p| PortSheet {
                name: fit(&p.name),
                local_name: p.local_name.clone(),
                locode: p.locode.clone(),
                place: [p.city.as_str(), p.country.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                zone: zone_with_offset(&p.time_zone, mission.first_day, mission.last_day),
                authority: names.organisation(p.authority),
                facts: p
                    .facts
                    .iter()
                    .take(MAX_FACTS)
                    .map(|f| shortened(f, MAX_TEXT))
                    .collect(),
            })
            .collect(),
        contacts: contacts(project, &names),
    }
}

/// The longest a name or title is printed: past it a field is data gone
/// wrong, and a 100,000-character word would take typst a minute to set.
const MAX_FIELD: usize = 300;
/// The longest a description, list of names or fact is printed.
const MAX_TEXT: usize = 3_000;
/// Facts printed a port.
const MAX_FACTS: usize = 50;
/// Days printed: a mission is a week or two, and a year is the bound.
pub const MAX_DAYS: usize = 366;

fn fit(text: &str) -> String {
    shortened(text, MAX_FIELD)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(super) fn shortened(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

/// "11–17 March 2023", "28 February – 3 March 2023", or across years.
fn date_range(first: Date, last: Date) -> String {
    if first.year() != last.year() {
        format!(
            "{} – {}",
            first.strftime("%-d %B %Y"),
            last.strftime("%-d %B %Y")
        )
    } else if first.month() != last.month() {
        format!(
            "{} – {}",
            first.strftime("%-d %B"),
            last.strftime("%-d %B %Y")
        )
    } else if first == last {
        first.strftime("%-d %B %Y").to_string()
    } else {
        format!("{}–{}", first.day(), last.strftime("%-d %B %Y"))
    }
}

/// "Asia/Tokyo (UTC+09:00)" over the mission's days, with the change when
/// the clocks change during them ("UTC−08:00, from 12 Mar UTC−07:00"), or
/// the name alone when it is not a known zone.
fn zone_with_offset(name: &str, first: Date, last: Date) -> String {
    let Ok(zone) = TimeZone::get(name) else {
        return name.to_owned();
    };
    let mut offsets = Vec::new();
    for day in mission_days(first, last) {
        if let Ok(noon) = day.at(12, 0, 0, 0).to_zoned(zone.clone()) {
            let offset = utc_offset(&noon);
            if offsets.last().is_none_or(|(_, last)| *last != offset) {
                offsets.push((day, offset));
            }
        }
    }
    match offsets.split_first() {
        None => name.to_owned(),
        Some(((_, first), rest)) => {
            let mut text = format!("{name} ({first}");
            for (day, offset) in rest {
                text.push_str(&format!(", from {} {offset}", day.strftime("%-d %b")));
            }
            text.push(')');
            text
        }
    }
}

fn utc_offset(at: &Zoned) -> String {
    let seconds = at.offset().seconds();
    let sign = if seconds < 0 { '−' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn mission_days(first: Date, last: Date) -> impl Iterator<Item = Date> {
    // A mission is at most a few weeks; the bound keeps a hostile file finite
    // (and the book says where it stops).
    first
        .series(jiff::Span::new().days(1))
        .take_while(move |d| *d <= last)
        .take(MAX_DAYS)
}

fn zone_summary(project: &Project, host: &TimeZone, home: &TimeZone) -> ZoneSummary {
    let mission = &project.mission;
    let mut offsets = Vec::new();
    for day in mission_days(mission.first_day, mission.last_day) {
        // Both zones at one instant: noon of the day where the mission is.
        let Ok(host_noon) = day.at(12, 0, 0, 0).to_zoned(host.clone()) else {
            continue;
        };
        let home_noon = host_noon.with_time_zone(home.clone());
        let difference = host_noon.offset().seconds() - home_noon.offset().seconds();
        offsets.push(OffsetRow {
            date: day.strftime("%a %-d %b").to_string(),
            host: format!("{} {}", utc_offset(&host_noon), abbreviation(&host_noon)),
            home: format!("{} {}", utc_offset(&home_noon), abbreviation(&home_noon)),
            difference: hours(difference),
        });
    }
    let mut changes = Vec::new();
    for (name, zone) in [(&mission.host_zone, host), (&mission.home_zone, home)] {
        clock_changes(
            name,
            zone,
            mission.first_day,
            mission.last_day,
            &mut changes,
        );
    }
    if mission.host_zone == mission.home_zone {
        changes.dedup();
    }
    ZoneSummary {
        host: mission.host_zone.clone(),
        home: mission.home_zone.clone(),
        offsets,
        changes,
    }
}

fn abbreviation(at: &Zoned) -> String {
    at.strftime("%Z").to_string()
}

/// "+16 h", "+15 h 30 min", "0 h".
fn hours(seconds: i32) -> String {
    let sign = if seconds < 0 { "−" } else { "+" };
    let minutes = seconds.unsigned_abs() / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "0 h".to_owned(),
        (h, 0) => format!("{sign}{h} h"),
        (h, m) => format!("{sign}{h} h {m} min"),
    }
}

/// The clock changes of `zone` from the day before `first` to the end of `last`.
fn clock_changes(name: &str, zone: &TimeZone, first: Date, last: Date, out: &mut Vec<String>) {
    let (Ok(start), Ok(end)) = (
        first.at(0, 0, 0, 0).to_zoned(zone.clone()),
        last.tomorrow()
            .unwrap_or(last)
            .at(0, 0, 0, 0)
            .to_zoned(zone.clone()),
    ) else {
        return;
    };
    for transition in zone
        .following(start.timestamp())
        .take_while(|t| t.timestamp() < end.timestamp())
        .take(16)
    {
        let after = transition.timestamp().to_zoned(zone.clone());
        let before =
            (transition.timestamp() - jiff::SignedDuration::from_secs(1)).to_zoned(zone.clone());
        let local_before = (before.datetime() + jiff::SignedDuration::from_secs(1)).time();
        out.push(format!(
            "{name}: clocks change on {} at {} from {} ({}) to {} ({}), {}.",
            after.date().strftime("%A %-d %B %Y"),
            local_before.strftime("%H:%M"),
            utc_offset(&before),
            abbreviation(&before),
            utc_offset(&after),
            abbreviation(&after),
            if after.offset().seconds() > before.offset().seconds() {
                "one hour forward: the difference shrinks"
            } else {
                "one hour back: the difference grows"
            }
        ));
    }
}

/// The book's days (at most [`MAX_DAYS`]), and a note when some are left out.
fn days(
    project: &Project,
    names: &Names,
    person: Option<PersonId>,
    host: &TimeZone,
    home: &TimeZone,
) -> (Vec<Day>, String) {
    let mut by_day: BTreeMap<Date, Vec<&MissionEvent>> = BTreeMap::new();
    if person.is_none() {
        for day in mission_days(project.mission.first_day, project.mission.last_day) {
            by_day.entry(day).or_default();
        }
    }
    for event in &project.events {
        if person.is_none_or(|p| event.has_participant(p)) {
            let day = event.start.zoned().with_time_zone(host.clone()).date();
            by_day.entry(day).or_default().push(event);
        }
    }
    let travel = project.schedule.travel_index();
    // Days of the mission (all of them, not only those listed), and days
    // with events outside it.
    let (first, last) = (project.mission.first_day, project.mission.last_day);
    let mission_length = if person.is_none() && first <= last {
        first
            .until((jiff::Unit::Day, last))
            .map_or(0, |span| span.get_days().unsigned_abs() as usize + 1)
    } else {
        0
    };
    let total = by_day
        .keys()
        .filter(|day| person.is_some() || **day < first || **day > last)
        .count()
        + mission_length;
    let days: Vec<Day> = by_day
        .into_iter()
        .take(MAX_DAYS)
        .map(|(day, mut events)| {
            events.sort_by_key(|e| (e.start.zoned().timestamp(), e.id));
            let mut previous: Option<&MissionEvent> = None;
            let rows = events
                .iter()
                .map(|event| {
                    let travel_note = match (person, previous, event.port) {
                        (Some(_), Some(before), Some(to)) => match before.port {
                            Some(from) if from != to => {
                                let needed = travel.minutes(from, to);
                                let gap = event
                                    .start
                                    .zoned()
                                    .timestamp()
                                    .duration_since(before.end.zoned().timestamp())
                                    .as_secs()
                                    / 60;
                                format!(
                                    "{needed} min from {}{}",
                                    names.port(from),
                                    if gap < i64::from(needed) {
                                        format!(" — only {} min between the events", gap.max(0))
                                    } else {
                                        String::new()
                                    }
                                )
                            }
                            _ => String::new(),
                        },
                        _ => String::new(),
                    };
                    previous = Some(event);
                    event_row(event, names, host, home, travel_note)
                })
                .collect();
            Day {
                heading: day.strftime("%A %-d %B %Y").to_string(),
                events: rows,
            }
        })
        .collect();
    let note = if total > days.len() {
        format!(
            "{total} days have events or belong to the mission; the book shows the first {}.",
            days.len()
        )
    } else {
        String::new()
    };
    (days, note)
}

fn event_row(
    event: &MissionEvent,
    names: &Names,
    host: &TimeZone,
    home: &TimeZone,
    travel: String,
) -> EventRow {
    let place = match (event.port, event.location.trim()) {
        (Some(port), "") => names.port(port),
        (Some(port), venue) => format!("{venue}, {}", names.port(port)),
        (None, venue) => venue.to_owned(),
    };
    let participants = event
        .participants
        .iter()
        .filter_map(|p| {
            names.people.get(&p.person).map(|person| {
                if p.remote {
                    format!("{} (remote)", person.name)
                } else {
                    person.name.clone()
                }
            })
        })
        .collect::<Vec<_>>()
        .join(", ");
    let agreements = event
        .agreements
        .iter()
        .filter_map(|a| names.agreements.get(a).map(|t| (*t).to_owned()))
        .collect::<Vec<_>>()
        .join("; ");
    let start_home = event.start.zoned().with_time_zone(home.clone());
    EventRow {
        title: fit(&event.title),
        kind: event.kind.label().to_owned(),
        host_time: time_range(event, host),
        home_time: format!(
            "{} {}",
            start_home.date().strftime("%a %-d %b"),
            time_range(event, home)
        ),
        place: fit(&place),
        participants: shortened(&participants, MAX_TEXT),
        agreements: shortened(&agreements, MAX_TEXT),
        travel,
    }
}

/// "10:00–11:30" in `zone`; the end's date is named when it differs.
fn time_range(event: &MissionEvent, zone: &TimeZone) -> String {
    let start = event.start.zoned().with_time_zone(zone.clone());
    let end = event.end.zoned().with_time_zone(zone.clone());
    if start.date() == end.date() {
        format!("{}–{}", start.strftime("%H:%M"), end.strftime("%H:%M"))
    } else {
        format!(
            "{}–{} {}",
            start.strftime("%H:%M"),
            end.date().strftime("%a %-d %b"),
            end.strftime("%H:%M")
        )
    }
}

fn agreement_groups(project: &Project, today: Date) -> Vec<AgreementGroup> {
    AgreementStatus::ALL
        .into_iter()
        .filter_map(|status| {
            let agreements: Vec<AgreementRow> = project
                .agreements
                .iter()
                .filter(|a| a.status == status)
                .map(|a| {
                    let next = a
                        .milestones
                        .iter()
                        .filter(|m| !m.done)
                        .min_by_key(|m| m.due.unwrap_or(Date::MAX));
                    AgreementRow {
                        title: fit(&a.title),
                        kind: a.kind.short().to_owned(),
                        parties: party_names(project, &a.parties).join(", "),
                        next_milestone: next.map_or_else(String::new, |m| match m.due {
                            Some(due) => format!("{} (due {})", m.title, due.strftime("%-d %b %Y")),
                            None => m.title.clone(),
                        }),
                        overdue: next.and_then(|m| m.due).is_some_and(|due| due < today),
                    }
                })
                .collect();
            (!agreements.is_empty()).then(|| AgreementGroup {
                status: status.label().to_owned(),
                agreements,
            })
        })
        .collect()
}

/// "Hiroshi Nakamura (中村 博)", or the name alone.
fn with_local_name(person: &crate::model::Person) -> String {
    if person.local_name.trim().is_empty() {
        person.display_name().to_owned()
    } else {
        format!("{} ({})", person.display_name(), person.local_name.trim())
    }
}

fn contacts(project: &Project, names: &Names) -> Vec<Contact> {
    let mut contacts: Vec<Contact> = project
        .people
        .iter()
        .map(|p| Contact {
            name: with_local_name(p),
            organisation: names.organisation(p.organisation),
            role: [p.title.as_str(), p.role.label()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            email: p.email.clone(),
            phone: p.phone.clone(),
        })
        .collect();
    // By organisation, then name; case-insensitively, as a reader looks.
    contacts.sort_by_cached_key(|c| (c.organisation.to_lowercase(), c.name.to_lowercase()));
    contacts
}
