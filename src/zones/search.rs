//! What a time-zone search matches besides the IANA name: the city written
//! with spaces ("los angeles"), the country, and the abbreviations people
//! say ("JST", "PDT"). An ambiguous abbreviation ("CST", "IST") lists every
//! zone it can mean.

/// Abbreviations and the zones they name. Several zones for one
/// abbreviation means it is ambiguous: the search shows them all.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("jst", &["Asia/Tokyo"]),
    ("kst", &["Asia/Seoul"]),
    ("sgt", &["Asia/Singapore"]),
    ("hkt", &["Asia/Hong_Kong"]),
    (
        "pst pdt pt pacific",
        &["America/Los_Angeles", "America/Vancouver"],
    ),
    (
        "mst mdt mt mountain",
        &["America/Denver", "America/Phoenix"],
    ),
    (
        "cst cdt ct central",
        &[
            "America/Chicago",
            "America/Mexico_City",
            "Asia/Shanghai",
            "Asia/Taipei",
            "America/Havana",
        ],
    ),
    (
        "est edt et eastern",
        &["America/New_York", "America/Toronto"],
    ),
    ("akst akdt", &["America/Anchorage"]),
    ("hst", &["Pacific/Honolulu"]),
    ("gmt bst", &["Europe/London"]),
    ("utc gmt", &["UTC", "Etc/UTC"]),
    (
        "cet cest",
        &[
            "Europe/Paris",
            "Europe/Berlin",
            "Europe/Amsterdam",
            "Europe/Brussels",
            "Europe/Madrid",
            "Europe/Rome",
            "Europe/Oslo",
            "Europe/Copenhagen",
            "Europe/Stockholm",
        ],
    ),
    (
        "eet eest",
        &["Europe/Athens", "Europe/Helsinki", "Europe/Istanbul"],
    ),
    ("ist", &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]),
    (
        "aest aedt",
        &[
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
        ],
    ),
    ("awst", &["Australia/Perth"]),
    ("nzst nzdt", &["Pacific/Auckland"]),
    ("ict", &["Asia/Bangkok", "Asia/Ho_Chi_Minh"]),
    ("wib", &["Asia/Jakarta"]),
    ("pht", &["Asia/Manila"]),
    ("myt", &["Asia/Kuala_Lumpur"]),
    ("gst", &["Asia/Dubai"]),
    ("brt", &["America/Sao_Paulo"]),
    ("sast", &["Africa/Johannesburg"]),
];

/// Countries (English name, ISO code) and their zones, for the ports a
/// trade mission is likely to visit.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("japan jp", &["Asia/Tokyo"]),
    ("south korea korea kr", &["Asia/Seoul"]),
    ("china cn", &["Asia/Shanghai", "Asia/Urumqi"]),
    ("hong kong hk", &["Asia/Hong_Kong"]),
    ("taiwan tw", &["Asia/Taipei"]),
    ("singapore sg", &["Asia/Singapore"]),
    ("malaysia my", &["Asia/Kuala_Lumpur"]),
    (
        "indonesia id",
        &["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
    ),
    ("philippines ph", &["Asia/Manila"]),
    ("thailand th", &["Asia/Bangkok"]),
    ("vietnam viet nam vn", &["Asia/Ho_Chi_Minh"]),
    ("india in", &["Asia/Kolkata"]),
    ("united arab emirates uae ae", &["Asia/Dubai"]),
    ("saudi arabia sa", &["Asia/Riyadh"]),
    ("israel il", &["Asia/Jerusalem"]),
    ("turkey türkiye tr", &["Europe/Istanbul"]),
    (
        "australia au",
        &[
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
            "Australia/Adelaide",
            "Australia/Perth",
            "Australia/Darwin",
            "Australia/Hobart",
        ],
    ),
    ("new zealand nz", &["Pacific/Auckland"]),
    (
        "united states usa us america",
        &[
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
        ],
    ),
    (
        "canada ca",
        &[
            "America/Toronto",
            "America/Vancouver",
            "America/Halifax",
            "America/Winnipeg",
            "America/Edmonton",
            "America/St_Johns",
        ],
    ),
    (
        "mexico mx",
        &["America/Mexico_City", "America/Tijuana", "America/Cancun"],
    ),
    ("brazil br", &["America/Sao_Paulo", "America/Manaus"]),
    ("chile cl", &["America/Santiago"]),
    ("peru pe", &["America/Lima"]),
    ("panama pa", &["America/Panama"]),
    ("argentina ar", &["America/Argentina/Buenos_Aires"]),
    ("united kingdom uk gb britain england", &["Europe/London"]),
    ("ireland ie", &["Europe/Dublin"]),
    ("netherlands holland nl", &["Europe/Amsterdam"]),
    ("belgium be", &["Europe/Brussels"]),
    ("germany de", &["Europe/Berlin"]),
    ("france fr", &["Europe/Paris"]),
    ("spain es", &["Europe/Madrid"]),
    ("portugal pt", &["Europe/Lisbon"]),
    ("italy it", &["Europe/Rome"]),
    ("greece gr", &["Europe/Athens"]),
    ("norway no", &["Europe/Oslo"]),
    ("sweden se", &["Europe/Stockholm"]),
    ("denmark dk", &["Europe/Copenhagen"]),
    ("finland fi", &["Europe/Helsinki"]),
    ("poland pl", &["Europe/Warsaw"]),
    ("egypt eg", &["Africa/Cairo"]),
    ("morocco ma", &["Africa/Casablanca"]),
    ("south africa za", &["Africa/Johannesburg"]),
    ("nigeria ng", &["Africa/Lagos"]),
    ("kenya ke", &["Africa/Nairobi"]),
];

/// Whether `zone` is one of the zones named here: the major ones a
/// delegate is likely to mean when several share the same rules.
pub fn is_well_known(zone: &str) -> bool {
    COUNTRIES
        .iter()
        .chain(ABBREVIATIONS)
        .any(|(_, zones)| zones.contains(&zone))
}

/// The lower-case words a search for `zone` matches: its name with spaces
/// for `/` and `_`, then the countries and abbreviations that name it.
pub fn zone_search_text(zone: &str) -> String {
    let mut text = zone.to_lowercase().replace(['/', '_'], " ");
    for (words, zones) in COUNTRIES.iter().chain(ABBREVIATIONS) {
        if zones.contains(&zone) {
            text.push(' ');
            text.push_str(words);
        }
    }
    // What Outlook calls it: "tokyo standard time".
    for name in super::windows::windows_names_for(zone) {
        text.push(' ');
        text.push_str(&name.to_lowercase());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::zone_search_text;

    fn finds(search: &str, zone: &str) -> bool {
        let text = zone_search_text(zone);
        search
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word))
    }

    #[test]
    fn cities_with_spaces_countries_and_abbreviations_find_their_zones() {
        assert!(finds("los angeles", "America/Los_Angeles"));
        assert!(finds("Tokyo", "Asia/Tokyo"));
        assert!(finds("JST", "Asia/Tokyo"));
        assert!(finds("pdt", "America/Los_Angeles"));
        assert!(finds("PST", "America/Los_Angeles"));
        assert!(finds("KST", "Asia/Seoul"));
        assert!(finds("SGT", "Asia/Singapore"));
        assert!(finds("korea", "Asia/Seoul"));
        assert!(finds("japan", "Asia/Tokyo"));
        assert!(!finds("japan", "Asia/Seoul"));
        assert!(finds("Tokyo Standard Time", "Asia/Tokyo"));
        assert!(finds("pacific standard", "America/Los_Angeles"));
    }

    #[test]
    fn an_ambiguous_abbreviation_lists_every_zone_it_can_mean() {
        for zone in ["America/Chicago", "Asia/Shanghai", "America/Havana"] {
            assert!(finds("CST", zone), "{zone}");
        }
    }

    #[test]
    fn every_zone_named_here_is_in_the_bundled_database() {
        for (_, zones) in super::COUNTRIES.iter().chain(super::ABBREVIATIONS) {
            for zone in *zones {
                assert!(jiff::tz::TimeZone::get(zone).is_ok(), "{zone}");
            }
        }
    }
}
