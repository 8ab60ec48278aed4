//! Time-zone names as people and programs write them, read as IANA zones:
//! one place for the abbreviations and countries the zone search of the
//! forms matches, the Windows names Outlook writes, vendor-prefixed ids, and
//! finding the IANA zone whose rules a calendar's own zone definition
//! follows.

pub mod matching;
pub mod search;
pub mod windows;

use jiff::tz::TimeZone;

/// How a name was read as an IANA zone (said in import reports).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NameKind {
    /// An IANA name as it is.
    Iana,
    /// An IANA name after a vendor's prefix (`/mozilla.org/…/Europe/Berlin`).
    VendorPrefix,
    /// A Windows zone name or display name, through the CLDR table.
    Windows,
}

/// The IANA zone a calendar's TZID names, and how it was found: an IANA
/// name, one behind a vendor prefix (`/…/Area/City`), or a Windows name.
/// `None` when the name alone does not say (then the file's own zone
/// definition decides).
pub fn iana_zone_named(name: &str) -> Option<(TimeZone, NameKind)> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if let Ok(zone) = TimeZone::get(name) {
        return Some((zone, NameKind::Iana));
    }
    if name.contains('/') {
        let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
        // The longest tail first: America/Argentina/Buenos_Aires has three parts.
        for take in (1..=parts.len().min(3)).rev() {
            let tail = parts[parts.len() - take..].join("/");
            if tail.len() < name.len()
                && (take > 1 || !tail.contains(['.', ' ']))
                && let Ok(zone) = TimeZone::get(&tail)
            {
                return Some((zone, NameKind::VendorPrefix));
            }
        }
    }
    let iana = windows::iana_for_windows_name(name)?;
    Some((TimeZone::get(iana).ok()?, NameKind::Windows))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn named(name: &str) -> Option<(String, NameKind)> {
        iana_zone_named(name).map(|(zone, kind)| (zone.iana_name().unwrap().to_owned(), kind))
    }

    #[test]
    fn iana_vendor_prefixed_and_windows_names_are_read() {
        assert_eq!(
            named("Asia/Tokyo"),
            Some(("Asia/Tokyo".into(), NameKind::Iana))
        );
        assert_eq!(
            named("/mozilla.org/20070129_1/America/New_York"),
            Some(("America/New_York".into(), NameKind::VendorPrefix))
        );
        assert_eq!(
            named("/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"),
            Some(("Europe/Berlin".into(), NameKind::VendorPrefix))
        );
        assert_eq!(
            named("/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires"),
            Some((
                "America/Argentina/Buenos_Aires".into(),
                NameKind::VendorPrefix
            ))
        );
        assert_eq!(
            named("Tokyo Standard Time"),
            Some(("Asia/Tokyo".into(), NameKind::Windows))
        );
        assert_eq!(named("custom_America/New_York"), None);
        assert_eq!(named("Western/Central Europe"), None);
        assert_eq!(named("GMT +0100 (Standard) / GMT +0200 (Daylight)"), None);
        assert_eq!(named(""), None);
    }
}
