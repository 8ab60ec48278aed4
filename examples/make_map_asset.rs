//! Makes `assets/map/land.bin` from Natural Earth's land GeoJSON, once:
//! projects every ring to map units, simplifies the 1:50m rings
//! (Douglas–Peucker, 0.02 map units, about 2 km at the equator) and
//! triangulates each polygon with earcut, so the app never parses GeoJSON
//! and fills ready-made triangles.
//!
//! `cargo run --example make_map_asset -- ../shared/data assets/map/land.bin`

use std::path::{Path, PathBuf};

use trade_mission_planner::map::land::{self, Land, LandLevel, LandPolygon};
use trade_mission_planner::map::{MapPoint, MapRect, project};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "assets/map/land.bin".into()));
    let land = Land {
        coarse: level(&data.join("ne_110m_land.geojson"), 0.0)?,
        detailed: level(&data.join("ne_50m_land.geojson"), 0.02)?,
    };
    let bytes = land::encode(&land);
    std::fs::write(&out, &bytes)?;
    for (name, level) in [("1:110m", &land.coarse), ("1:50m", &land.detailed)] {
        let points: usize = level.polygons.iter().map(|p| p.points.len()).sum();
        let triangles: usize = level.polygons.iter().map(|p| p.triangles.len() / 3).sum();
        eprintln!(
            "{name}: {} polygons, {points} points, {triangles} triangles",
            level.polygons.len()
        );
    }
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

type Ring = Vec<[f64; 2]>;

fn level(path: &Path, tolerance: f64) -> Result<LandLevel, Box<dyn std::error::Error>> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path)?)?;
    let mut polygons = Vec::new();
    for feature in json["features"].as_array().into_iter().flatten() {
        let geometry = &feature["geometry"];
        let coordinates = &geometry["coordinates"];
        let parts: Vec<&serde_json::Value> = match geometry["type"].as_str() {
            Some("Polygon") => vec![coordinates],
            Some("MultiPolygon") => coordinates.as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        for part in parts {
            let rings: Vec<Ring> = part
                .as_array()
                .into_iter()
                .flatten()
                .map(|ring| projected_ring(ring, tolerance))
                .collect();
            if let Some(polygon) = triangulated(&rings) {
                polygons.push(polygon);
            }
        }
    }
    Ok(LandLevel { polygons })
}

fn projected_ring(ring: &serde_json::Value, tolerance: f64) -> Ring {
    let mut points: Ring = ring
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let lon = p.get(0)?.as_f64()?;
            let lat = p.get(1)?.as_f64()?;
            let MapPoint { x, y } = project(lat, lon);
            Some([x, y])
        })
        .collect();
    // GeoJSON closes rings; earcut wants them open.
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    points.dedup();
    if tolerance > 0.0 && points.len() > 8 {
        points = simplify(&points, tolerance);
    }
    points
}

/// Douglas–Peucker on a closed ring, keeping its first point and the point
/// farthest from it so that the ring cannot collapse.
fn simplify(ring: &[[f64; 2]], tolerance: f64) -> Ring {
    let far = (1..ring.len())
        .max_by(|&a, &b| distance2(ring[0], ring[a]).total_cmp(&distance2(ring[0], ring[b])))
        .unwrap_or(0);
    let mut keep = vec![false; ring.len()];
    keep[0] = true;
    keep[far] = true;
    let mut closed = ring.to_vec();
    closed.push(ring[0]);
    let mut keep_closed = keep.clone();
    keep_closed.push(true);
    mark(&closed, 0, far, tolerance, &mut keep_closed);
    mark(&closed, far, closed.len() - 1, tolerance, &mut keep_closed);
    ring.iter()
        .zip(&keep_closed)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect()
}

fn mark(points: &[[f64; 2]], first: usize, last: usize, tolerance: f64, keep: &mut [bool]) {
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (index, distance) = (a + 1..b)
            .map(|i| (i, segment_distance(points[i], points[a], points[b])))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .unwrap_or((a, 0.0));
        if distance > tolerance {
            keep[index] = true;
            stack.push((a, index));
            stack.push((index, b));
        }
    }
}

fn distance2(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let length2 = distance2(a, b);
    if length2 == 0.0 {
        return distance2(p, a).sqrt();
    }
    let t =
        (((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2).clamp(0.0, 1.0);
    distance2(p, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]).sqrt()
}

fn triangulated(rings: &[Ring]) -> Option<LandPolygon> {
    let rings: Vec<&Ring> = rings.iter().filter(|r| r.len() >= 3).collect();
    if rings.is_empty() {
        return None;
    }
    let mut polygon = LandPolygon::default();
    let mut holes: Vec<u32> = Vec::new();
    let (mut min, mut max) = ([f64::MAX; 2], [f64::MIN; 2]);
    for (i, ring) in rings.iter().enumerate() {
        let start = polygon.points.len();
        if i > 0 {
            holes.push(start as u32);
        }
        for p in ring.iter() {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
            polygon.points.push([p[0] as f32, p[1] as f32]);
        }
        polygon.rings.push(start..polygon.points.len());
    }
    let mut earcut = earcut::Earcut::new();
    earcut.earcut(
        polygon
            .points
            .iter()
            .map(|p| [f64::from(p[0]), f64::from(p[1])]),
        &holes,
        &mut polygon.triangles,
    );
    polygon.bounds = Some(MapRect {
        min: MapPoint {
            x: min[0],
            y: min[1],
        },
        max: MapPoint {
            x: max[0],
            y: max[1],
        },
    });
    Some(polygon)
}
