//! What the map draws over the land, built once per zoom into meshes in
//! "world pixels" (map units × scale, y down) that panning only moves.
//! egui would tessellate a thousand circles and a thousand arcs anew every
//! frame (280,000 vertices measured, 10 ms a frame); here a marker is two
//! textured quads and a line two vertices a point, anti-aliased by their
//! textures, in chunks of longitude so that only what is in view is copied.

use egui::epaint::{Mesh, Vertex};
use egui::{Color32, ColorImage, Pos2, Rect, TextureHandle, TextureOptions, Vec2};

use crate::map::scene::{LegendEntry, Scene, port_color};
use crate::map::{offset_polyline, simplify_polyline};
use crate::model::EntityRef;

/// Arcs are simplified to this many pixels off the true curve: a quarter
/// of a pixel looks smooth; with hundreds of arcs a pixel keeps frames cheap.
const ARC_TOLERANCE: f32 = 0.25;
const ARC_TOLERANCE_CROWDED: f32 = 1.0;
const CROWDED: usize = 200;
/// An agreement is drawn this far beside a corridor between the same ports.
const AGREEMENT_OFFSET: f32 = -3.5;
/// Longitude a chunk of the overlay covers, degrees.
const CHUNK_DEGREES: f32 = 30.0;
/// Width of a marker's ring, pixels.
const RING: f32 = 1.3;

/// The two textures the overlay draws with: a soft-edged disc (markers)
/// and a soft-edged band (lines), both white and tinted by vertex colour.
pub(super) struct Textures {
    disc: TextureHandle,
    band: TextureHandle,
}

impl Textures {
    pub fn load(ctx: &egui::Context) -> Self {
        const DISC: usize = 32;
        let disc = ColorImage::from_rgba_unmultiplied(
            [DISC, DISC],
            &(0..DISC * DISC)
                .flat_map(|i| {
                    let (x, y) = ((i % DISC) as f32 + 0.5, (i / DISC) as f32 + 0.5);
                    let r = ((x - 16.0).powi(2) + (y - 16.0).powi(2)).sqrt();
                    let alpha = (16.0 - r).clamp(0.0, 1.0);
                    [255, 255, 255, (alpha * 255.0) as u8]
                })
                .collect::<Vec<u8>>(),
        );
        // Across the band: soft edges, opaque middle.
        let band_alpha = [0u8, 160, 255, 255, 255, 255, 160, 0];
        let band = ColorImage::from_rgba_unmultiplied(
            [1, band_alpha.len()],
            &band_alpha
                .iter()
                .flat_map(|a| [255, 255, 255, *a])
                .collect::<Vec<u8>>(),
        );
        Self {
            disc: ctx.load_texture("map marker", disc, TextureOptions::LINEAR),
            band: ctx.load_texture("map line", band, TextureOptions::LINEAR),
        }
    }
}

/// One slice of longitude of the overlay.
#[derive(Default)]
pub(super) struct Chunk {
    /// What it spans sideways, world pixels.
    pub span: (f32, f32),
    pub arcs: Mesh,
    pub markers: Mesh,
}

/// The meshes and the geometry a frame needs to pick what is under the pointer.
#[derive(Default)]
pub(super) struct Overlay {
    pub chunks: Vec<Chunk>,
    /// Each scene arc's simplified path and its bounds, world pixels.
    pub arc_paths: Vec<(Vec<Pos2>, Rect)>,
    /// Each port's marker centre and radius, world pixels.
    pub markers_at: Vec<(Pos2, f32)>,
    pub legend: Vec<LegendEntry>,
    /// The day's route badges: centre (world pixels), half their width,
    /// their text and the stops they stand for (indices into the route).
    pub badges: Vec<Badge>,
}

/// A route badge on the map: one a port, naming its stops ("1–3").
pub(super) struct Badge {
    pub at: Pos2,
    pub half_width: f32,
    pub text: String,
    pub stops: Vec<usize>,
}

/// A badge's radius (and half height), pixels.
pub(super) const BADGE_RADIUS: f32 = 10.0;
/// How far above its port a badge is drawn, pixels.
const BADGE_LIFT: f32 = 19.0;

/// A marker's radius and colour by its port's priority.
pub(super) fn marker_style(priority: u32) -> (f32, Color32) {
    let [r, g, b] = port_color(priority);
    let radius = match priority {
        0 => 5.5,
        1 => 4.5,
        _ => 3.5,
    };
    (radius, Color32::from_rgb(r, g, b))
}

impl Overlay {
    pub fn build(
        scene: &Scene,
        scale: f32,
        selected: Option<EntityRef>,
        dark: bool,
        textures: &Textures,
    ) -> Self {
        let mut overlay = Self::default();
        let tolerance = if scene.arcs.len() > CROWDED {
            ARC_TOLERANCE_CROWDED
        } else {
            ARC_TOLERANCE
        };
        let chunk_width = CHUNK_DEGREES * scale;
        let mut chunks: std::collections::BTreeMap<i32, Chunk> = Default::default();
        let new_chunk = || Chunk {
            span: (f32::MAX, f32::MIN),
            arcs: Mesh::with_texture(textures.band.id()),
            markers: Mesh::with_texture(textures.disc.id()),
        };
        for arc in &scene.arcs {
            let world: Vec<[f32; 2]> = arc
                .points
                .iter()
                .map(|p| [p.x as f32 * scale, -(p.y as f32) * scale])
                .collect();
            let world = if arc.lane > 0 {
                offset_polyline(&world, AGREEMENT_OFFSET * arc.lane as f32)
            } else {
                world
            };
            let path: Vec<Pos2> = simplify_polyline(&world, tolerance)
                .into_iter()
                .map(|[x, y]| Pos2::new(x, y))
                .collect();
            let bounds = Rect::from_points(&path);
            let width = match (arc.dashed, selected == Some(arc.target)) {
                (_, true) => 4.0,
                (false, false) => 2.5,
                (true, false) => 1.7,
            };
            let color = Color32::from_rgb(arc.color[0], arc.color[1], arc.color[2]);
            let chunk = chunks
                .entry((bounds.left() / chunk_width).floor() as i32)
                .or_insert_with(new_chunk);
            chunk.span = (
                chunk.span.0.min(bounds.left()),
                chunk.span.1.max(bounds.right()),
            );
            if arc.dashed {
                add_dashes(&mut chunk.arcs, &path, width / 2.0, color, 7.0, 5.0);
            } else {
                add_strip(&mut chunk.arcs, &path, width / 2.0, color);
            }
            overlay.arc_paths.push((path, bounds));
        }
        overlay.legend = scene.legend();
        overlay.badges = scene
            .route_badges()
            .into_iter()
            .map(|badge| Badge {
                // Above its port, like a pin, so that the port's marker and
                // label stay in view beside it.
                at: Pos2::new(
                    badge.point.x as f32 * scale,
                    -(badge.point.y as f32) * scale - BADGE_LIFT,
                ),
                // About 6.5 px a character of the badge's 11 px font.
                half_width: (badge.text.chars().count() as f32 * 3.3 + 5.0).max(BADGE_RADIUS),
                text: badge.text,
                stops: badge.stops,
            })
            .collect();
        let ring = if dark { Color32::BLACK } else { Color32::WHITE };
        for port in &scene.ports {
            let at = Pos2::new(port.point.x as f32 * scale, -(port.point.y as f32) * scale);
            let (radius, fill) = marker_style(port.priority);
            let chunk = chunks
                .entry((at.x / chunk_width).floor() as i32)
                .or_insert_with(new_chunk);
            let reach = radius + RING + 1.0;
            chunk.span = (
                chunk.span.0.min(at.x - reach),
                chunk.span.1.max(at.x + reach),
            );
            add_disc(&mut chunk.markers, at, radius, fill, ring);
            overlay.markers_at.push((at, radius));
        }
        overlay.chunks = chunks.into_values().collect();
        overlay
    }
}

/// `mesh` moved by `offset` (a copy: the cached one stays).
pub(super) fn moved(mesh: &Mesh, offset: Vec2) -> Mesh {
    Mesh {
        indices: mesh.indices.clone(),
        vertices: mesh
            .vertices
            .iter()
            .map(|v| Vertex {
                pos: v.pos + offset,
                ..*v
            })
            .collect(),
        texture_id: mesh.texture_id,
    }
}

/// Texture coordinates across the band texture: one edge, the other.
const BAND_EDGE: [Pos2; 2] = [Pos2::new(0.5, 0.0), Pos2::new(0.5, 1.0)];

/// A line along `points`, `half_width` each side: two vertices a point,
/// its soft edges from the band texture (half a pixel wider each side).
pub(super) fn add_strip(mesh: &mut Mesh, points: &[Pos2], half_width: f32, color: Color32) {
    if points.len() < 2 {
        return;
    }
    let reach = half_width + 0.75;
    let base = mesh.vertices.len() as u32;
    for (i, p) in points.iter().enumerate() {
        let before = points[i.saturating_sub(1)];
        let after = points[(i + 1).min(points.len() - 1)];
        let along = (after - before).normalized();
        let normal = Vec2::new(-along.y, along.x);
        mesh.vertices.extend([
            Vertex {
                pos: *p + normal * reach,
                uv: BAND_EDGE[0],
                color,
            },
            Vertex {
                pos: *p - normal * reach,
                uv: BAND_EDGE[1],
                color,
            },
        ]);
    }
    for i in 0..points.len() as u32 - 1 {
        let a = base + 2 * i;
        mesh.indices.extend([a, a + 1, a + 2, a + 1, a + 3, a + 2]);
    }
}

/// Dashes along `points`: `dash` pixels drawn, `gap` left out.
pub(super) fn add_dashes(
    mesh: &mut Mesh,
    points: &[Pos2],
    half_width: f32,
    color: Color32,
    dash: f32,
    gap: f32,
) {
    let mut current: Vec<Pos2> = Vec::new();
    let mut drawing = true;
    let mut left = dash;
    for pair in points.windows(2) {
        let (mut from, to) = (pair[0], pair[1]);
        if drawing && current.is_empty() {
            current.push(from);
        }
        let mut remaining = from.distance(to);
        while remaining > left {
            let cut = from + (to - from).normalized() * left;
            remaining -= left;
            if drawing {
                current.push(cut);
                add_strip(mesh, &current, half_width, color);
                current.clear();
                left = gap;
            } else {
                current.push(cut);
                left = dash;
            }
            drawing = !drawing;
            from = cut;
        }
        left -= remaining;
        if drawing {
            current.push(to);
        }
    }
    if drawing {
        add_strip(mesh, &current, half_width, color);
    }
}

/// A round marker: the disc texture twice, a ring colour under the fill.
pub(super) fn add_disc(mesh: &mut Mesh, centre: Pos2, radius: f32, fill: Color32, ring: Color32) {
    let whole = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
    mesh.add_rect_with_uv(
        Rect::from_center_size(centre, Vec2::splat(2.0 * (radius + RING))),
        whole,
        ring,
    );
    mesh.add_rect_with_uv(
        Rect::from_center_size(centre, Vec2::splat(2.0 * radius)),
        whole,
        fill,
    );
}
