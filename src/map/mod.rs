//! The world map without a window: the projection, great-circle arcs, the
//! bundled land, where labels go, what a project puts on the map, the port
//! catalogue and the time zone of a place. No egui: the map view
//! and the PNG export both
//! draw what this module works out.

pub mod catalogue;
pub mod labels;
pub mod land;
pub mod scene;
pub mod zone_lookup;

/// The version and every bundled dataset with its source and licence, as
/// their licences ask (Help → About and the README say the same).
pub fn about_lines() -> Vec<String> {
    [
        concat!("Trade Mission Planner ", env!("CARGO_PKG_VERSION"), ": plan a trade mission and its agreements, offline.").to_string(),
        "Bundled data, with their sources and licences:".to_string(),
        "Land: Natural Earth, 1:110m and 1:50m land (public domain), naturalearthdata.com.".to_string(),
        "Sea ports: UN/LOCODE, UNECE (editions 2024-2 and 2021-2), published for free use.".to_string(),
        "Harbours: World Port Index (Pub. 150), US National Geospatial-Intelligence Agency; a US Government work, public domain.".to_string(),
        "Time zones of places: tzf-rs with timezone-boundary-builder data, \u{a9} OpenStreetMap contributors, Open Database License (ODbL 1.0).".to_string(),
        "Time-zone rules: the IANA tz database (public domain), through jiff.".to_string(),
        "Windows zone names: Unicode CLDR windowsZones.xml (Unicode licence, assets/zones/LICENSE-CLDR.txt).".to_string(),
        "Briefing font: Libertinus Serif (SIL Open Font License 1.1, assets/fonts/OFL.txt).".to_string(),
        "Nothing is fetched from the network; every map, port and zone above ships with the app.".to_string(),
    ]
    .into()
}

/// Web Mercator's latitude limit: the world is a square there, and the
/// poles (infinitely far away) are not drawn.
pub const MAX_LATITUDE: f64 = 85.051_128_78;

/// Mean Earth radius (IUGG), kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point in map units: `x` is the longitude in degrees, unwrapped (it may
/// run past ±180 so that a line across the Pacific stays continuous), and
/// `y` is the Mercator ordinate scaled to degrees (north is up, `y` grows
/// northwards). One turn of the world is 360 units wide and, to
/// [`MAX_LATITUDE`], 360 units high.
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct MapPoint {
    pub x: f64,
    pub y: f64,
}

/// Width of the world in map units.
pub const WORLD_WIDTH: f64 = 360.0;

/// The Mercator ordinate of a latitude, in degree units (clamped to
/// [`MAX_LATITUDE`]).
pub fn mercator_y(latitude: f64) -> f64 {
    let phi = latitude.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    (std::f64::consts::FRAC_PI_4 + phi / 2.0)
        .tan()
        .ln()
        .to_degrees()
}

/// The latitude of a Mercator ordinate (inverse of [`mercator_y`]).
pub fn latitude_of(y: f64) -> f64 {
    (2.0 * y.to_radians().exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees()
}

/// Projects a place. Longitudes are taken as given (−180..180 for stored
/// ports); see [`unwrap_near`] to bring one next to another.
pub fn project(latitude: f64, longitude: f64) -> MapPoint {
    MapPoint {
        x: longitude,
        y: mercator_y(latitude),
    }
}

/// `longitude` moved by whole turns to lie within 180° of `reference`.
pub fn unwrap_near(longitude: f64, reference: f64) -> f64 {
    // Whole turns at once: a loop of 360° steps never ends for 1e308.
    let turns = ((longitude - reference) / 360.0).round();
    if !turns.is_finite() {
        return longitude;
    }
    let lon = longitude - turns * 360.0;
    // Rounding leaves exactly ±180 either way; keep within the half-open turn.
    if lon - reference > 180.0 {
        lon - 360.0
    } else if lon - reference < -180.0 {
        lon + 360.0
    } else {
        lon
    }
}

/// Great-circle distance between two places, kilometres (haversine).
pub fn haversine_km(from: (f64, f64), to: (f64, f64)) -> f64 {
    let (lat1, lon1) = (from.0.to_radians(), from.1.to_radians());
    let (lat2, lon2) = (to.0.to_radians(), to.1.to_radians());
    let a = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Points along the shorter great circle from `from` to `to` (each
/// `(latitude, longitude)` in degrees), `segments + 1` of them, with
/// longitudes unwrapped so that consecutive points never differ by more
/// than 180°: Los Angeles–Tokyo runs west across the antimeridian as one
/// continuous line (to x < −180), never jumping across the map.
pub fn great_circle(from: (f64, f64), to: (f64, f64), segments: usize) -> Vec<(f64, f64)> {
    let segments = segments.max(1);
    let to_vec = |(lat, lon): (f64, f64)| {
        let (lat, lon) = (lat.to_radians(), lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let a = to_vec(from);
    let b = to_vec(to);
    let dot = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]).clamp(-1.0, 1.0);
    let omega = dot.acos();
    // Opposite places: every great circle joins them and the interpolation
    // below is undefined, so go by the one through the North Pole (or, from
    // a pole, by the Greenwich meridian's), as two halves.
    if std::f64::consts::PI - omega < 1e-6 {
        // A quarter turn northwards along `from`'s meridian (over the pole
        // onto the opposite meridian when `from` is north of the equator).
        let middle = if from.0.abs() > 89.999 {
            (0.0, 0.0)
        } else if from.0 <= 0.0 {
            (from.0 + 90.0, from.1)
        } else {
            (90.0 - from.0, from.1 + 180.0)
        };
        let half = segments.div_ceil(2);
        let mut points = great_circle(from, middle, half);
        let rest = great_circle(middle, to, segments - half);
        let mut previous = points.last().map_or(from.1, |p| p.1);
        for (lat, lon) in rest.into_iter().skip(1) {
            let lon = unwrap_near(lon, previous);
            previous = lon;
            points.push((lat, lon));
        }
        return points;
    }
    let mut points = Vec::with_capacity(segments + 1);
    let mut previous_lon = from.1;
    for i in 0..=segments {
        let t = i as f64 / segments as f64;
        let (lat, lon) = if omega.abs() < 1e-12 {
            (from.0, from.1)
        } else {
            // Spherical linear interpolation between the two unit vectors.
            let s = omega.sin();
            let wa = ((1.0 - t) * omega).sin() / s;
            let wb = (t * omega).sin() / s;
            let p = [
                wa * a[0] + wb * b[0],
                wa * a[1] + wb * b[1],
                wa * a[2] + wb * b[2],
            ];
            let lat = p[2].atan2((p[0] * p[0] + p[1] * p[1]).sqrt()).to_degrees();
            let lon = p[1].atan2(p[0]).to_degrees();
            (lat, lon)
        };
        let lon = unwrap_near(lon, previous_lon);
        previous_lon = lon;
        points.push((lat, lon));
    }
    points
}

/// The arc as map points, with as many segments as its length needs
/// (about one every 2°, at least 8).
pub fn arc_points(from: (f64, f64), to: (f64, f64)) -> Vec<MapPoint> {
    let degrees = haversine_km(from, to) / EARTH_RADIUS_KM * 180.0 / std::f64::consts::PI;
    let segments = ((degrees / 2.0).ceil() as usize).clamp(8, 180);
    great_circle(from, to, segments)
        .into_iter()
        .map(|(lat, lon)| project(lat, lon))
        .collect()
}

/// `points` moved sideways by `distance` (to the left of the direction of
/// travel, in the same units): an agreement drawn beside the corridor
/// between the same ports instead of on top of it.
pub fn offset_polyline(points: &[[f32; 2]], distance: f32) -> Vec<[f32; 2]> {
    let n = points.len();
    (0..n)
        .map(|i| {
            let a = points[i.saturating_sub(1)];
            let b = points[(i + 1).min(n - 1)];
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let length = (dx * dx + dy * dy).sqrt();
            if length == 0.0 {
                return points[i];
            }
            [
                points[i][0] - dy / length * distance,
                points[i][1] + dx / length * distance,
            ]
        })
        .collect()
}

/// `points` with those dropped that lie within `tolerance` of the line
/// through the ones kept (Douglas–Peucker; the ends are always kept): a
/// great circle drawn zoomed out needs a dozen points, not a hundred.
pub fn simplify_polyline(points: &[[f32; 2]], tolerance: f32) -> Vec<[f32; 2]> {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let (a, b) = (points[first], points[last]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let length = (dx * dx + dy * dy).sqrt();
        let mut farthest = (first, 0.0_f32);
        for (i, p) in points.iter().enumerate().take(last).skip(first + 1) {
            let distance = if length == 0.0 {
                ((p[0] - a[0]).powi(2) + (p[1] - a[1]).powi(2)).sqrt()
            } else {
                ((p[0] - a[0]) * dy - (p[1] - a[1]) * dx).abs() / length
            };
            if distance > farthest.1 {
                farthest = (i, distance);
            }
        }
        if farthest.1 > tolerance {
            keep[farthest.0] = true;
            stack.push((first, farthest.0));
            stack.push((farthest.0, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// A rectangle in map units (`min` south-west, `max` north-east).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct MapRect {
    pub min: MapPoint,
    pub max: MapPoint,
}

impl MapRect {
    /// What a view `width` × `height` (screen units) around `centre` shows
    /// at `scale` screen units a map unit.
    pub fn around(centre: MapPoint, scale: f64, width: f64, height: f64) -> Self {
        let half_w = width / scale / 2.0;
        let half_h = height / scale / 2.0;
        Self {
            min: MapPoint {
                x: centre.x - half_w,
                y: centre.y - half_h,
            },
            max: MapPoint {
                x: centre.x + half_w,
                y: centre.y + half_h,
            },
        }
    }

    /// The whole turns this rectangle must move east by to meet `visible`
    /// (the world repeats sideways).
    pub fn copies_in(&self, visible: &MapRect) -> std::ops::RangeInclusive<i32> {
        let first = ((visible.min.x - self.max.x) / WORLD_WIDTH).ceil() as i32;
        let last = ((visible.max.x - self.min.x) / WORLD_WIDTH).floor() as i32;
        first..=last
    }

    pub fn intersects(&self, other: &MapRect) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    pub fn width(&self) -> f64 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f64 {
        self.max.y - self.min.y
    }

    /// The rectangle moved east by `dx` map units.
    pub fn shifted(&self, dx: f64) -> Self {
        Self {
            min: MapPoint {
                x: self.min.x + dx,
                y: self.min.y,
            },
            max: MapPoint {
                x: self.max.x + dx,
                y: self.max.y,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trips_and_is_square_at_its_limit() {
        for lat in [-80.0, -33.9, 0.0, 1.28, 35.45, 60.0, 85.0] {
            assert!((latitude_of(mercator_y(lat)) - lat).abs() < 1e-9, "{lat}");
        }
        assert!((mercator_y(MAX_LATITUDE) - 180.0).abs() < 1e-6);
        assert_eq!(mercator_y(90.0), mercator_y(MAX_LATITUDE));
    }

    #[test]
    fn simplifying_keeps_the_ends_and_the_corners() {
        let line = [[0.0, 0.0], [1.0, 0.01], [2.0, 0.0], [3.0, 5.0], [4.0, 0.0]];
        assert_eq!(
            simplify_polyline(&line, 0.1),
            [[0.0, 0.0], [2.0, 0.0], [3.0, 5.0], [4.0, 0.0]]
        );
        assert_eq!(simplify_polyline(&line[..2], 0.1), line[..2]);
    }

    #[test]
    fn unwrapping_brings_a_longitude_within_half_a_turn() {
        assert_eq!(unwrap_near(139.7, -118.2), 139.7 - 360.0);
        assert_eq!(unwrap_near(-118.2, 139.7), -118.2 + 360.0);
        assert_eq!(unwrap_near(10.0, 0.0), 10.0);
    }
}
