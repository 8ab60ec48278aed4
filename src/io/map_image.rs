//! The map as a picture, without a window or a GPU: what the Map view shows
//! (the same [`Scene`], land and label placement), typeset by typst
//! (`assets/map/map.typ`) and drawn by its tiny-skia renderer into a PNG.
//! The briefing book draws the same map with the same typst code, as
//! vectors.

use serde::Serialize;

use super::briefing::{self, BriefingError};
use crate::map::labels::{LabelRequest, place_labels};
use crate::map::land::{self, Detail};
use crate::map::scene::{MapFilters, Rgb, Scene};
use crate::map::{MapPoint, MapRect, WORLD_WIDTH};
use crate::model::Project;

/// The typst functions that draw a [`MapDrawing`] (`draw-map`).
pub const TYPST_LIBRARY: &str = include_str!("../../assets/map/map.typ");

/// Largest picture side, pixels (a 8K screen is 7680).
pub const MAX_SIDE: u32 = 8000;
/// Smallest picture side, pixels.
pub const MIN_SIDE: u32 = 64;

/// Which part of the world, how large.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct MapView {
    /// The map point in the middle.
    pub centre: MapPoint,
    /// Points (page units) per map unit.
    pub scale: f64,
    /// Size in points.
    pub width: f64,
    pub height: f64,
}

impl MapView {
    /// The view that shows every port of `scene` in `width` × `height`
    /// points (the whole world without ports).
    pub fn fitted(scene: &Scene, width: f64, height: f64) -> Self {
        let bounds = scene.bounds().unwrap_or(MapRect {
            min: MapPoint { x: 0.0, y: -70.0 },
            max: MapPoint { x: 360.0, y: 110.0 },
        });
        let w = bounds.width().max(2.0);
        let h = bounds.height().max(2.0);
        Self {
            centre: MapPoint {
                x: (bounds.min.x + bounds.max.x) / 2.0,
                y: (bounds.min.y + bounds.max.y) / 2.0,
            },
            // Never more than the whole world across, as on screen: a
            // second copy only repeats every port.
            scale: ((width / w).min(height / h) * 0.8).max(width / WORLD_WIDTH),
            width,
            height,
        }
    }

    fn visible(&self) -> MapRect {
        MapRect::around(self.centre, self.scale, self.width, self.height)
    }

    fn to_page(self, x: f64, y: f64) -> [f32; 2] {
        [
            (self.width / 2.0 + (x - self.centre.x) * self.scale) as f32,
            (self.height / 2.0 - (y - self.centre.y) * self.scale) as f32,
        ]
    }
}

/// Everything the typst template draws, in points from the top left.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct MapDrawing {
    /// Printed in the top-left corner of a picture (empty in the book,
    /// whose page has a heading).
    pub title: String,
    pub width: f64,
    pub height: f64,
    pub water: String,
    pub land_color: String,
    pub ink: String,
    /// Outer rings of land.
    pub land: Vec<Vec<[f32; 2]>>,
    /// Holes in the land (lakes), filled with water.
    pub holes: Vec<Vec<[f32; 2]>>,
    pub arcs: Vec<ArcDrawing>,
    pub ports: Vec<MarkerDrawing>,
    pub labels: Vec<LabelDrawing>,
    pub stops: Vec<StopDrawing>,
    pub legend: Vec<LegendRow>,
    pub credit: String,
}

#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct ArcDrawing {
    pub points: Vec<[f32; 2]>,
    pub color: String,
    pub dashed: bool,
    pub width: f32,
}

#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct MarkerDrawing {
    pub x: f32,
    pub y: f32,
    pub radius: f32,
    pub color: String,
}

#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct LabelDrawing {
    pub x: f32,
    pub y: f32,
    pub name: String,
    pub local: String,
}

#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct StopDrawing {
    pub x: f32,
    pub y: f32,
    /// The stop numbers at this port, "1–3".
    pub text: String,
}

#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct LegendRow {
    pub name: String,
    pub color: String,
    /// "line", "dashed" or "dot".
    pub style: crate::map::scene::LegendStyle,
}

/// How far an agreement is drawn beside a corridor between the same ports, points.
const AGREEMENT_OFFSET: f32 = 2.5;

/// Arcs are simplified to this many points off the true curve (a tenth of
/// a millimetre in print; a long arc keeps a dozen points, not a hundred).
const ARC_TOLERANCE: f32 = 0.25;

/// A route badge's radius, points.
const STOP_RADIUS: f32 = 7.0;

/// Labels' font size, points.
const LABEL_SIZE: f32 = 8.5;

/// Where the map's data come from, printed in its corner.
pub const CREDIT: &str = "Land: Natural Earth. Ports: UN/LOCODE (UNECE), World Port Index (NGA).";

fn hex(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// A label's size as typeset, estimated: Libertinus averages half an em a
/// Latin letter; Japanese and Chinese take a whole em.
fn label_size(name: &str, local: &str) -> [f32; 2] {
    let ems: f32 = name
        .chars()
        .chain(local.chars())
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.52 })
        .sum();
    let gap = if local.is_empty() { 0.0 } else { 0.4 };
    [(ems + gap) * LABEL_SIZE + 3.0, LABEL_SIZE * 1.35 + 2.0]
}

fn ring_on_page(view: &MapView, points: &[[f32; 2]], shift: f64) -> Vec<[f32; 2]> {
    points
        .iter()
        .map(|p| view.to_page(f64::from(p[0]) + shift, f64::from(p[1])))
        .collect()
}

fn point_rect(p: MapPoint) -> MapRect {
    MapRect { min: p, max: p }
}

/// What the picture of `scene` in `view` draws.
pub fn drawing(scene: &Scene, view: &MapView) -> MapDrawing {
    let visible = view.visible();
    let mut land_rings = Vec::new();
    let mut holes = Vec::new();
    let level = land::bundled().level(Detail::for_view_width(visible.width()));
    for polygon in &level.polygons {
        let Some(bounds) = polygon.bounds else {
            continue;
        };
        for k in bounds.copies_in(&visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            for (i, ring) in polygon.rings.iter().enumerate() {
                let points = ring_on_page(view, &polygon.points[ring.clone()], shift);
                if i == 0 {
                    land_rings.push(points);
                } else {
                    holes.push(points);
                }
            }
        }
    }

    let mut arcs = Vec::new();
    for arc in &scene.arcs {
        let mut bounds = point_rect(arc.points.first().copied().unwrap_or_default());
        for p in &arc.points {
            bounds.min.x = bounds.min.x.min(p.x);
            bounds.max.x = bounds.max.x.max(p.x);
            bounds.min.y = bounds.min.y.min(p.y);
            bounds.max.y = bounds.max.y.max(p.y);
        }
        for k in bounds.copies_in(&visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            arcs.push(ArcDrawing {
                points: crate::map::simplify_polyline(
                    &{
                        let points: Vec<[f32; 2]> = arc
                            .points
                            .iter()
                            .map(|p| view.to_page(p.x + shift, p.y))
                            .collect();
                        if arc.lane > 0 {
                            crate::map::offset_polyline(&points, AGREEMENT_OFFSET * arc.lane as f32)
                        } else {
                            points
                        }
                    },
                    ARC_TOLERANCE,
                ),
                color: hex(arc.color),
                dashed: arc.dashed,
                width: if arc.dashed { 1.2 } else { 2.0 },
            });
        }
    }

    let mut ports = Vec::new();
    let mut requests = Vec::new();
    let mut texts = Vec::new();
    for port in &scene.ports {
        for k in point_rect(port.point).copies_in(&visible) {
            let [x, y] = view.to_page(port.point.x + f64::from(k) * WORLD_WIDTH, port.point.y);
            let radius = match port.priority {
                0 => 3.5,
                1 => 3.0,
                _ => 2.2,
            };
            let color = crate::map::scene::port_color(port.priority);
            ports.push(MarkerDrawing {
                x,
                y,
                radius,
                color: hex(color),
            });
            requests.push(LabelRequest {
                anchor: [x, y],
                size: label_size(&port.name, &port.local_name),
                priority: port.priority,
            });
            // A name of nothing but spaces has no label (but its marker).
            if port.name.is_empty()
                && port.local_name.is_empty()
                && let Some(request) = requests.last_mut()
            {
                request.size = [0.0, 0.0];
            }
            texts.push((port.name.clone(), port.local_name.clone()));
        }
    }
    let mut stops = Vec::new();
    for badge in scene.route_badges() {
        for k in point_rect(badge.point).copies_in(&visible) {
            let [x, y] = view.to_page(badge.point.x + f64::from(k) * WORLD_WIDTH, badge.point.y);
            stops.push(StopDrawing {
                x,
                // Above its port, like a pin, clear of the marker and label.
                y: y - 13.0,
                text: badge.text.clone(),
            });
        }
    }

    // No label over a marker or a stop.
    let obstacles: Vec<crate::map::labels::LabelRect> = ports
        .iter()
        .map(|m| (m.x, m.y, m.radius + 0.6))
        .chain(stops.iter().map(|s| (s.x, s.y, STOP_RADIUS)))
        .map(|(x, y, r)| crate::map::labels::LabelRect {
            x: x - r,
            y: y - r,
            width: 2.0 * r,
            height: 2.0 * r,
        })
        .collect();
    let page = crate::map::labels::LabelRect {
        x: 0.0,
        y: 0.0,
        width: view.width as f32,
        height: view.height as f32,
    };
    let labels = place_labels(&requests, &obstacles, Some(page))
        .into_iter()
        .zip(texts)
        .filter(|(_, (name, local))| !(name.is_empty() && local.is_empty()))
        .filter_map(|(placed, (name, local))| {
            placed.map(|rect| LabelDrawing {
                x: rect.x,
                y: rect.y,
                name,
                local,
            })
        })
        .collect();

    let legend: Vec<LegendRow> = scene
        .legend()
        .into_iter()
        .map(|row| LegendRow {
            name: row.name,
            color: hex(row.color),
            style: row.style,
        })
        .collect();

    // A picture too small for a legend (a thumbnail) has none.
    let legend = if view.width >= 240.0 && view.height >= 160.0 {
        legend
    } else {
        Vec::new()
    };
    MapDrawing {
        title: String::new(),
        width: view.width,
        height: view.height,
        water: hex([205, 225, 240]),
        land_color: hex([238, 234, 222]),
        ink: hex([30, 30, 30]),
        land: land_rings,
        holes,
        arcs,
        ports,
        labels,
        stops,
        legend,
        credit: CREDIT.to_string(),
    }
}

/// The typst source that draws one map as a page of its own size.
fn page_source() -> String {
    format!(
        "{TYPST_LIBRARY}\n#let m = json(bytes(sys.inputs.data))\n\
         #set page(width: m.width * 1pt, height: m.height * 1pt, margin: 0pt)\n\
         #draw-map(m)\n"
    )
}

/// The map of `project` in `view` as a PNG, `pixels_per_point` pixels a point.
pub fn map_png(
    project: &Project,
    filters: &MapFilters,
    view: &MapView,
    pixels_per_point: f64,
    now: jiff::Timestamp,
) -> Result<Vec<u8>, BriefingError> {
    let scene = Scene::of(project, filters);
    let mut drawing = drawing(&scene, view);
    drawing.title = crate::io::briefing::shortened_title(&project.mission.title);
    png_of(&drawing, pixels_per_point, now)
}

/// Renders a drawing to PNG bytes.
pub fn png_of(
    drawing: &MapDrawing,
    pixels_per_point: f64,
    now: jiff::Timestamp,
) -> Result<Vec<u8>, BriefingError> {
    let json = serde_json::to_string(drawing).map_err(|e| BriefingError::Layout(e.to_string()))?;
    let text: String = drawing
        .labels
        .iter()
        .flat_map(|l| [l.name.as_str(), l.local.as_str()])
        .chain(drawing.legend.iter().map(|l| l.name.as_str()))
        .chain([drawing.credit.as_str(), drawing.title.as_str()])
        .collect();
    let document = briefing::compile(&json, &text, now, &page_source())?;
    let page = document
        .pages()
        .first()
        .ok_or_else(|| BriefingError::Layout("the map has no page".into()))?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(pixels_per_point),
        ..Default::default()
    };
    let pixmap = typst_render::render(page, &options);
    pixmap
        .encode_png()
        .map_err(|e| BriefingError::Pdf(format!("PNG: {e}")))
}
