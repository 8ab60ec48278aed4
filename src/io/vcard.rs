//! Contacts to and from phones: vCard 4.0 (RFC 6350) out; 4.0, 3.0 and
//! 2.1 in, which is what phones and mail programs export.
//!
//! A person's name in its own script travels as a second `FN` with the same
//! `ALTID` and its `LANGUAGE`, the standard's way of giving one name in two
//! languages. The card's `UID` is the person's id, so a card that comes back
//! updates its person; other cards are matched by e-mail.

use std::collections::{HashMap, HashSet};

use crate::edit::Edit;
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
            line(
                &mut out,
                &format!("FN;ALTID=1;LANGUAGE=en:{}", escape(&person.name)),
            );
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
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line, folded at 75 octets without splitting a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// What an import did and left out, by line of the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VcardReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Cards or properties not taken, with the line they start on and why.
    pub skipped: Vec<(usize, String)>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VcardError {
    #[error("line {line}: the file is not UTF-8 text")]
    NotUtf8 { line: usize },
    #[error("no contact cards (BEGIN:VCARD) in the file")]
    NoCards,
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
        let raw = if self
            .param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
        {
            quoted_printable(&self.value)
        } else {
            self.value.clone()
        };
        unescape(&raw)
    }

    /// The first component of a structured value (ORG's organisation name).
    fn first_component(&self) -> String {
        let mut out = String::new();
        let mut escaped = false;
        for c in self.value.chars() {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, ';') => break,
                (true, c) => {
                    out.push('\\');
                    out.push(c);
                    escaped = false;
                }
                (false, c) => out.push(c),
            }
        }
        unescape(&out)
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

fn quoted_printable(text: &str) -> String {
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
    String::from_utf8_lossy(&out).into_owned()
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

/// Logical lines with the number of the physical line each starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ if raw.is_empty() => {}
            _ => lines.push((i + 1, raw.to_owned())),
        }
    }
    lines
}

/// The cards of a file, each as its properties, with the line it begins on.
fn cards(text: &str, report: &mut VcardReport) -> Result<Vec<(usize, Vec<Property>)>, VcardError> {
    let mut cards = Vec::new();
    let mut current: Option<(usize, Vec<Property>)> = None;
    for (line, content) in unfold(text) {
        let Some(property) = parse_property(line, &content) else {
            report
                .skipped
                .push((line, "not a property line (no \"name:value\")".to_owned()));
            continue;
        };
        match (property.name.as_str(), &mut current) {
            ("BEGIN", _) if property.value.trim().eq_ignore_ascii_case("VCARD") => {
                if let Some((start, _)) = current.take() {
                    report
                        .skipped
                        .push((start, "card without END:VCARD left out".to_owned()));
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
            (_, None) => report
                .skipped
                .push((line, format!("{} outside a card", property.name))),
        }
    }
    if let Some((start, _)) = current {
        report
            .skipped
            .push((start, "card without END:VCARD left out".to_owned()));
    }
    if cards.is_empty() {
        return Err(VcardError::NoCards);
    }
    Ok(cards)
}

fn is_latin(text: &str) -> bool {
    text.chars()
        .all(|c| (c as u32) < 0x0250 || !c.is_alphabetic())
}

/// The edits that add or update the file's people (apply them as one step),
/// and what was done and left out.
pub fn import_vcards(
    project: &Project,
    bytes: &[u8],
) -> Result<(Vec<Edit>, VcardReport), VcardError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| VcardError::NotUtf8 {
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
    })?;
    let mut report = VcardReport::default();
    let cards = cards(text, &mut report)?;
    let by_id: HashMap<PersonId, &Person> = project.people.iter().map(|p| (p.id, p)).collect();
    let by_email: HashMap<String, &Person> = project
        .people
        .iter()
        .filter(|p| !p.email.trim().is_empty())
        .map(|p| (p.email.trim().to_lowercase(), p))
        .collect();
    let organisations: HashMap<String, _> = project
        .organisations
        .iter()
        .map(|o| (o.name.trim().to_lowercase(), o.id))
        .collect();
    let mut edits = Vec::new();
    let mut touched: HashSet<PersonId> = HashSet::new();
    let mut new_emails: HashSet<String> = HashSet::new();
    for (start, properties) in cards {
        let first = |name: &str| properties.iter().find(|p| p.name == name);
        let names: Vec<&Property> = properties.iter().filter(|p| p.name == "FN").collect();
        let name = names
            .iter()
            .map(|p| p.text())
            .find(|n| !n.trim().is_empty() && is_latin(n))
            .or_else(|| {
                names
                    .iter()
                    .map(|p| p.text())
                    .find(|n| !n.trim().is_empty())
            })
            .or_else(|| {
                first("N").map(|n| {
                    let parts: Vec<String> = n.value.split(';').map(unescape).collect();
                    let given = parts.get(1).map_or("", |s| s.trim());
                    let family = parts.first().map_or("", |s| s.trim());
                    format!("{given} {family}").trim().to_owned()
                })
            })
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let Some(name) = name else {
            report
                .skipped
                .push((start, "card without a name (FN or N) left out".to_owned()));
            continue;
        };
        let local_name = names
            .iter()
            .map(|p| p.text().trim().to_owned())
            .find(|n| !n.is_empty() && *n != name && !is_latin(n));
        let email = first("EMAIL").map(|p| (p.line, p.text().trim().to_owned()));
        let email = match email {
            Some((line, email)) if !looks_like_email(&email) => {
                report.skipped.push((
                    line,
                    format!("\"{email}\" does not look like an e-mail address; {name} imported without it"),
                ));
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
                    report.skipped.push((
                        start,
                        format!("a second card for {} left out", existing.name),
                    ));
                    continue;
                }
                existing.clone()
            }
            None => {
                if let Some(email) = &email
                    && !new_emails.insert(email.to_lowercase())
                {
                    report.skipped.push((
                        start,
                        format!("a second card with the e-mail {email} left out"),
                    ));
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
            person.title = title.text().trim().to_owned();
        }
        if let Some(tel) = first("TEL") {
            let tel = tel.text();
            person.phone = tel
                .trim()
                .strip_prefix("tel:")
                .unwrap_or(tel.trim())
                .to_owned();
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
            match organisations.get(&wanted.trim().to_lowercase()) {
                Some(id) => person.organisation = Some(*id),
                None if wanted.trim().is_empty() => {}
                None => report.skipped.push((
                    org.line,
                    format!(
                        "organisation \"{}\" is not in the project; add it under Organisations to link {}",
                        wanted.trim(),
                        person.name
                    ),
                )),
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
    Ok((edits, report))
}
