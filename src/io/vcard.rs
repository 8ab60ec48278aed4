//! Contacts to and from phones: vCard 4.0 (RFC 6350) out; 4.0, 3.0 and
//! 2.1 in, which is what phones and mail programs export.
//!
//! A person's name in its own script travels as a second `FN` with the same
//! `ALTID` and its `LANGUAGE`, the standard's way of giving one name in two
//! languages. The card's `UID` is the person's id, so a card that comes back
//! updates its person; other cards are matched by e-mail.

use std::collections::{HashMap, HashSet};

use crate::edit::Edit;
use crate::io::ics::export::line;
use crate::model::entity::AnyEntity;
use crate::model::{MissionRole, Person, PersonId, Project, looks_like_email};

/// The largest contacts file read (a phone's whole address book is far less).
pub const MAX_VCF_BYTES: u64 = 16 * 1024 * 1024;
/// The most cards read from one file.
pub const MAX_CARDS: usize = 50_000;

const UID_PREFIX: &str = "urn:x-trade-mission-planner:person:";

/// The people whose cards are exported: everyone, an organisation's people,
/// or an event's participants (in the event's order).
pub fn contacts_of(project: &Project, of: Option<crate::model::EntityRef>) -> Vec<&Person> {
    use crate::model::EntityRef;
    match of {
        Some(EntityRef::Organisation(id)) => project
            .people
            .iter()
            .filter(|p| p.organisation == Some(id))
            .collect(),
        Some(EntityRef::Event(id)) => {
            let by_id: HashMap<PersonId, &Person> =
                project.people.iter().map(|p| (p.id, p)).collect();
            project
                .events
                .iter()
                .find(|e| e.id == id)
                .map(|e| {
                    e.participants
                        .iter()
                        .filter_map(|p| by_id.get(&p.person).copied())
                        .collect()
                })
                .unwrap_or_default()
        }
        Some(EntityRef::Person(id)) => project.people.iter().filter(|p| p.id == id).collect(),
        _ => project.people.iter().collect(),
    }
}

/// `people` as vCard 4.0 cards, in the order given.
pub fn export_vcards<'a>(
    project: &Project,
    people: impl IntoIterator<Item = &'a Person>,
) -> String {
    let organisations: HashMap<_, _> = project.organisations.iter().map(|o| (o.id, o)).collect();
    let mut out = String::new();
    for person in people {
        let organisation = person.organisation.and_then(|id| organisations.get(&id));
        line(&mut out, "BEGIN:VCARD");
        line(&mut out, "VERSION:4.0");
        line(&mut out, &format!("UID:{UID_PREFIX}{}", person.id.0));
        if person.local_name.trim().is_empty() {
            line(&mut out, &format!("FN:{}", escape(&person.name)));
        } else {
            let language =
                local_language(&person.local_name, organisation.map(|o| o.country.as_str()));
            line(&mut out, &format!("FN;ALTID=1:{}", escape(&person.name)));
            line(
                &mut out,
                &format!(
                    "FN;ALTID=1;LANGUAGE={language}:{}",
                    escape(&person.local_name)
                ),
            );
        }
        let (family, given) = split_name(&person.name);
        line(
            &mut out,
            &format!("N:{};{};;;", escape(family), escape(given)),
        );
        if let Some(organisation) = organisation {
            line(&mut out, &format!("ORG:{}", escape(&organisation.name)));
        }
        if !person.title.is_empty() {
            line(&mut out, &format!("TITLE:{}", escape(&person.title)));
        }
        line(&mut out, &format!("ROLE:{}", person.role.label()));
        if !person.email.is_empty() {
            line(
                &mut out,
                &format!("EMAIL;TYPE=work:{}", escape(&person.email)),
            );
        }
        if !person.phone.is_empty() {
            line(
                &mut out,
                &format!("TEL;TYPE=work,voice:{}", escape(&person.phone)),
            );
        }
        if !person.notes.is_empty() {
            line(&mut out, &format!("NOTE:{}", escape(&person.notes)));
        }
        line(&mut out, "END:VCARD");
    }
    out
}

/// Family name and the rest, as address books sort: "Maria Alvarez" →
/// ("Alvarez", "Maria"); a single word is the family name.
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rsplit_once(char::is_whitespace) {
        Some((given, family)) => (family.trim(), given.trim()),
        None => (name, ""),
    }
}

/// The language tag of a local-script name: from the organisation's country
/// where it decides, else from the script (kana is Japanese, Hangul Korean).
fn local_language(local: &str, country: Option<&str>) -> &'static str {
    match country.map(str::to_ascii_uppercase).as_deref() {
        Some("JP") => return "ja",
        Some("KR") => return "ko",
        Some("CN" | "SG") => return "zh-Hans",
        Some("TW" | "HK" | "MO") => return "zh-Hant",
        _ => {}
    }
    let has = |range: std::ops::RangeInclusive<char>| local.chars().any(|c| range.contains(&c));
    if has('\u{3040}'..='\u{30FF}') {
        "ja"
    } else if has('\u{AC00}'..='\u{D7AF}') {
        "ko"
    } else if has('\u{4E00}'..='\u{9FFF}') {
        "zh"
    } else {
        "und"
    }
}

/// RFC 6350 text escaping.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // A tab is text; other control characters cannot be written.
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// What an import did and left out, by line of the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VcardReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Cards or properties not taken, with the line they start on and why
    /// (at most [`MAX_NOTES`]).
    pub skipped: Vec<(usize, String)>,
    /// Notes past [`MAX_NOTES`], counted.
    pub more_skipped: usize,
}

/// Notes kept by line; past this many only a count (a file of junk lines
/// must not make a report of millions of lines).
pub const MAX_NOTES: usize = 1_000;

impl VcardReport {
    fn skip(&mut self, line: usize, why: String) {
        if self.skipped.len() < MAX_NOTES {
            self.skipped.push((line, why));
        } else {
            self.more_skipped += 1;
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VcardError {
    #[error("line {line}: the file is not UTF-8 text")]
    NotUtf8 { line: usize },
    #[error("no contact cards (BEGIN:VCARD) in the file")]
    NoCards,
    #[error("line {line}: the card that begins here never ends (no END:VCARD){why}")]
    Unended { line: usize, why: String },
    #[error("more than {MAX_CARDS} cards in the file")]
    TooManyCards,
}

/// One content line: name (upper case, group dropped), parameters, raw value.
struct Property {
    line: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value as text: escapes undone (and quoted-printable of 2.1 cards).
    fn text(&self) -> String {
        unescape(&self.raw())
    }

    /// The value with quoted-printable decoded in its charset (UTF-8, or
    /// ISO-8859-1 as older phones write it), escapes still in.
    fn raw(&self) -> String {
        if self
            .param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
        {
            let latin1 = self.param("CHARSET").is_some_and(|c| {
                c.eq_ignore_ascii_case("ISO-8859-1") || c.eq_ignore_ascii_case("LATIN1")
            });
            quoted_printable(&self.value, latin1)
        } else {
            self.value.clone()
        }
    }

    /// The components of a structured value (N, ORG), split at unescaped
    /// semicolons, each unescaped.
    fn components(&self) -> Vec<String> {
        let raw = self.raw();
        let mut parts = vec![String::new()];
        let mut escaped = false;
        for c in raw.chars() {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, ';') => parts.push(String::new()),
                (true, c) => {
                    if let Some(last) = parts.last_mut() {
                        last.push('\\');
                        last.push(c);
                    }
                    escaped = false;
                }
                (false, c) => {
                    if let Some(last) = parts.last_mut() {
                        last.push(c);
                    }
                }
            }
        }
        parts.iter().map(|p| unescape(p)).collect()
    }

    /// The first component of a structured value (ORG's organisation name).
    fn first_component(&self) -> String {
        self.components().into_iter().next().unwrap_or_default()
    }
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn quoted_printable(text: &str, latin1: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("zz"), 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    if latin1 {
        out.iter().map(|b| char::from(*b)).collect()
    } else {
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// Splits `name;param=value;param="quoted":value`, the group prefix dropped.
fn parse_property(line: usize, text: &str) -> Option<Property> {
    let mut in_quotes = false;
    let colon = text.char_indices().find_map(|(i, c)| match c {
        '"' => {
            in_quotes = !in_quotes;
            None
        }
        ':' if !in_quotes => Some(i),
        _ => None,
    })?;
    let (head, value) = (&text[..colon], &text[colon + 1..]);
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in head.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    let mut parts = parts.into_iter();
    let name = parts.next()?;
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or(&name)
        .trim()
        .to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (n.trim().to_ascii_uppercase(), v.trim().to_owned()),
            // 2.1's bare types: "TEL;WORK;VOICE:…".
            None => ("TYPE".to_owned(), p.trim().to_owned()),
        })
        .collect();
    Some(Property {
        line,
        name,
        params,
        value: value.to_owned(),
    })
}

/// Calls `each` with every logical line (folds joined at the byte level, so
/// a fold inside a character restores it; a quoted-printable value's soft
/// line breaks joined too) and the physical line it starts on. Lines end
/// with CRLF, LF or CR alone; nothing is held but the line being read.
/// Returns the lines that look like a property of their own but were read
/// into the quoted-printable value before them, whose "=" at the end said so
/// (as the encoding means, though a card cut by hand may not).
fn for_each_line(
    bytes: &[u8],
    mut each: impl FnMut(usize, &[u8]) -> Result<(), VcardError>,
) -> Result<Joined, VcardError> {
    let mut joined = Joined::default();
    let mut logical: Vec<u8> = Vec::new();
    let mut start = 0;
    let mut number = 0;
    let mut at = 0;
    while at <= bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n' || *b == b'\r')
            .map_or(bytes.len(), |i| at + i);
        let physical = &bytes[at..end];
        number += 1;
        let soft_break = logical.ends_with(b"=") && is_quoted_printable(&logical);
        match physical.first() {
            Some(b' ' | b'\t') if !logical.is_empty() => logical.extend_from_slice(&physical[1..]),
            _ if soft_break => {
                if let Some(name) = looks_like_property(physical) {
                    joined.add(number, name);
                }
                logical.pop();
                logical.extend_from_slice(physical);
            }
            _ => {
                if !logical.is_empty() {
                    each(start, &logical)?;
                    logical.clear();
                }
                if !physical.is_empty() {
                    start = number;
                    logical.extend_from_slice(physical);
                }
            }
        }
        // Past the line break: CRLF is one.
        at = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => bytes.len() + 1,
        };
    }
    if !logical.is_empty() {
        each(start, &logical)?;
    }
    Ok(joined)
}

/// Lines read into a quoted-printable value before them: (line, property
/// name) up to [`MAX_NOTES`], then a count.
#[derive(Default)]
struct Joined {
    lines: Vec<(usize, String)>,
    more: usize,
}

impl Joined {
    fn add(&mut self, line: usize, name: String) {
        if self.lines.len() < MAX_NOTES {
            self.lines.push((line, name));
        } else {
            self.more += 1;
        }
    }

    /// What the import report says of a line read into the value before it.
    fn note(name: &str, line: usize) -> String {
        let what = format!(
            "{name} read as part of the quoted-printable value before it (line {} ends in \
             \"=\", which joins the next line to it)",
            line - 1
        );
        match name {
            "BEGIN" => format!("{what}: the card beginning here is read into the one before"),
            "END" => format!("{what}: the card does not end here"),
            _ => what,
        }
    }
}

/// Property names of vCard 2.1 to 4.0; with `X-` ones, what a line read
/// into a value before it is taken for.
const PROPERTY_NAMES: &[&str] = &[
    "ADR",
    "AGENT",
    "ANNIVERSARY",
    "BDAY",
    "BEGIN",
    "CALADRURI",
    "CALURI",
    "CATEGORIES",
    "CLASS",
    "CLIENTPIDMAP",
    "EMAIL",
    "END",
    "FBURL",
    "FN",
    "GENDER",
    "GEO",
    "IMPP",
    "KEY",
    "KIND",
    "LABEL",
    "LANG",
    "LOGO",
    "MAILER",
    "MEMBER",
    "N",
    "NAME",
    "NICKNAME",
    "NOTE",
    "ORG",
    "PHOTO",
    "PRODID",
    "PROFILE",
    "RELATED",
    "REV",
    "ROLE",
    "SORT-STRING",
    "SOUND",
    "SOURCE",
    "TEL",
    "TITLE",
    "TZ",
    "UID",
    "URL",
    "VERSION",
    "XML",
];

/// The name of the property a physical line begins with (upper-cased),
/// when it begins like one: a known name or an `X-` one, in any case, after
/// an optional group (`item2.TEL;TYPE=cell:…`), then ":" or ";".
fn looks_like_property(line: &[u8]) -> Option<String> {
    let end = line.iter().position(|b| *b == b':' || *b == b';')?;
    let head = std::str::from_utf8(&line[..end]).ok()?;
    let name = head.rsplit_once('.').map_or(head, |(_, name)| name);
    let upper = name.to_ascii_uppercase();
    let known = PROPERTY_NAMES.contains(&upper.as_str())
        || (upper.len() > 2
            && upper.starts_with("X-")
            && upper
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    known.then_some(upper)
}

/// Whether a (partial) content line's parameters say quoted-printable.
fn is_quoted_printable(line: &[u8]) -> bool {
    let head = line.split(|b| *b == b':').next().unwrap_or(line);
    head.windows(16)
        .any(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"))
}

/// The cards of a file, each as its properties, with the line it begins on.
fn cards(
    bytes: &[u8],
    report: &mut VcardReport,
) -> Result<Vec<(usize, Vec<Property>)>, VcardError> {
    let mut cards = Vec::new();
    let mut current: Option<(usize, Vec<Property>)> = None;
    let joined = for_each_line(bytes, |line, content| {
        let content = std::str::from_utf8(content).map_err(|_| VcardError::NotUtf8 { line })?;
        let Some(property) = parse_property(line, content) else {
            report.skip(line, "not a property line (no \"name:value\")".to_owned());
            return Ok(());
        };
        match (property.name.as_str(), &mut current) {
            ("BEGIN", _) if property.value.trim().eq_ignore_ascii_case("VCARD") => {
                if let Some((start, _)) = current.take() {
                    report.skip(start, "card without END:VCARD left out".to_owned());
                }
                if cards.len() >= MAX_CARDS {
                    return Err(VcardError::TooManyCards);
                }
                current = Some((line, Vec::new()));
            }
            ("END", Some(_)) if property.value.trim().eq_ignore_ascii_case("VCARD") => {
                if let Some(card) = current.take() {
                    cards.push(card);
                }
            }
            (_, Some((_, properties))) => properties.push(property),
            (_, None) => report.skip(line, format!("{} outside a card", property.name)),
        }
        Ok(())
    })?;
    for (line, name) in &joined.lines {
        report.skip(*line, Joined::note(name, *line));
    }
    report.more_skipped += joined.more;
    if let Some((start, _)) = current {
        if cards.is_empty() {
            // The only card never ends: say why, when a value took its END.
            let why = joined
                .lines
                .iter()
                .find(|(_, name)| name == "END")
                .map_or(String::new(), |(line, name)| {
                    format!("; line {line}: {}", Joined::note(name, *line))
                });
            return Err(VcardError::Unended { line: start, why });
        }
        report.skip(start, "card without END:VCARD left out".to_owned());
    }
    if cards.is_empty() {
        return Err(VcardError::NoCards);
    }
    Ok(cards)
}

/// Text without control characters (a NUL or an escape has no place in a
/// name, a title or a phone number).
fn without_controls(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// The edits that add or update the file's people (apply them as one step),
/// and what was done and left out.
pub fn import_vcards(
    project: &Project,
    bytes: &[u8],
) -> Result<(Vec<Edit>, VcardReport), VcardError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut report = VcardReport::default();
    let cards = cards(bytes, &mut report)?;
    let by_id: HashMap<PersonId, &Person> = project.people.iter().map(|p| (p.id, p)).collect();
    let by_email: HashMap<String, &Person> = project
        .people
        .iter()
        .filter(|p| !p.email.trim().is_empty())
        .map(|p| (p.email.trim().to_lowercase(), p))
        .collect();
    let organisations = crate::io::spreadsheet::OrganisationNames::of(project);
    let mut edits = Vec::new();
    let mut touched: HashSet<PersonId> = HashSet::new();
    let mut new_emails: HashSet<String> = HashSet::new();
    for (start, properties) in cards {
        let first = |name: &str| properties.iter().find(|p| p.name == name);
        // The first FN is the name; a second, different one (as this app
        // writes it, with the same ALTID and its LANGUAGE) the name in its
        // own script.
        let names: Vec<String> = properties
            .iter()
            .filter(|p| p.name == "FN")
            .map(|p| without_controls(p.text().trim()))
            .filter(|n| !n.is_empty())
            .collect();
        let name = names.first().cloned().or_else(|| {
            first("N").map(|n| {
                let parts = n.components();
                let family = parts.first().map_or("", |s| s.trim());
                let given = parts.get(1).map_or("", |s| s.trim());
                without_controls(format!("{given} {family}").trim())
            })
        });
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            report.skip(start, "card without a name (FN or N) left out".to_owned());
            continue;
        };
        let local_name = names.iter().skip(1).find(|n| **n != name).cloned();
        let email = first("EMAIL").map(|p| (p.line, p.text().trim().to_owned()));
        let email = match email {
            Some((line, email)) if !looks_like_email(&email) => {
                report.skip(
                    line,
                    format!(
                        "\"{email}\" does not look like an e-mail address; {name} imported \
                         without it"
                    ),
                );
                None
            }
            other => other.map(|(_, e)| e),
        };
        let uid_person = first("UID")
            .and_then(|p| {
                p.text()
                    .trim()
                    .strip_prefix(UID_PREFIX)?
                    .parse::<u64>()
                    .ok()
            })
            .map(PersonId)
            .and_then(|id| by_id.get(&id).copied());
        let existing = uid_person.or_else(|| {
            email
                .as_ref()
                .and_then(|e| by_email.get(&e.to_lowercase()).copied())
        });
        let mut person = match existing {
            Some(existing) => {
                if !touched.insert(existing.id) {
                    report.skip(
                        start,
                        format!("a second card for {} left out", existing.name),
                    );
                    continue;
                }
                existing.clone()
            }
            None => {
                if let Some(email) = &email
                    && !new_emails.insert(email.to_lowercase())
                {
                    report.skip(
                        start,
                        format!("a second card with the e-mail {email} left out"),
                    );
                    continue;
                }
                let mut person = Person::new(name.clone());
                person.role = MissionRole::Other;
                person
            }
        };
        person.name = name;
        if let Some(local_name) = local_name {
            person.local_name = local_name;
        }
        if let Some(email) = email {
            person.email = email;
        }
        if let Some(title) = first("TITLE") {
            person.title = without_controls(&title.text());
        }
        if let Some(tel) = first("TEL") {
            let text = without_controls(&tel.text());
            // A `tel:` URI (VALUE=uri, as 4.0 recommends) is the number.
            let is_uri = tel
                .param("VALUE")
                .is_some_and(|v| v.eq_ignore_ascii_case("uri"));
            person.phone = match text.strip_prefix("tel:") {
                Some(number) if is_uri => number.to_owned(),
                _ => text,
            };
        }
        if let Some(note) = first("NOTE") {
            person.notes = note.text();
        }
        if let Some(role) = first("ROLE")
            && let Some(role) = MissionRole::ALL
                .into_iter()
                .find(|r| r.label().eq_ignore_ascii_case(role.text().trim()))
        {
            person.role = role;
        }
        if let Some(org) = first("ORG") {
            let wanted = org.first_component();
            match organisations.find(&wanted) {
                Some(id) => person.organisation = Some(id),
                None if wanted.trim().is_empty() => {}
                None => report.skip(
                    org.line,
                    format!(
                        "organisation \"{}\" is not in the project; add it under Organisations \
                         to link {}",
                        wanted.trim(),
                        person.name
                    ),
                ),
            }
        }
        match existing {
            Some(existing) if *existing == person => report.unchanged += 1,
            Some(_) => {
                report.updated += 1;
                edits.push(Edit::Update(AnyEntity::Person(person)));
            }
            None => {
                report.added += 1;
                edits.push(Edit::Add {
                    entity: AnyEntity::Person(person),
                    index: None,
                });
            }
        }
    }
    // In the file's order, whichever pass found them.
    report.skipped.sort_by_key(|(line, _)| *line);
    Ok((edits, report))
}
