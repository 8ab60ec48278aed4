//! The port catalogue: the UN/LOCODE sea ports and the World Port Index,
//! bundled in `assets/map/`, joined on the code, and searched as a delegate
//! types: by code, name, city, country or a misspelling of them.
//!
//! Coordinates come from the World Port Index where it has the code (its
//! positions are the harbour's; UN/LOCODE's are often the town centre), else
//! from UN/LOCODE. Codes people still write but that name something else
//! (Shanghai's `CNSHA` is the airport) are explained next to the right one.

use std::collections::HashMap;
use std::sync::OnceLock;

const UNLOCODE_CSV: &str = include_str!("../../assets/map/unlocode_seaports.csv");
const WPI_CSV: &str = include_str!("../../assets/map/wpi_ports.csv");

/// Where an entry's coordinates come from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CoordinatesFrom {
    WorldPortIndex,
    UnLocode,
    /// Neither source has them.
    Missing,
}

/// One port of the catalogue.
#[derive(Clone, PartialEq, Debug)]
pub struct CatalogueEntry {
    /// UN/LOCODE (may be empty for a World Port Index harbour without one).
    pub locode: String,
    /// The place's name as UN/LOCODE writes it ("Yokohama"), or the World
    /// Port Index's name where UN/LOCODE has no row.
    pub name: String,
    /// The World Port Index's name, when it differs ("Yokohama Ko").
    pub harbour_name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The country's name, as the World Port Index writes it.
    pub country_name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub coordinates_from: CoordinatesFrom,
    /// The World Port Index's harbour size ("Large", …), if listed.
    pub harbour_size: String,
    /// Why a code people use is not this one, or what else to know.
    pub note: String,
    /// Lower-case ASCII words that a search matches.
    words: Vec<String>,
    /// How many of `words` come from the name (they rank a little higher).
    name_words: usize,
    /// Rank among equally good matches: bigger harbours first.
    importance: u8,
}

impl CatalogueEntry {
    pub fn has_coordinates(&self) -> bool {
        self.coordinates_from != CoordinatesFrom::Missing
    }
}

/// Codes people write that UN/LOCODE gives to something else, and the sea
/// port meant.
const ALIASES: &[(&str, &str, &str)] = &[
    (
        "CNSHA",
        "CNSGH",
        "Shipping documents often write CNSHA, but in UN/LOCODE CNSHA is Shanghai Hongqiao airport; the sea port is CNSGH.",
    ),
    (
        "CNNGB",
        "CNNBO",
        "CNNGB is Ningbo airport in UN/LOCODE; the sea port is CNNBO.",
    ),
    (
        "SGKEP",
        "SGSIN",
        "The World Port Index lists Singapore as SGKEP (Keppel); UN/LOCODE's code for the port of Singapore is SGSIN.",
    ),
];

/// The whole catalogue.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub entries: Vec<CatalogueEntry>,
    index: WordIndex,
}

static BUNDLED: OnceLock<Catalogue> = OnceLock::new();

/// The bundled catalogue, read on first use (tens of milliseconds).
pub fn bundled() -> &'static Catalogue {
    BUNDLED.get_or_init(|| Catalogue::parse(UNLOCODE_CSV, WPI_CSV))
}

/// The bundled catalogue if something has read it already (the UI asks,
/// so that it never waits for it on the frame).
pub fn loaded() -> Option<&'static Catalogue> {
    BUNDLED.get()
}

/// Reads the catalogue on another thread, so that it is there when asked.
pub fn preload() {
    if BUNDLED.get().is_none() {
        std::thread::spawn(|| {
            bundled();
        });
    }
}

struct WpiRow {
    name: String,
    alternate: String,
    locode: String,
    country_name: String,
    size: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

impl Catalogue {
    /// Joins the two tables (their CSV texts).
    pub fn parse(unlocode_csv: &str, wpi_csv: &str) -> Self {
        let mut wpi = Vec::new();
        let mut reader = csv::Reader::from_reader(wpi_csv.as_bytes());
        let headers = reader.headers().cloned().unwrap_or_default();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let (c_name, c_alt, c_code, c_country, c_size, c_lat, c_lon) = (
            column("name"),
            column("alternate_name"),
            column("unlocode"),
            column("country"),
            column("harbor_size"),
            column("lat"),
            column("lon"),
        );
        for record in reader.records().flatten() {
            let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
            wpi.push(WpiRow {
                name: get(c_name).to_string(),
                alternate: get(c_alt).to_string(),
                locode: get(c_code).to_uppercase(),
                country_name: get(c_country).to_string(),
                size: get(c_size).to_string(),
                latitude: number(get(c_lat)),
                longitude: number(get(c_lon)),
            });
        }
        // A country's name: the one the World Port Index gives most of its
        // codes (a few rows carry another country's code).
        let mut name_counts: HashMap<(&str, &str), usize> = HashMap::new();
        for row in &wpi {
            if row.locode.len() == 5 && !row.country_name.is_empty() {
                *name_counts
                    .entry((&row.locode[..2], row.country_name.as_str()))
                    .or_default() += 1;
            }
        }
        let mut ranked: Vec<((&str, &str), usize)> = name_counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut country_names: HashMap<String, String> = HashMap::new();
        for ((code, name), _) in ranked {
            country_names
                .entry(code.to_string())
                .or_insert_with(|| name.to_string());
        }
        let mut wpi_by_code: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, row) in wpi.iter().enumerate() {
            if row.locode.len() == 5 {
                wpi_by_code.entry(row.locode.as_str()).or_default().push(i);
            }
        }
        let mut joined = vec![false; wpi.len()];

        let mut entries = Vec::new();
        let mut seen_codes = std::collections::HashSet::new();
        let mut reader = csv::Reader::from_reader(unlocode_csv.as_bytes());
        let headers = reader.headers().cloned().unwrap_or_default();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let (c_code, c_country, c_name, c_ascii, c_function, c_lat, c_lon) = (
            column("locode"),
            column("country"),
            column("name"),
            column("name_ascii"),
            column("function"),
            column("lat"),
            column("lon"),
        );
        for record in reader.records().flatten() {
            let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
            let locode = get(c_code).to_uppercase();
            let country = get(c_country).to_uppercase();
            let own = number(get(c_lat)).zip(number(get(c_lon)));
            // The World Port Index row for this code: in the same country and,
            // where UN/LOCODE places it, the nearest within 100 km (the index
            // also gives RULED to St Petersburg, Florida).
            let harbour_index = wpi_by_code.get(locode.as_str()).and_then(|rows| {
                rows.iter()
                    .copied()
                    .filter(|&i| country_names.get(&country) == Some(&wpi[i].country_name))
                    .filter_map(|i| {
                        let here = (wpi[i].latitude?, wpi[i].longitude?);
                        let away = own.map_or(0.0, |own| super::haversine_km(own, here));
                        (away <= 100.0).then_some((i, away))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(i, _)| i)
            });
            if let Some(i) = harbour_index {
                joined[i] = true;
            }
            let harbour = harbour_index.map(|i| &wpi[i]);
            let (latitude, longitude, from) =
                match (harbour.and_then(|h| Some((h.latitude?, h.longitude?))), own) {
                    (Some((lat, lon)), _) => (lat, lon, CoordinatesFrom::WorldPortIndex),
                    (None, Some((lat, lon))) => (lat, lon, CoordinatesFrom::UnLocode),
                    (None, None) => (0.0, 0.0, CoordinatesFrom::Missing),
                };
            let modes = get(c_function)
                .chars()
                .filter(|c| c.is_ascii_digit())
                .count() as u8;
            let size = harbour.map(|h| h.size.clone()).unwrap_or_default();
            seen_codes.insert(locode.clone());
            entries.push(CatalogueEntry::new(
                locode.clone(),
                get(c_name).to_string(),
                get(c_ascii).to_string(),
                harbour
                    .map(|h| h.name.clone())
                    .filter(|n| !n.eq_ignore_ascii_case(get(c_name)))
                    .unwrap_or_default(),
                harbour.map(|h| h.alternate.as_str()).unwrap_or(""),
                country.clone(),
                country_names.get(&country).cloned().unwrap_or_default(),
                (latitude, longitude, from),
                size,
                modes,
            ));
        }
        // World Port Index harbours that no UN/LOCODE sea port took.
        for (i, row) in wpi.iter().enumerate() {
            if joined[i] {
                continue;
            }
            let (Some(lat), Some(lon)) = (row.latitude, row.longitude) else {
                continue;
            };
            let country_of_name = country_names
                .iter()
                .find(|(_, name)| **name == row.country_name)
                .map(|(code, _)| code.clone());
            let code_fits = row.locode.len() == 5
                && country_of_name.as_deref() == Some(&row.locode[..2])
                && !seen_codes.contains(&row.locode);
            let mut entry = CatalogueEntry::new(
                if code_fits {
                    row.locode.clone()
                } else {
                    String::new()
                },
                row.name.clone(),
                row.name.clone(),
                String::new(),
                &row.alternate,
                country_of_name.unwrap_or_default(),
                row.country_name.clone(),
                (lat, lon, CoordinatesFrom::WorldPortIndex),
                row.size.clone(),
                0,
            );
            if !code_fits && !row.locode.is_empty() {
                entry.note = format!(
                    "The World Port Index gives this harbour the code {}, which UN/LOCODE gives to another place; it is left blank here.",
                    row.locode
                );
            }
            entries.push(entry);
        }
        for (alias, current, note) in ALIASES {
            for entry in entries.iter_mut() {
                if entry.locode == *current || entry.locode == *alias {
                    entry.note = (*note).to_string();
                    entry.words.push(alias.to_lowercase());
                }
            }
        }
        let index = WordIndex::build(&entries);
        Self { entries, index }
    }

    /// The entries matching `query`, best first, at most `limit`. Every
    /// word of the query must match a word of the entry: the same, its
    /// start, inside it (three letters or more), or misspelt (one slip in
    /// words of four to six letters, two beyond).
    pub fn search(&self, query: &str, limit: usize) -> Vec<&CatalogueEntry> {
        let tokens = query_tokens(query);
        if tokens.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut total = vec![0_u32; self.entries.len()];
        for token in &tokens {
            let best = self.index.scores(token, &self.entries);
            for (sum, score) in total.iter_mut().zip(best) {
                *sum = sum.saturating_add(score);
            }
        }
        let mut hits: Vec<(u32, &CatalogueEntry)> = total
            .into_iter()
            .zip(&self.entries)
            .filter(|(score, _)| *score < NO_MATCH)
            .collect();
        let order = |(a, x): &(u32, &CatalogueEntry), (b, y): &(u32, &CatalogueEntry)| {
            a.cmp(b)
                .then(y.importance.cmp(&x.importance))
                .then_with(|| x.name.cmp(&y.name))
                .then_with(|| x.locode.cmp(&y.locode))
        };
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, order);
            hits.truncate(limit);
        }
        hits.sort_by(order);
        hits.into_iter().map(|(_, e)| e).collect()
    }

    /// The entry with this code (the first, where UN/LOCODE lists a code
    /// twice for two languages).
    pub fn by_code(&self, locode: &str) -> Option<&CatalogueEntry> {
        let code = locode.trim().to_uppercase();
        self.entries.iter().find(|e| e.locode == code)
    }
}

impl CatalogueEntry {
    #[allow(clippy::too_many_arguments)]
    fn new(
        locode: String,
        name: String,
        name_ascii: String,
        harbour_name: String,
        alternate: &str,
        country: String,
        country_name: String,
        (latitude, longitude, coordinates_from): (f64, f64, CoordinatesFrom),
        harbour_size: String,
        modes: u8,
    ) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut name_words = 0;
        for (i, text) in [
            name.as_str(),
            name_ascii.as_str(),
            harbour_name.as_str(),
            alternate,
            country_name.as_str(),
        ]
        .into_iter()
        .enumerate()
        {
            if i == 2 {
                name_words = words.len();
            }
            for word in fold(text).split(|c: char| !c.is_ascii_alphanumeric()) {
                if !word.is_empty() && !words.iter().any(|w| w == word) {
                    words.push(word.to_string());
                }
            }
        }
        words.push(locode.to_lowercase());
        words.push(country.to_lowercase());
        let size_rank = match harbour_size.as_str() {
            "Large" => 40,
            "Medium" => 30,
            "Small" => 20,
            "Very Small" => 10,
            _ => 0,
        };
        Self {
            locode,
            name,
            harbour_name,
            country,
            country_name,
            latitude,
            longitude,
            coordinates_from,
            harbour_size,
            note: String::new(),
            words,
            name_words,
            importance: size_rank + modes,
        }
    }
}

/// Lower case, with the Latin letters people type without their accents.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ś' | 'š' | 'ş' => 's',
            'ź' | 'ż' | 'ž' => 'z',
            'ł' => 'l',
            'ğ' => 'g',
            'ř' => 'r',
            'ť' | 'ţ' => 't',
            'đ' | 'ď' => 'd',
            other => other,
        })
        .collect()
}

/// Words a search for a port can leave out.
const FILLER: &[&str] = &["port", "of", "the", "harbour", "harbor", "ko", "pt"];

struct Token {
    text: String,
    letters: u32,
}

fn letters_of(word: &str) -> u32 {
    word.bytes()
        .filter(u8::is_ascii_lowercase)
        .fold(0, |mask, b| mask | 1 << (b - b'a'))
}

/// A query's words searched at most: each costs a pass over the words of
/// the catalogue, and no port name has more.
const MAX_TOKENS: usize = 6;
/// A query's characters read at most.
const MAX_QUERY: usize = 200;

fn query_tokens(query: &str) -> Vec<Token> {
    let query: String = query.chars().take(MAX_QUERY).collect();
    let folded = fold(&query);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let meaningful: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !FILLER.contains(w))
        .collect();
    let chosen = if meaningful.is_empty() {
        words
    } else {
        meaningful
    };
    let mut distinct: Vec<&str> = Vec::new();
    for word in chosen {
        if !distinct.contains(&word) && distinct.len() < MAX_TOKENS {
            distinct.push(word);
        }
    }
    distinct
        .into_iter()
        .map(|w| Token {
            text: w.to_string(),
            letters: letters_of(w),
        })
        .collect()
}

/// A token's score for an entry it does not match (sums stay above it).
const NO_MATCH: u32 = 1 << 24;

/// Every distinct word of the catalogue, sorted, with the entries it
/// belongs to: a search walks ~30,000 words instead of every word of every
/// entry, and finds prefixes by binary search.
#[derive(Debug, Default)]
struct WordIndex {
    words: Vec<IndexedWord>,
}

#[derive(Debug)]
struct IndexedWord {
    text: String,
    letters: u32,
    /// (entry, rank): 0 for the name's first word, 1 for its other words,
    /// 2 for the rest (harbour name, country…).
    postings: Vec<(u32, u32)>,
}

impl WordIndex {
    fn build(entries: &[CatalogueEntry]) -> Self {
        let mut by_text: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            for (w, word) in entry.words.iter().enumerate() {
                by_text.entry(word.as_str()).or_default().push((
                    i as u32,
                    u32::from(w > 0) + u32::from(w >= entry.name_words),
                ));
            }
        }
        let mut words: Vec<IndexedWord> = by_text
            .into_iter()
            .map(|(text, postings)| IndexedWord {
                text: text.to_string(),
                letters: letters_of(text),
                postings,
            })
            .collect();
        words.sort_by(|a, b| a.text.cmp(&b.text));
        Self { words }
    }

    /// The token's best score for each entry ([`NO_MATCH`] where none).
    fn scores(&self, token: &Token, entries: &[CatalogueEntry]) -> Vec<u32> {
        let q = token.text.as_str();
        let mut best = vec![NO_MATCH; entries.len()];
        let mut credit = |word: &IndexedWord, score: u32| {
            for &(entry, rank) in &word.postings {
                let score = if score == 10 && entries[entry as usize].locode.eq_ignore_ascii_case(q)
                {
                    0
                } else {
                    score + rank
                };
                let slot = &mut best[entry as usize];
                *slot = (*slot).min(score);
            }
        };
        // The same word, or its start: a range of the sorted words.
        let start = self.words.partition_point(|w| w.text.as_str() < q);
        for word in self.words[start..]
            .iter()
            .take_while(|w| w.text.starts_with(q))
        {
            credit(word, if word.text == q { 10 } else { 20 });
        }
        if q.len() < 3 {
            return best;
        }
        let inside = memchr::memmem::Finder::new(q.as_bytes());
        let allowed = if q.len() <= 6 { 1 } else { 2 };
        let fuzzy = q.len() >= 4;
        for word in &self.words {
            let text = word.text.as_bytes();
            if text.len() > q.len()
                && !text.starts_with(q.as_bytes())
                && inside.find(text).is_some()
            {
                credit(word, 40);
                continue;
            }
            if !fuzzy
                || (token.letters & !word.letters).count_ones() as usize > allowed
                || text.len() + allowed < q.len()
            {
                continue;
            }
            // Against the whole word, and against its start (still typing).
            let whole = osa_within(q.as_bytes(), text, allowed);
            let start = osa_within(q.as_bytes(), &text[..q.len().min(text.len())], allowed);
            if let Some(distance) = whole.into_iter().chain(start).min() {
                credit(word, 60 + 10 * distance as u32);
            }
        }
        best
    }
}

/// The optimal-string-alignment distance (edits plus swaps of neighbours)
/// between `a` and `b` if it is at most `limit`: a banded, allocation-free
/// version of `strsim::osa_distance` (which the tests check it against),
/// since a search runs it on thousands of words a keystroke.
pub fn osa_within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    const MAX: usize = 40;
    if a.len().abs_diff(b.len()) > limit || a.len() > MAX || b.len() > MAX {
        return None;
    }
    let m = b.len();
    let mut before = [0_usize; MAX + 1];
    let mut previous = [0_usize; MAX + 1];
    let mut current = [0_usize; MAX + 1];
    for (j, cell) in previous.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
        before = previous;
        previous = current;
    }
    (previous[m] <= limit).then_some(previous[m])
}
