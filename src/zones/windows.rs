//! Windows time-zone names (what Outlook and Exchange write as a TZID:
//! `Pacific Standard Time`, `Tokyo Standard Time`) and their display names
//! (`(UTC-03:00) Brasilia`), mapped to IANA zones through the Unicode CLDR
//! table bundled in `assets/zones/windowsZones.xml` (licence beside it).

use std::collections::HashMap;
use std::sync::OnceLock;

const WINDOWS_ZONES_XML: &str = include_str!("../../assets/zones/windowsZones.xml");

/// The parsed table: Windows name → the zone CLDR names for the world
/// (territory `001`), and display name (normalised) → Windows name.
struct Table {
    by_windows_name: HashMap<String, &'static str>,
    by_display_name: HashMap<String, &'static str>,
    by_zone: HashMap<&'static str, Vec<&'static str>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse(WINDOWS_ZONES_XML))
}

/// Reads the table's own simple shape: a comment with the display name,
/// then `<mapZone other="…" territory="…" type="…"/>` lines.
fn parse(xml: &'static str) -> Table {
    let mut by_windows_name = HashMap::new();
    let mut by_display_name = HashMap::new();
    let mut by_zone: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut display: Option<&str> = None;
    for line in xml.lines().map(str::trim) {
        if let Some(comment) = line
            .strip_prefix("<!--")
            .and_then(|c| c.strip_suffix("-->"))
        {
            display = Some(comment.trim());
            continue;
        }
        if !line.starts_with("<mapZone ") || attribute(line, "territory") != Some("001") {
            continue;
        }
        let (Some(windows), Some(zone)) = (attribute(line, "other"), attribute(line, "type"))
        else {
            continue;
        };
        by_windows_name.insert(normalise(windows), zone);
        by_zone.entry(zone).or_default().push(windows);
        if let Some(display) = display.take() {
            by_display_name.insert(normalise(display), zone);
        }
    }
    Table {
        by_windows_name,
        by_display_name,
        by_zone,
    }
}

fn attribute<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let start = line.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = line[start..].find('"')?;
    Some(&line[start..start + length])
}

/// Lower case, letters and digits only, accents folded: `(UTC-03:00)
/// Brasília` and `(UTC-03:00) Brasilia` are one name.
fn normalise(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'Á' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' => 'o',
                'ú' | 'ù' | 'û' | 'ü' | 'Ú' => 'u',
                'ñ' => 'n',
                'ç' => 'c',
                c => c,
            };
            (c.is_alphanumeric() || c == '+' || c == '-').then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// The IANA zone for a Windows zone name (`Tokyo Standard Time`) or a
/// Windows display name (`(UTC+09:00) Osaka, Sapporo, Tokyo`).
pub fn iana_for_windows_name(name: &str) -> Option<&'static str> {
    let key = normalise(name);
    if key.is_empty() {
        return None;
    }
    let table = table();
    table
        .by_windows_name
        .get(&key)
        .or_else(|| table.by_display_name.get(&key))
        .copied()
}

/// The Windows names that map to `zone` (for the zone search).
pub fn windows_names_for(zone: &str) -> &'static [&'static str] {
    table().by_zone.get(zone).map_or(&[], Vec::as_slice)
}

/// Whether `zone` is the one CLDR names for a Windows zone: the zone a
/// delegate would expect when several share the same rules.
pub fn is_primary_zone(zone: &str) -> bool {
    table().by_zone.contains_key(zone)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_display_names_map_to_iana_zones() {
        assert_eq!(
            iana_for_windows_name("Pacific Standard Time"),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            iana_for_windows_name("Tokyo Standard Time"),
            Some("Asia/Tokyo")
        );
        assert_eq!(
            iana_for_windows_name("eastern standard time"),
            Some("America/New_York")
        );
        assert_eq!(
            iana_for_windows_name("(UTC-03:00) Brasília"),
            Some("America/Sao_Paulo")
        );
        assert_eq!(
            iana_for_windows_name("Pacific Standard Time (Mexico)"),
            Some("America/Tijuana")
        );
        assert_eq!(iana_for_windows_name("Nowhere Standard Time"), None);
        assert_eq!(iana_for_windows_name(""), None);
        assert!(windows_names_for("Asia/Tokyo").contains(&"Tokyo Standard Time"));
        assert!(is_primary_zone("Asia/Tokyo"));
        assert!(!is_primary_zone("America/Toronto"));
    }

    #[test]
    fn the_whole_table_is_read_and_every_zone_is_in_the_bundled_database() {
        let table = table();
        assert!(
            table.by_windows_name.len() > 130,
            "{}",
            table.by_windows_name.len()
        );
        assert!(table.by_display_name.len() > 130);
        for zone in table.by_windows_name.values() {
            assert!(jiff::tz::TimeZone::get(zone).is_ok(), "{zone}");
        }
    }
}
