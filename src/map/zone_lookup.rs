//! The IANA time zone of a place, offline: the zone of its country where
//! the country has only one (the tz database's `zone.tab`), else the zone
//! whose boundary holds the coordinates (tzf-rs, with the
//! timezone-boundary-builder data, ODbL), kept only if jiff's zone database
//! knows it. A harbour's coordinates are often just offshore, where the
//! boundaries give a nautical `Etc/GMT±N` zone: then the country's zone
//! nearest by the boundaries around it is taken.

use std::collections::HashMap;
use std::sync::LazyLock;

use tzf_rs::DefaultFinder;

const COUNTRY_ZONES: &str = include_str!("../../assets/map/country_zones.tsv");

static FINDER: LazyLock<DefaultFinder> = LazyLock::new(DefaultFinder::new);

static ZONES_BY_COUNTRY: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    COUNTRY_ZONES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (country, zones) = l.split_once('\t')?;
            Some((country, zones.split(',').collect()))
        })
        .collect()
});

/// How the zone was found (said beside it in the form).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ZoneFrom {
    /// The country has one zone.
    Country,
    /// The zone boundary around the coordinates.
    Boundaries,
    /// A boundary near the coordinates (they lie at sea).
    NearbyBoundaries,
}

/// A zone and how it was found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ZoneAnswer {
    pub zone: String,
    pub from: ZoneFrom,
}

/// The zones of a country (ISO 3166 alpha-2), as the tz database lists them.
pub fn zones_of_country(country: &str) -> &'static [&'static str] {
    ZONES_BY_COUNTRY
        .get(country.trim().to_uppercase().as_str())
        .map_or(&[], Vec::as_slice)
}

fn known(zone: &str) -> bool {
    !zone.is_empty() && jiff::tz::TimeZone::get(zone).is_ok()
}

/// Loads the zone boundaries now (they take ~80 ms and 4 MB; the first
/// lookup does this by itself).
pub fn preload() {
    LazyLock::force(&FINDER);
}

/// The zone at `latitude`, `longitude` in `country` (may be empty).
pub fn zone_for(latitude: f64, longitude: f64, country: &str) -> Option<ZoneAnswer> {
    let country_zones = zones_of_country(country);
    if let [only] = country_zones
        && known(only)
    {
        return Some(ZoneAnswer {
            zone: (*only).to_string(),
            from: ZoneFrom::Country,
        });
    }
    if !(latitude.is_finite() && longitude.is_finite()) {
        return None;
    }
    let fits = |zone: &str| {
        known(zone)
            && !zone.starts_with("Etc/")
            && (country_zones.is_empty() || country_zones.contains(&zone))
    };
    let here = FINDER.get_tz_names(longitude, latitude);
    if let Some(zone) = here.iter().find(|z| fits(z)) {
        return Some(ZoneAnswer {
            zone: (*zone).to_string(),
            from: ZoneFrom::Boundaries,
        });
    }
    // At sea or on the border: look around, nearest first.
    for step in [0.05, 0.1, 0.2, 0.4, 0.8] {
        for (dy, dx) in [
            (0.0, 1.0),
            (0.0, -1.0),
            (1.0, 0.0),
            (-1.0, 0.0),
            (1.0, 1.0),
            (1.0, -1.0),
            (-1.0, 1.0),
            (-1.0, -1.0),
        ] {
            let lat = (latitude + dy * step).clamp(-90.0, 90.0);
            let lon = longitude + dx * step;
            if let Some(zone) = FINDER.get_tz_names(lon, lat).into_iter().find(|z| fits(z)) {
                return Some(ZoneAnswer {
                    zone: zone.to_string(),
                    from: ZoneFrom::NearbyBoundaries,
                });
            }
        }
    }
    // Nothing nearby in the country: what the boundaries say, if jiff knows it.
    here.into_iter()
        .find(|z| known(z))
        .map(|zone| ZoneAnswer {
            zone: zone.to_string(),
            from: ZoneFrom::Boundaries,
        })
        .or_else(|| {
            country_zones
                .first()
                .filter(|z| known(z))
                .map(|zone| ZoneAnswer {
                    zone: (*zone).to_string(),
                    from: ZoneFrom::Country,
                })
        })
}

/// The zone the boundaries alone give (no country), for tests and the
/// command line.
pub fn boundary_zone(latitude: f64, longitude: f64) -> String {
    FINDER.get_tz_name(longitude, latitude).to_string()
}
