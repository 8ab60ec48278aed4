//! Zones of ports on every continent, from a table written by hand: each
//! port's code and coordinates from the bundled data, its zone from the
//! tz database's own description of where each zone applies.

use trade_mission_planner::map::catalogue;
use trade_mission_planner::map::zone_lookup::{self, ZoneFrom, zone_for};
use trade_mission_planner::sample::sample_project;

const PORTS: &[(&str, &str)] = &[
    // North America (several zones a country: the boundaries decide)
    ("USLAX", "America/Los_Angeles"),
    ("USLGB", "America/Los_Angeles"),
    ("USSEA", "America/Los_Angeles"),
    ("USNYC", "America/New_York"),
    ("USHOU", "America/Chicago"),
    ("USANC", "America/Anchorage"),
    ("USHNL", "Pacific/Honolulu"),
    ("CAVAN", "America/Vancouver"),
    ("CAHAL", "America/Halifax"),
    ("MXZLO", "America/Mexico_City"),
    // South America
    ("BRSSZ", "America/Sao_Paulo"),
    ("BRMAO", "America/Manaus"),
    ("CLVAP", "America/Santiago"),
    ("ARBUE", "America/Argentina/Buenos_Aires"),
    // Europe
    ("NLRTM", "Europe/Amsterdam"),
    ("DEHAM", "Europe/Berlin"),
    ("GBFXT", "Europe/London"),
    ("ESALG", "Europe/Madrid"),
    ("RULED", "Europe/Moscow"),
    // Africa
    ("ZADUR", "Africa/Johannesburg"),
    ("EGPSD", "Africa/Cairo"),
    ("KEMBA", "Africa/Nairobi"),
    ("MAPTM", "Africa/Casablanca"),
    // Asia
    ("JPYOK", "Asia/Tokyo"),
    ("CNSGH", "Asia/Shanghai"),
    ("SGSIN", "Asia/Singapore"),
    ("INNSA", "Asia/Kolkata"),
    ("AEJEA", "Asia/Dubai"),
    ("RUVVO", "Asia/Vladivostok"),
    ("IDJKT", "Asia/Jakarta"),
    ("IDBPN", "Asia/Makassar"),
    // Oceania
    ("AUSYD", "Australia/Sydney"),
    ("AUPER", "Australia/Perth"),
    ("NZAKL", "Pacific/Auckland"),
];

#[test]
fn ports_on_every_continent_get_their_zone() {
    let catalogue = catalogue::bundled();
    let mut wrong = Vec::new();
    for (code, expected) in PORTS {
        let entry = catalogue
            .by_code(code)
            .unwrap_or_else(|| panic!("{code} not in the catalogue"));
        assert!(entry.has_coordinates(), "{code}");
        let answer = zone_for(entry.latitude, entry.longitude, &entry.country);
        if answer.as_ref().map(|a| a.zone.as_str()) != Some(*expected) {
            wrong.push(format!(
                "{code} ({}, {}): {answer:?}, expected {expected}",
                entry.latitude, entry.longitude
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_boundaries_decide_in_countries_with_several_zones() {
    let la = zone_for(33.75, -118.25, "US").unwrap();
    assert_eq!(la.zone, "America/Los_Angeles");
    assert_ne!(la.from, ZoneFrom::Country);
    // Without a country the boundaries alone answer.
    assert_eq!(zone_for(35.45, 139.58, "").unwrap().zone, "Asia/Tokyo");
    assert_eq!(
        zone_lookup::boundary_zone(-33.87, 151.2),
        "Australia/Sydney"
    );
    // Open ocean far from any country: the nautical zone, which jiff knows.
    let sea = zone_for(0.0, -140.0, "").unwrap();
    assert!(sea.zone.starts_with("Etc/GMT"), "{sea:?}");
    assert!(zone_for(f64::NAN, 0.0, "").is_none());
}

#[test]
fn the_sample_ports_get_the_zones_the_sample_gives_them() {
    let project = sample_project().unwrap();
    assert!(project.ports.len() >= 5);
    for port in &project.ports {
        let answer = zone_for(port.latitude, port.longitude, &port.country).unwrap();
        assert_eq!(answer.zone, port.time_zone, "{}", port.name);
    }
}
