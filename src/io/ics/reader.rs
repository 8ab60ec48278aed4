//! Content lines and components of an iCalendar file (RFC 5545 §3.1), read
//! in one pass, one component in memory at a time.

use super::import::{IcsError, ImportReport, MAX_COMPONENT_LINES, MAX_ICS_DEPTH};

/// One content line after unfolding (RFC 5545 §3.1), with the line of the
/// file it starts on.
#[derive(Clone)]
pub(super) struct ContentLine {
    pub(super) number: usize,
    pub(super) text: String,
}

impl ContentLine {
    /// The component name if this line is `BEGIN:name` (or `END:name`).
    pub(super) fn marker(&self, word: &str) -> Option<String> {
        let text = self.text.trim();
        let head = text.get(..word.len())?;
        head.eq_ignore_ascii_case(word)
            .then(|| text[word.len()..].trim().to_ascii_uppercase())
    }
}

/// Reads the file in one pass and hands `component` the lines of each
/// component directly inside a VCALENDAR (an event, a zone, a to-do) as soon
/// as it ends, so memory holds one component at a time, never the file's
/// lines. Unfolds on the bytes, then decodes each line as UTF-8 (a fold may
/// split a character); bytes that are not UTF-8 become U+FFFD, noted with
/// their lines. Several VCALENDARs in one file are all read.
pub(super) fn read_components(
    bytes: &[u8],
    report: &mut ImportReport,
    mut component: impl FnMut(&[ContentLine], &mut ImportReport),
) -> Result<(), IcsError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(IcsError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IcsError::Empty);
    }
    let mut splitter = Splitter::default();
    let mut not_utf8: (usize, Option<usize>) = (0, None);
    let mut decode = |number: usize, raw: Vec<u8>| {
        let text = String::from_utf8(raw).unwrap_or_else(|err| {
            not_utf8.0 += 1;
            not_utf8.1.get_or_insert(number);
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        });
        ContentLine { number, text }
    };
    let mut current: Option<(usize, Vec<u8>)> = None;
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if let (Some((_, folded)), Some(rest)) = (
            current.as_mut(),
            raw.strip_prefix(b" ").or_else(|| raw.strip_prefix(b"\t")),
        ) {
            folded.extend_from_slice(rest);
            continue;
        }
        if let Some((number, line)) = current.take() {
            splitter.feed(decode(number, line), report, &mut component)?;
        }
        if !raw.iter().all(u8::is_ascii_whitespace) {
            current = Some((index + 1, raw.to_vec()));
        }
    }
    if let Some((number, line)) = current.take() {
        splitter.feed(decode(number, line), report, &mut component)?;
    }
    if let (count, Some(first)) = not_utf8 {
        report.note(
            first,
            format!("{count} line(s) have bytes that are not UTF-8; they were replaced by �"),
        );
    }
    splitter.finish(report)
}

/// Follows BEGIN and END through the file and collects the lines of the
/// component being read.
#[derive(Default)]
pub(super) struct Splitter {
    pub(super) calendars: usize,
    pub(super) stack: Vec<String>,
    /// Whether a component directly inside a VCALENDAR is being collected.
    pub(super) open: bool,
    pub(super) lines: Vec<ContentLine>,
    pub(super) stray: Option<usize>,
    /// A line inside a VCALENDAR, outside its components, that is not a
    /// property.
    pub(super) junk: Option<usize>,
    /// Where components without a VCALENDAR around them begin.
    pub(super) implicit: Option<usize>,
}

/// Components read on their own, as if in a VCALENDAR.
const BARE: &[&str] = &[
    "VEVENT",
    "VTODO",
    "VJOURNAL",
    "VFREEBUSY",
    "VTIMEZONE",
    "VAVAILABILITY",
];

impl Splitter {
    pub(super) fn feed(
        &mut self,
        line: ContentLine,
        report: &mut ImportReport,
        component: &mut impl FnMut(&[ContentLine], &mut ImportReport),
    ) -> Result<(), IcsError> {
        if let Some(name) = line.marker("BEGIN:") {
            // Components saved on their own, without a VCALENDAR around
            // them (one event, as some programs save it): read as if it
            // were there.
            if self.stack.is_empty() && self.calendars == 0 && BARE.contains(&name.as_str()) {
                self.calendars = 1;
                self.stack.push("VCALENDAR".to_owned());
                self.implicit = Some(line.number);
            }
            match self.stack.len() {
                0 if name == "VCALENDAR" => self.calendars += 1,
                0 => {
                    self.stray.get_or_insert(line.number);
                }
                1 if self.stack[0] == "VCALENDAR" => {
                    self.open = true;
                    self.lines.clear();
                }
                _ => {}
            }
            self.stack.push(name);
            if self.stack.len() > MAX_ICS_DEPTH {
                return Err(IcsError::TooDeep { line: line.number });
            }
            self.keep(line);
        } else if line.marker("END:").is_some() {
            self.stack.pop();
            self.keep(line);
            if self.open && self.stack.len() <= 1 {
                self.open = false;
                component(&self.lines, report);
                self.lines.clear();
            }
        } else if self.open {
            self.keep(line);
        } else if self.stack.is_empty() {
            self.stray.get_or_insert(line.number);
        } else if Property::parse(&line.text).is_none() {
            self.junk.get_or_insert(line.number);
        }
        Ok(())
    }

    /// Keeps a line of the open component; past the most a component may
    /// have, only one more (the reader then refuses the component).
    pub(super) fn keep(&mut self, line: ContentLine) {
        if self.open && self.lines.len() <= MAX_COMPONENT_LINES {
            self.lines.push(line);
        }
    }

    pub(super) fn finish(self, report: &mut ImportReport) -> Result<(), IcsError> {
        if self.calendars == 0 {
            return Err(IcsError::NoCalendar);
        }
        if self.open
            && let Some(first) = self.lines.first()
        {
            let name = first.marker("BEGIN:").unwrap_or_default();
            report.note(
                first.number,
                format!(
                    "the {name} that begins here has no END:{name} (is the file cut short?); \
                     not imported"
                ),
            );
        }
        if let Some(line) = self.implicit {
            report.note(
                line,
                "the file has no VCALENDAR around its components; read as if it had".to_owned(),
            );
        } else if !self.stack.is_empty() && !self.open {
            report.note(
                0,
                "the file ends without END:VCALENDAR (is it cut short?); what it holds was read"
                    .to_owned(),
            );
        }
        if let Some(line) = self.stray {
            report.note(line, "text outside any VCALENDAR was ignored".to_owned());
        }
        if let Some(line) = self.junk {
            report.note(
                line,
                "a line that is not NAME:value, between events, was ignored".to_owned(),
            );
        }
        Ok(())
    }
}

/// One property: `NAME;PARAM=value;…:value` (RFC 5545 §3.1), borrowed from
/// the unfolded text.
pub(super) struct Property<'a> {
    /// The line of the file it starts on (0 when not read from a file).
    pub(super) line: usize,
    pub(super) name: &'a str,
    pub(super) params: Vec<(&'a str, &'a str)>,
    pub(super) value: &'a str,
}

impl<'a> Property<'a> {
    /// Reads a content line; `None` when it is not one.
    pub(super) fn parse(line: &'a str) -> Option<Self> {
        let name_end = line.find([';', ':'])?;
        let name = line[..name_end].trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        let mut rest = &line[name_end..];
        let mut params = Vec::new();
        while let Some(after) = rest.strip_prefix(';') {
            let key_end = after.find(['=', ':', ';'])?;
            if after.as_bytes()[key_end] != b'=' {
                return None;
            }
            let key = after[..key_end].trim();
            let values = &after[key_end + 1..];
            let end = param_value_end(values)?;
            params.push((key, values[..end].trim()));
            rest = &values[end..];
        }
        Some(Self {
            line: 0,
            name,
            params,
            value: rest.strip_prefix(':')?,
        })
    }

    /// A parameter's value, without its quotes.
    pub(super) fn param(&self, key: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim_matches('"'))
    }

    /// The value as text, unescaped (RFC 5545 §3.3.11).
    pub(super) fn text(&self) -> String {
        if !self.value.contains('\\') {
            return self.value.to_owned();
        }
        let mut text = String::with_capacity(self.value.len());
        let mut chars = self.value.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                text.push(c);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => text.push('\n'),
                Some(c @ ('\\' | ';' | ',' | ':' | '"')) => text.push(c),
                // Not an escape RFC 5545 knows: keep it as written.
                Some(other) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            }
        }
        text
    }
}

/// Where a parameter's values (`a,"b;c",d`) end: at the `;` or `:` after
/// them. `None` when a quote is not closed. A backslash keeps the next
/// character (`CN=Doe\; Jane`: not RFC 5545, but clients write it).
fn param_value_end(values: &str) -> Option<usize> {
    let bytes = values.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => at += 1 + values[at + 1..].find('"')? + 1,
            b';' | b':' => return Some(at),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
    None
}

/// A VEVENT's own properties, and the names of the components inside it.
pub(super) struct Component<'a> {
    pub(super) properties: Vec<Property<'a>>,
    pub(super) children: Vec<String>,
    /// Lines that are not `NAME:value`, left out.
    pub(super) skipped_lines: Vec<usize>,
}

impl<'a> Component<'a> {
    /// Reads the lines of `block`; on an END that closes the wrong
    /// component, the line and why.
    pub(super) fn read(lines: &'a [ContentLine]) -> Result<Self, (usize, String)> {
        if lines.len() > MAX_COMPONENT_LINES {
            return Err((
                lines.first().map_or(0, |l| l.number),
                format!("it has more than {MAX_COMPONENT_LINES} lines"),
            ));
        }
        let mut component = Self {
            properties: Vec::new(),
            children: Vec::new(),
            skipped_lines: Vec::new(),
        };
        let mut stack: Vec<String> = Vec::new();
        for line in lines {
            let number = line.number;
            if let Some(name) = line.marker("BEGIN:") {
                if stack.len() == 1 {
                    component.children.push(name.clone());
                }
                stack.push(name);
            } else if let Some(name) = line.marker("END:") {
                let open = stack.pop().unwrap_or_default();
                if name != open {
                    return Err((number, format!("END:{name} does not close BEGIN:{open}")));
                }
            } else if stack.len() == 1 {
                // As calendar programs do: a line that is not a property is
                // skipped (the reader names it), the event kept.
                match Property::parse(&line.text) {
                    Some(mut property) => {
                        property.line = number;
                        component.properties.push(property);
                    }
                    None => component.skipped_lines.push(number),
                }
            }
        }
        Ok(component)
    }

    pub(super) fn property(&self, name: &str) -> Option<&Property<'a>> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    pub(super) fn text_of(&self, name: &str) -> Option<String> {
        self.property(name).map(Property::text)
    }
}
