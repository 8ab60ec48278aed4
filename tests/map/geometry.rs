use trade_mission_planner::map::labels::{LabelRect, LabelRequest, place_labels};
use trade_mission_planner::map::land::{self, Detail, ring_area, triangle_area};
use trade_mission_planner::map::scene::{MapFilters, Scene};
use trade_mission_planner::map::{
    EARTH_RADIUS_KM, WORLD_WIDTH, arc_points, great_circle, haversine_km, latitude_of,
};
use trade_mission_planner::sample::sample_project;

const LOS_ANGELES: (f64, f64) = (33.74, -118.27);
const TOKYO: (f64, f64) = (35.62, 139.79);

/// Length of a polyline of (lat, lon) points, summed leg by leg.
fn polyline_km(points: &[(f64, f64)]) -> f64 {
    points.windows(2).map(|w| haversine_km(w[0], w[1])).sum()
}

#[test]
fn los_angeles_to_tokyo_crosses_the_antimeridian_without_a_jump() {
    let points = arc_points(LOS_ANGELES, TOKYO);
    let first = points.first().unwrap();
    let last = points.last().unwrap();
    assert!((first.x - -118.27).abs() < 1e-9);
    // Westwards across the Pacific: Tokyo drawn at 139.79 − 360.
    assert!((last.x - (139.79 - 360.0)).abs() < 1e-6, "{last:?}");
    assert!(points.iter().any(|p| p.x < -180.0) && points.iter().any(|p| p.x > -180.0));
    for pair in points.windows(2) {
        let dx = (pair[1].x - pair[0].x).abs();
        assert!(dx < WORLD_WIDTH / 2.0, "a segment jumps {dx} units");
    }
    // The great circle bows north, towards the Aleutians.
    let northmost = points
        .iter()
        .map(|p| latitude_of(p.y))
        .fold(f64::MIN, f64::max);
    assert!(northmost > 45.0, "{northmost}");
}

#[test]
fn arcs_are_as_long_as_the_haversine_distance() {
    for (from, to) in [
        (LOS_ANGELES, TOKYO),
        (LOS_ANGELES, (31.22, 121.5)),
        (LOS_ANGELES, (1.26, 103.84)),
        ((51.95, 4.14), (-33.87, 151.2)),
        ((0.0, 179.5), (0.0, -179.5)),
    ] {
        let direct = haversine_km(from, to);
        let along = polyline_km(&great_circle(from, to, 64));
        assert!(
            (along - direct).abs() / direct < 0.005,
            "{from:?}→{to:?}: {along} km along, {direct} km direct"
        );
    }
    // Haversine itself against a known distance: LA–Tokyo is about 8,800 km.
    let la_tokyo = haversine_km(LOS_ANGELES, TOKYO);
    assert!((8700.0..8900.0).contains(&la_tokyo), "{la_tokyo}");
    assert!((EARTH_RADIUS_KM - 6371.0).abs() < 0.1);
}

#[test]
fn the_bundled_land_is_triangulated_completely() {
    let land = land::bundled();
    for (detail, min_polygons) in [(Detail::Coarse, 120), (Detail::Detailed, 1400)] {
        let level = land.level(detail);
        assert!(level.polygons.len() >= min_polygons, "{detail:?}");
        let (mut rings, mut triangles) = (0.0, 0.0);
        for polygon in &level.polygons {
            rings += ring_area(polygon);
            triangles += triangle_area(polygon);
        }
        assert!(
            (triangles - rings).abs() / rings < 0.01,
            "{detail:?}: triangles cover {triangles}, rings enclose {rings}"
        );
    }
}

#[test]
fn a_damaged_land_file_is_refused_not_trusted() {
    let bytes = include_bytes!("../../assets/map/land.bin");
    assert!(land::decode(bytes).is_ok());
    assert_eq!(land::decode(b"nonsense"), Err(land::LandError::Magic));
    for cut in [8, 12, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(land::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    // A count that promises more than the file holds is refused before allocating.
    let mut huge = b"TMPLAND1".to_vec();
    huge.extend_from_slice(&1u32.to_le_bytes());
    huge.extend_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(
        land::decode(&huge),
        Err(land::LandError::Truncated(_))
    ));
}

/// Whether two rectangles share any area, worked out here rather than
/// with the code under test (whose own `overlaps` a mutant may break).
fn share_area(a: &LabelRect, b: &LabelRect) -> bool {
    let x = (a.x + a.width).min(b.x + b.width) - a.x.max(b.x);
    let y = (a.y + a.height).min(b.y + b.height) - a.y.max(b.y);
    x > 0.0 && y > 0.0
}

/// A marker's square around its centre, 5 px each way.
fn markers(requests: &[LabelRequest]) -> Vec<LabelRect> {
    requests
        .iter()
        .map(|r| LabelRect {
            x: r.anchor[0] - 5.0,
            y: r.anchor[1] - 5.0,
            width: 10.0,
            height: 10.0,
        })
        .collect()
}

/// No label covers a marker (its own or another's).
fn assert_no_marker_hidden(placed: &[Option<LabelRect>], markers: &[LabelRect]) {
    for label in placed.iter().flatten() {
        for marker in markers {
            assert!(
                !share_area(label, marker),
                "{label:?} hides the marker {marker:?}"
            );
        }
    }
}

fn assert_no_overlap(placed: &[Option<LabelRect>]) {
    let rects: Vec<&LabelRect> = placed.iter().flatten().collect();
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(!share_area(a, b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn the_sample_missions_labels_do_not_overlap_and_its_busy_ports_are_named() {
    let project = sample_project().unwrap();
    let scene = Scene::of(&project, &MapFilters::default());
    let bounds = scene.bounds().unwrap();
    // Fit the ports into 1,000 × 600 pixels, as the map view does.
    let scale = (1000.0 / bounds.width()).min(600.0 / bounds.height()) * 0.8;
    let requests: Vec<LabelRequest> = scene
        .ports
        .iter()
        .map(|p| {
            let x = trade_mission_planner::map::unwrap_near(
                p.point.x,
                bounds.min.x + bounds.width() / 2.0,
            );
            LabelRequest {
                anchor: [
                    ((x - bounds.min.x) * scale + 100.0) as f32,
                    ((bounds.max.y - p.point.y) * scale + 60.0) as f32,
                ],
                size: [p.name.chars().count() as f32 * 7.0, 14.0],
                priority: p.priority,
            }
        })
        .collect();
    let markers = markers(&requests);
    let placed = place_labels(&requests, &markers, None);
    assert_no_overlap(&placed);
    assert_no_marker_hidden(&placed, &markers);
    for (port, label) in scene.ports.iter().zip(&placed) {
        if port.priority == 0 {
            assert!(label.is_some(), "{} has no label", port.name);
        }
    }
}

#[test]
fn a_thousand_crowded_labels_never_overlap_and_stay_inside() {
    // A deterministic scatter, crowded in one corner as real ports are.
    let mut seed = 12_345_u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as f32 / (1u64 << 31) as f32
    };
    let requests: Vec<LabelRequest> = (0..1000)
        .map(|i| {
            let crowd = if i % 3 == 0 { 0.2 } else { 1.0 };
            LabelRequest {
                anchor: [next() * 1200.0 * crowd, next() * 800.0 * crowd],
                size: [20.0 + next() * 100.0, 14.0],
                priority: (i % 3) as u32,
            }
        })
        .collect();
    let bounds = LabelRect {
        x: 0.0,
        y: 0.0,
        width: 1200.0,
        height: 800.0,
    };
    let markers = markers(&requests);
    let placed = place_labels(&requests, &markers, Some(bounds));
    assert_no_overlap(&placed);
    assert_no_marker_hidden(&placed, &markers);
    let shown = placed.iter().flatten().count();
    assert!(shown > 150, "only {shown} labels placed");
    for rect in placed.iter().flatten() {
        assert!(
            rect.x >= 0.0
                && rect.y >= 0.0
                && rect.x + rect.width <= 1200.0
                && rect.y + rect.height <= 800.0
        );
    }
}

#[test]
fn the_sample_draws_its_four_corridors_and_the_mous() {
    let project = sample_project().unwrap();
    let scene = Scene::of(&project, &MapFilters::default());
    let corridors = scene.arcs.iter().filter(|a| !a.dashed).count();
    assert_eq!(corridors, 4);
    assert!(
        scene
            .arcs
            .iter()
            .any(|a| a.dashed && a.label.contains("Tokyo"))
    );
    let filtered = Scene::of(
        &project,
        &MapFilters {
            hide_agreements: true,
            hidden_stages: [trade_mission_planner::model::CorridorStage::Announced].into(),
            ..MapFilters::default()
        },
    );
    assert!(
        filtered
            .arcs
            .iter()
            .all(|a| !a.dashed && a.state != "Announced")
    );
    assert_eq!(
        filtered.arcs.len(),
        1,
        "{:?}",
        filtered.arcs.iter().map(|a| &a.label).collect::<Vec<_>>()
    );
}

#[test]
fn agreements_between_the_same_ports_are_drawn_side_by_side() {
    let project = sample_project().unwrap();
    let scene = Scene::of(&project, &MapFilters::default());
    let tokyo: Vec<_> = scene
        .arcs
        .iter()
        .filter(|a| a.dashed && a.label.contains("Tokyo"))
        .map(|a| a.lane)
        .collect();
    assert!(tokyo.len() >= 2, "{tokyo:?}");
    let mut lanes = tokyo.clone();
    lanes.sort();
    lanes.dedup();
    assert_eq!(
        lanes.len(),
        tokyo.len(),
        "each on a lane of its own: {tokyo:?}"
    );
    assert!(scene.arcs.iter().filter(|a| !a.dashed).all(|a| a.lane == 0));
}

#[test]
fn a_days_stops_at_one_port_share_a_badge_and_a_day_without_any_says_so() {
    let project = sample_project().unwrap();
    let monday = Scene::of(
        &project,
        &MapFilters {
            day: Some(jiff::civil::date(2023, 3, 13)),
            ..MapFilters::default()
        },
    );
    assert_eq!(monday.route.len(), 3, "{:?}", monday.route);
    let badges = monday.route_badges();
    assert_eq!(badges.len(), 1);
    assert_eq!(badges[0].text, "1–3");
    let times: Vec<&str> = monday.route.iter().map(|s| s.time.as_str()).collect();
    assert_eq!(
        times,
        ["09:30", "14:00", "18:00"],
        "in order, in Tokyo time"
    );
    assert!(
        monday
            .legend()
            .iter()
            .any(|row| row.name == "Route of Mon 13 Mar: 3 stops")
    );

    let saturday = Scene::of(
        &project,
        &MapFilters {
            day: Some(jiff::civil::date(2023, 3, 11)),
            ..MapFilters::default()
        },
    );
    assert!(saturday.route.is_empty());
    assert!(
        saturday
            .legend()
            .iter()
            .any(|row| row.name == "No events at a port on Sat 11 Mar")
    );
}

#[test]
fn the_legend_follows_the_pipeline() {
    let project = sample_project().unwrap();
    let names: Vec<String> = Scene::of(&project, &MapFilters::default())
        .legend()
        .into_iter()
        .map(|row| row.name)
        .collect();
    assert_eq!(
        names,
        [
            "Port in an agreement or event",
            "Corridor: Announced",
            "Corridor: Implementation",
            "Agreement: Idea",
            "Agreement: Signed",
            "Agreement: In force",
        ]
    );
}

#[test]
fn opposite_places_are_joined_by_one_great_circle_over_the_pole() {
    for (from, to) in [
        ((45.0, 10.0), (-45.0, -170.0)),
        ((64.1, -21.9), (-64.1, 158.1)),
        ((90.0, 0.0), (-90.0, 0.0)),
        ((-30.0, 120.0), (30.0, -60.0)),
    ] {
        let points = great_circle(from, to, 64);
        let along = polyline_km(&points);
        let half_the_world = std::f64::consts::PI * EARTH_RADIUS_KM;
        assert!(
            (along - half_the_world).abs() / half_the_world < 0.005,
            "{from:?}→{to:?}: {along} km"
        );
        assert!((points[0].0 - from.0).abs() < 1e-9);
        let last = points.last().unwrap();
        assert!(
            (last.0 - to.0).abs() < 1e-6,
            "{from:?}→{to:?} ends at {last:?}"
        );
        for pair in points.windows(2) {
            assert!(
                (pair[1].1 - pair[0].1).abs() < WORLD_WIDTH / 2.0,
                "{pair:?}"
            );
        }
    }
}

#[test]
fn absurd_longitudes_come_back_at_once() {
    // A loop of 360° steps would never end for these.
    for lon in [1e308, -1e308, 1e16, 7.2e5 + 10.0] {
        let unwrapped = trade_mission_planner::map::unwrap_near(lon, 0.0);
        assert!(
            unwrapped.abs() <= 180.0 || !unwrapped.is_finite() || lon.abs() > 1e15,
            "{lon} → {unwrapped}"
        );
    }
    assert_eq!(
        trade_mission_planner::map::unwrap_near(f64::INFINITY, 0.0),
        f64::INFINITY
    );
    assert!(trade_mission_planner::map::unwrap_near(f64::NAN, 0.0).is_nan());
}

#[test]
fn rectangles_overlap_only_when_they_share_area() {
    let rect = |x: f32, y: f32, width: f32, height: f32| LabelRect {
        x,
        y,
        width,
        height,
    };
    let a = rect(0.0, 0.0, 10.0, 10.0);
    for (b, expected) in [
        (rect(10.0, 0.0, 5.0, 5.0), false),   // touching on the right
        (rect(-5.0, 0.0, 5.0, 5.0), false),   // touching on the left
        (rect(0.0, 10.0, 5.0, 5.0), false),   // touching below
        (rect(0.0, -5.0, 5.0, 5.0), false),   // touching above
        (rect(9.9, 9.9, 5.0, 5.0), true),     // a corner
        (rect(-1.0, 2.0, 1.5, 1.0), true),    // the left edge
        (rect(2.0, -1.0, 1.0, 1.5), true),    // the top edge
        (rect(2.0, 2.0, 1.0, 1.0), true),     // inside
        (rect(-5.0, -5.0, 20.0, 20.0), true), // around
        (rect(20.0, 20.0, 1.0, 1.0), false),
    ] {
        assert_eq!(a.overlaps(&b), expected, "{b:?}");
        assert_eq!(b.overlaps(&a), expected, "{b:?} the other way");
        assert_eq!(
            share_area(&a, &b),
            expected,
            "the test's own check agrees: {b:?}"
        );
    }
}

#[test]
fn labels_west_and_south_of_the_origin_never_overlap_either() {
    // World pixels are negative for ports west of Greenwich and south of
    // the equator: the placement's grid must hold them as well.
    let mut seed = 99_u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as f32 / (1u64 << 31) as f32
    };
    let requests: Vec<LabelRequest> = (0..400)
        .map(|i| LabelRequest {
            anchor: [-5000.0 + next() * 600.0, -3000.0 + next() * 400.0],
            size: [30.0 + next() * 80.0, 14.0],
            priority: (i % 3) as u32,
        })
        .collect();
    let markers = markers(&requests);
    let placed = place_labels(&requests, &markers, None);
    assert_no_overlap(&placed);
    assert_no_marker_hidden(&placed, &markers);
    assert!(placed.iter().flatten().count() > 40);
}

#[test]
fn a_label_without_a_place_is_left_out() {
    let at = |x: f32, y: f32| LabelRequest {
        anchor: [x, y],
        size: [40.0, 12.0],
        priority: 0,
    };
    let placed = place_labels(
        &[at(f32::NAN, 10.0), at(10.0, f32::INFINITY), at(10.0, 10.0)],
        &[],
        None,
    );
    assert_eq!(placed[0], None);
    assert_eq!(placed[1], None);
    assert!(placed[2].is_some());
}
