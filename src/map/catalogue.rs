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
        Self { entries }
    }

    /// The entries matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&CatalogueEntry> {
        let tokens = query_tokens(query);
        if tokens.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u32, &CatalogueEntry)> = self
            .entries
            .iter()
            .filter_map(|entry| {
                let mut total = 0;
                for token in &tokens {
                    total += token.score(entry)?;
                }
                Some((total, entry))
            })
            .collect();
        hits.sort_by(|(a, x), (b, y)| {
            a.cmp(b)
                .then(y.importance.cmp(&x.importance))
                .then_with(|| x.name.cmp(&y.name))
                .then_with(|| x.locode.cmp(&y.locode))
        });
        hits.into_iter().take(limit).map(|(_, e)| e).collect()
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
        for text in [
            name.as_str(),
            name_ascii.as_str(),
            harbour_name.as_str(),
            alternate,
            country_name.as_str(),
        ] {
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

fn query_tokens(query: &str) -> Vec<Token> {
    let folded = fold(query);
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
    chosen
        .into_iter()
        .map(|w| Token {
            text: w.to_string(),
            letters: letters_of(w),
        })
        .collect()
}

impl Token {
    /// How well the token matches the entry (lower is better), `None` if
    /// it does not.
    fn score(&self, entry: &CatalogueEntry) -> Option<u32> {
        let q = self.text.as_str();
        let code = entry.locode.to_lowercase();
        if q == code {
            return Some(0);
        }
        let mut best: Option<u32> = None;
        for (i, word) in entry.words.iter().enumerate() {
            // The first words are the name's: they count a little more.
            let place = u32::from(i > 0);
            if word == q {
                keep_best(&mut best, 10 + place);
            } else if word.starts_with(q) {
                keep_best(&mut best, 20 + place);
            } else if q.len() >= 3 && word.contains(q) {
                keep_best(&mut best, 40 + place);
            }
        }
        if best.is_some() || q.len() < 4 {
            return best;
        }
        // A misspelling: one slip in words of up to six letters, two beyond.
        let allowed = if q.len() <= 6 { 1 } else { 2 };
        for word in &entry.words {
            if (self.letters & !letters_of(word)).count_ones() as usize > allowed
                || word.len() + allowed < q.len()
            {
                continue;
            }
            // Against the whole word, and against its start (still typing).
            let whole = strsim::osa_distance(q, word);
            let start = word
                .get(..q.len().min(word.len()))
                .map_or(usize::MAX, |s| strsim::osa_distance(q, s));
            let distance = whole.min(start);
            if distance <= allowed {
                keep_best(&mut best, 60 + 10 * distance as u32);
            }
        }
        best
    }
}

fn keep_best(best: &mut Option<u32>, score: u32) {
    *best = Some(best.map_or(score, |b| b.min(score)));
}
