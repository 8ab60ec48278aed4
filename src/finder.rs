//! Find anything (Ctrl+K): every entity by any of its words, every command by
//! its name, and the lines of drafts and the clauses that hold all the words
//! typed, ranked as the delegate types. No egui: the palette draws what this
//! finds, and the app says what a hit opens.
//!
//! Entities and commands are matched fuzzily (each word typed, in order of
//! its letters, anywhere in the entry: "yok mtg" finds "Meeting at the Port of
//! Yokohama"), with helix's `nucleo-matcher`, the matcher the field uses for
//! pickers. Draft lines are matched by whole substrings only: a fuzzy match
//! over thousands of prose lines finds letters scattered across every one.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::model::{AgreementId, EntityRef, Project};

/// What a hit opens.
#[derive(Clone, PartialEq, Debug)]
pub enum Target {
    Entity(EntityRef),
    /// A line of an agreement's draft, starting at this character.
    DraftLine {
        agreement: AgreementId,
        line: usize,
        char_offset: usize,
    },
    /// The project's clause at this index.
    Clause(usize),
    /// The caller's command at this index (see [`FinderIndex::build`]).
    Command(usize),
}

/// A command as the palette offers it.
#[derive(Clone, Debug)]
pub struct CommandName {
    pub label: String,
    /// Its shortcut or menu, shown beside it.
    pub detail: String,
}

/// One thing the palette can find.
#[derive(Clone, Debug)]
pub struct Entry {
    pub target: Target,
    /// What the row shows first: the name, or the draft's line.
    pub title: String,
    /// What it is and where: "Event · Tue 14 Mar 10:00 · Yokohama".
    pub detail: String,
    /// Every word the entry is found by: its name, what it is ("port",
    /// "meeting"), its place, people, organisation…
    haystack: Utf32String,
    /// The same words lower-cased, searched whole at memory speed (nucleo's
    /// own substring match, per character, took 14 ms a keystroke).
    folded: String,
    /// Where the name ends in `folded` (it comes first): a match within the
    /// name ranks above one through a related name.
    title_end: usize,
}

/// A found entry and how well it matched (higher is better).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Hit {
    pub entry: usize,
    pub score: u32,
}

/// What one query found, in the order the palette lists it: names and
/// commands holding every word typed, and lines of drafts and clauses
/// holding them; when there are none, names that hold the words' letters in
/// order ("yokohma", "sgn ykhm").
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub lines: Vec<Hit>,
    pub loose: Vec<Hit>,
    /// How many names and commands matched in all (more than are listed, maybe).
    pub total: usize,
}

/// Loose matches listed at most.
pub const LOOSE_SHOWN: usize = 10;
/// What a match within the name itself adds to its score.
const TITLE_BONUS: u32 = 1_000;
/// Bytes into an entry's words within which an earlier match ranks higher.
const EARLY: usize = 200;

/// Lines shown at most under "In drafts and clauses".
pub const LINES_SHOWN: usize = 8;
/// Draft lines are searched from this many characters typed (one letter is
/// in every line).
pub const LINE_QUERY_MIN: usize = 3;
/// Characters of a query read; the rest is ignored (a pasted page must not
/// make each keystroke slow).
pub const MAX_QUERY: usize = 200;
/// Characters of a draft line kept for the row.
const LINE_SHOWN_CHARS: usize = 140;

/// The entries of one project version and the matcher's scratch space.
pub struct FinderIndex {
    entries: Vec<Entry>,
    /// Draft lines and clause texts (whole words only).
    lines: LineTexts,
    matcher: Matcher,
    /// Earlier queries of this typing and what each matched, shortest
    /// first: a query that only adds letters matches a subset of what its
    /// prefix matched, so each keystroke searches fewer, and a backspace
    /// finds its query here.
    narrowing: Vec<Narrowed>,
    /// The last query's words, lower-cased: a line's row shows the part
    /// around the first.
    words: Vec<String>,
}

struct Narrowed {
    query: String,
    /// Entries holding every word whole.
    close: Vec<u32>,
    /// Entries holding the letters in order, when they were looked for
    /// (only when nothing holds the words: `None` otherwise).
    loose: Option<Vec<u32>>,
    /// Every line holding the words, when the whole text was read (a rare
    /// word): the next letters only filter these.
    lines: Option<Vec<u32>>,
}

/// Every line of every draft and clause, in one lower-cased text searched
/// at memory speed (thousands of drafts are megabytes; a matcher per line
/// took 12 ms a keystroke).
#[derive(Default)]
struct LineTexts {
    /// The lines as written, each ending in '\n'.
    original: String,
    /// The same lines lower-cased (lengths may differ), each ending in '\n'.
    folded: String,
    lines: Vec<LineInfo>,
    /// "Draft of …" and "Clause · …": what each line's row says below it.
    sources: Vec<String>,
}

struct LineInfo {
    target: Target,
    original_start: u32,
    folded_start: u32,
    source: u32,
    /// The line's number in its draft (clauses: 0).
    number: u32,
}

impl LineTexts {
    fn push(&mut self, target: Target, text: &str, source: u32, number: u32) {
        let (Ok(original_start), Ok(folded_start)) = (
            u32::try_from(self.original.len()),
            u32::try_from(self.folded.len()),
        ) else {
            // 4 GiB of drafts: past the project file's own limits.
            return;
        };
        self.lines.push(LineInfo {
            target,
            original_start,
            folded_start,
            source,
            number,
        });
        self.original.push_str(text);
        self.original.push('\n');
        self.folded.push_str(&text.to_lowercase());
        self.folded.push('\n');
    }

    fn folded(&self, line: usize) -> &str {
        let start = self.lines[line].folded_start as usize;
        let end = self
            .lines
            .get(line + 1)
            .map_or(self.folded.len(), |next| next.folded_start as usize);
        &self.folded[start..end - 1]
    }

    fn original(&self, line: usize) -> &str {
        let start = self.lines[line].original_start as usize;
        let end = self
            .lines
            .get(line + 1)
            .map_or(self.original.len(), |next| next.original_start as usize);
        &self.original[start..end - 1]
    }

    /// The first `limit` lines holding every word, in order: found with the
    /// longest word over the whole text, then checked for the others. A
    /// common word stops early; a rare one reads the text once (memmem:
    /// gigabytes a second).
    fn matching(&self, words: &[String], limit: usize) -> Vec<u32> {
        let Some(longest) = words.iter().max_by_key(|w| w.len()) else {
            return Vec::new();
        };
        let mut found: Vec<u32> = Vec::new();
        for at in memchr::memmem::find_iter(self.folded.as_bytes(), longest.as_bytes()) {
            let line = self
                .lines
                .partition_point(|l| l.folded_start as usize <= at)
                .saturating_sub(1) as u32;
            if found.last() != Some(&line) && self.holds_all(line, words) {
                found.push(line);
                if found.len() == limit {
                    break;
                }
            }
        }
        found
    }

    /// The first lines holding every word, and all of them when they are
    /// few enough to be known whole (`known`: such a set for fewer letters,
    /// which the next letters only filter).
    fn hits(&self, known: Option<&[u32]>, words: &[String]) -> (Vec<Hit>, Option<Vec<u32>>) {
        let found: Vec<u32> = match known {
            Some(known) => known
                .iter()
                .copied()
                .filter(|&line| self.holds_all(line, words))
                .collect(),
            None => self.matching(words, LINES_SHOWN + 1),
        };
        // Fewer than asked for: every line holding the words is known.
        let all = (found.len() <= LINES_SHOWN).then(|| found.clone());
        let hits = found
            .into_iter()
            .take(LINES_SHOWN)
            .map(|line| Hit {
                entry: line as usize,
                score: 0,
            })
            .collect();
        (hits, all)
    }

    fn holds_all(&self, line: u32, words: &[String]) -> bool {
        let text = self.folded(line as usize);
        words.iter().all(|w| text.contains(w.as_str()))
    }

    fn entry(&self, line: usize, words: &[String]) -> Entry {
        let info = &self.lines[line];
        let source = &self.sources[info.source as usize];
        Entry {
            target: info.target.clone(),
            title: excerpt(self.original(line), words, LINE_SHOWN_CHARS),
            detail: if info.number > 0 {
                format!("{source}, line {}", info.number)
            } else {
                source.clone()
            },
            haystack: Utf32String::default(),
            folded: String::new(),
            title_end: 0,
        }
    }
}

impl FinderIndex {
    /// Indexes `project` and `commands` (a hit on `commands[i]` is
    /// `Target::Command(i)`).
    pub fn build(project: &Project, commands: &[CommandName]) -> Self {
        let mut entries = Vec::with_capacity(
            project.ports.len()
                + project.organisations.len()
                + project.people.len()
                + project.agreements.len()
                + project.corridors.len()
                + project.events.len()
                + commands.len(),
        );
        let port_name = |id| {
            project
                .ports
                .iter()
                .find(|p| p.id == id)
                .map_or("", |p| p.name.as_str())
        };
        for (index, command) in commands.iter().enumerate() {
            entries.push(entry(
                Target::Command(index),
                command.label.clone(),
                command.detail.clone(),
                &[&command.label],
            ));
        }
        for port in &project.ports {
            let place = join(&[&port.city, &port.country], ", ");
            entries.push(entry(
                Target::Entity(EntityRef::Port(port.id)),
                port.name.clone(),
                join(&["Port", &port.local_name, &port.locode, &place], " · "),
                &[
                    &port.name,
                    &port.local_name,
                    &port.locode,
                    &port.city,
                    &port.country,
                ],
            ));
        }
        for organisation in &project.organisations {
            entries.push(entry(
                Target::Entity(EntityRef::Organisation(organisation.id)),
                organisation.name.clone(),
                join(
                    &[
                        "Organisation",
                        organisation.kind.label(),
                        &organisation.country,
                    ],
                    " · ",
                ),
                &[&organisation.name, &organisation.country],
            ));
        }
        for person in &project.people {
            let organisation = person
                .organisation
                .and_then(|id| project.organisations.iter().find(|o| o.id == id))
                .map_or("", |o| o.name.as_str());
            entries.push(entry(
                Target::Entity(EntityRef::Person(person.id)),
                person.name.clone(),
                join(&["Person", &person.title, organisation], " · "),
                &[
                    &person.name,
                    &person.local_name,
                    &person.title,
                    organisation,
                    &person.email,
                ],
            ));
        }
        for agreement in &project.agreements {
            entries.push(entry(
                Target::Entity(EntityRef::Agreement(agreement.id)),
                agreement.title.clone(),
                join(
                    &[
                        "Agreement",
                        agreement.kind.label(),
                        agreement.status.label(),
                    ],
                    " · ",
                ),
                &[&agreement.title, agreement.kind.label()],
            ));
        }
        for corridor in &project.corridors {
            let ports: Vec<&str> = corridor.ports.iter().map(|&id| port_name(id)).collect();
            let ports = ports.join(", ");
            entries.push(entry(
                Target::Entity(EntityRef::Corridor(corridor.id)),
                corridor.name.clone(),
                join(&["Corridor", corridor.stage.label(), &ports], " · "),
                &[&corridor.name, &ports],
            ));
        }
        for event in &project.events {
            let when = event.start.zoned().strftime("%a %-d %b %H:%M").to_string();
            let port = event.port.map_or("", port_name);
            let place = if event.location.is_empty() {
                port
            } else {
                &event.location
            };
            entries.push(entry(
                Target::Entity(EntityRef::Event(event.id)),
                event.title.clone(),
                join(&["Event", &when, place], " · "),
                &[
                    &event.title,
                    event.kind.label(),
                    &event.location,
                    port,
                    &when,
                ],
            ));
        }
        let mut lines = LineTexts::default();
        for agreement in &project.agreements {
            let source = lines.sources.len() as u32;
            lines.sources.push(format!("Draft of {}", agreement.title));
            let mut char_offset = 0;
            for (number, line) in agreement.draft.split('\n').enumerate() {
                let trimmed = line.trim();
                if !trimmed.is_empty() {
                    let target = Target::DraftLine {
                        agreement: agreement.id,
                        line: number + 1,
                        char_offset,
                    };
                    lines.push(target, trimmed, source, number as u32 + 1);
                }
                char_offset += line.chars().count() + 1;
            }
        }
        for (index, clause) in project.clauses.iter().enumerate() {
            let source = lines.sources.len() as u32;
            lines
                .sources
                .push(join(&["Clause", &clause.tags.join(", ")], " · "));
            let text = [clause.title.as_str(), clause.text.as_str()]
                .into_iter()
                .chain(clause.tags.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ")
                .replace('\n', " ");
            lines.push(Target::Clause(index), &text, source, 0);
        }
        Self {
            entries,
            lines,
            matcher: Matcher::new(Config::DEFAULT),
            narrowing: Vec::new(),
            words: Vec::new(),
        }
    }

    /// Names and commands (`Found::hits` index these).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The line of a draft or clause a `Found::lines` hit is, as its row
    /// shows it.
    pub fn line(&self, hit: &Hit) -> Entry {
        self.lines.entry(hit.entry, &self.words)
    }

    pub fn len(&self) -> usize {
        self.entries.len() + self.lines.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` entries for `query`, best first, and the best lines
    /// of drafts and clauses holding every word of it. An empty query
    /// finds nothing.
    pub fn search(&mut self, query: &str, limit: usize) -> Found {
        let query = shortened_query(query);
        if query.trim().is_empty() {
            self.narrowing.clear();
            return Found::default();
        }
        // Only a query that adds letters at the end narrows (an escaped
        // space, to nucleo, changes the words).
        self.narrowing
            .retain(|n| query.starts_with(n.query.as_str()) && !query.contains('\\'));
        if let Some(last) = self.narrowing.last()
            && last.query == query
        {
            // A backspace back to an earlier query, or the same one again.
            self.narrowing.pop();
        }
        let previous = self.narrowing.last();
        // Each word is looked for whole in the lower-cased text (memchr's
        // substring search): a name holding every word is a close hit,
        // ranked by nucleo's greedy match plus a bonus when the words are in
        // its name itself. Names merely holding the letters in order are
        // looked for only when nothing holds the words (and by then few
        // candidates are left), ranked by nucleo's optimal match.
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let needles: Vec<Utf32String> = words
            .iter()
            .map(|word| Utf32String::from(word.as_str()))
            .collect();
        self.matcher.config.ignore_case = true;
        self.matcher.config.normalize = true;
        let all = || 0..self.entries.len() as u32;
        let close_candidates: Vec<u32> = match previous {
            Some(narrowed) => narrowed.close.clone(),
            None => all().collect(),
        };
        let holds_all = |entry: &Entry, end: usize| {
            words.iter().all(|w| {
                memchr::memmem::find(&entry.folded.as_bytes()[..end], w.as_bytes()).is_some()
            })
        };
        let mut close_ids = Vec::new();
        let mut close = Vec::new();
        for index in close_candidates {
            let entry = &self.entries[index as usize];
            if !holds_all(entry, entry.folded.len()) {
                continue;
            }
            close_ids.push(index);
            // Cheap, for thousands of hits: in the name first, then the
            // earlier the first word appears and the shorter the name (the
            // word is more of it: "Port of Yokohama" before a Yokohama visit).
            let first = memchr::memmem::find(entry.folded.as_bytes(), words[0].as_bytes())
                .unwrap_or(usize::MAX)
                .min(EARLY);
            let mut score = (2 * EARLY - first - entry.title.len().min(EARLY)) as u32;
            if holds_all(entry, entry.title_end) {
                score += TITLE_BONUS;
            }
            close.push(Hit {
                entry: index as usize,
                score,
            });
        }
        let (lines, all_lines) = if query.trim().chars().count() >= LINE_QUERY_MIN {
            self.lines
                .hits(previous.and_then(|n| n.lines.as_deref()), &words)
        } else {
            (Vec::new(), None)
        };
        let close_total = close.len();
        let mut loose = Vec::new();
        let mut loose_ids = None;
        if close.is_empty() && lines.is_empty() {
            let candidates: Vec<u32> = match previous.and_then(|n| n.loose.clone()) {
                Some(loose) => loose,
                None => all().collect(),
            };
            let (ids, hits) = self.loose_hits(candidates, &words, &needles);
            loose = hits;
            loose_ids = Some(ids);
        }
        let total = close_total + loose.len();
        let entries = &self.entries;
        rank(&mut close, limit, |hit| &entries[hit.entry].title);
        rank(&mut loose, LOOSE_SHOWN * 4, |hit| &entries[hit.entry].title);
        let pattern = Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        for hit in &mut loose {
            let haystack = self.entries[hit.entry].haystack.slice(..);
            hit.score = pattern
                .score(haystack, &mut self.matcher)
                .unwrap_or(hit.score);
        }
        rank(&mut loose, LOOSE_SHOWN, |hit| &entries[hit.entry].title);
        self.narrowing.push(Narrowed {
            query: query.to_owned(),
            close: close_ids,
            loose: loose_ids,
            lines: all_lines,
        });
        self.words = words;
        Found {
            hits: close,
            lines,
            loose,
            total,
        }
    }
}

/// Whether the characters of `word` appear in `text` in that order.
fn in_order(text: &str, word: &str) -> bool {
    let mut rest = text.as_bytes();
    let mut buffer = [0; 4];
    for c in word.chars() {
        let bytes = c.encode_utf8(&mut buffer).as_bytes();
        match memchr::memmem::find(rest, bytes) {
            Some(at) => rest = &rest[at + bytes.len()..],
            None => return false,
        }
    }
    true
}

impl FinderIndex {
    /// The entries among `candidates` holding each word's letters in order,
    /// scored by nucleo's greedy match.
    fn loose_hits(
        &mut self,
        candidates: Vec<u32>,
        words: &[String],
        needles: &[Utf32String],
    ) -> (Vec<u32>, Vec<Hit>) {
        let (mut ids, mut hits) = (Vec::new(), Vec::new());
        'entries: for index in candidates {
            let entry = &self.entries[index as usize];
            // The letters in order, found with memchr in the lower-cased
            // words (nucleo's own greedy match over all took 15 ms).
            if !words.iter().all(|w| in_order(&entry.folded, w)) {
                continue;
            }
            let haystack = entry.haystack.slice(..);
            let mut score = 0;
            for needle in needles {
                match self.matcher.fuzzy_match_greedy(haystack, needle.slice(..)) {
                    Some(s) => score += u32::from(s),
                    None => continue 'entries,
                }
            }
            ids.push(index);
            hits.push(Hit {
                entry: index as usize,
                score,
            });
        }
        (ids, hits)
    }
}

/// Keeps the best `limit` hits, best first; equal scores in the order of
/// the shorter title (the closer match), then of the index (commands,
/// then ports, organisations, people, agreements, corridors, events).
fn rank<'a>(hits: &mut Vec<Hit>, limit: usize, title: impl Fn(&Hit) -> &'a String) {
    let key = |hit: &Hit| (std::cmp::Reverse(hit.score), title(hit).len(), hit.entry);
    if hits.len() > limit && limit > 0 {
        hits.select_nth_unstable_by_key(limit - 1, key);
    }
    hits.truncate(limit);
    hits.sort_unstable_by_key(key);
}

fn entry(target: Target, title: String, detail: String, words: &[&str]) -> Entry {
    // The detail names what the entry is ("Port", "Corridor", a status, a
    // day), so "corridor singapore" finds the corridor.
    let text = words
        .iter()
        .filter(|w| !w.is_empty())
        .copied()
        .chain(std::iter::once(detail.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let folded = text.to_lowercase();
    // The first word given is the name.
    let name = words.first().copied().unwrap_or("");
    let title_end = if name.is_empty() {
        0
    } else {
        name.to_lowercase().len().min(folded.len())
    };
    Entry {
        target,
        title,
        detail,
        haystack: Utf32String::from(text.as_str()),
        folded,
        title_end,
    }
}

/// The non-empty parts joined.
fn join(parts: &[&str], separator: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(separator)
}

/// At most `max` characters of `text` around the first of `words` found
/// (any case), with ellipses where it is cut: the matched words show.
pub fn excerpt(text: &str, words: &[String], max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_owned();
    }
    let found = words.iter().filter(|w| !w.is_empty()).find_map(|word| {
        let word: Vec<char> = word.chars().collect();
        (0..chars.len()).find(|&at| {
            let mut lowered = chars[at..].iter().flat_map(|c| c.to_lowercase());
            word.iter().all(|w| lowered.next() == Some(*w))
        })
    });
    let Some(at) = found else {
        return shortened(text, max);
    };
    // A third of the room before the word, the rest after it.
    let start = at.saturating_sub(max / 3).min(chars.len() - max);
    let end = start + max;
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// At most `max` characters, with an ellipsis if cut.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

fn shortened_query(query: &str) -> &str {
    match query.char_indices().nth(MAX_QUERY) {
        Some((at, _)) => &query[..at],
        None => query,
    }
}
