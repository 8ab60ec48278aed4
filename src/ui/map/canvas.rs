//! The map itself: input, the land in view, the cached overlay moved to
//! where the view is, labels, the day's route, the legend, hover and click.

use std::sync::Arc;

use egui::{Align2, Color32, FontId, Galley, Key, Pos2, Rect, Sense, Shape, Stroke, Ui, Vec2};

use super::overlay::{Overlay, moved};
use super::{LABEL_FONT, MapState, PICK_RADIUS, color, palette};
use crate::map::labels::{LabelRequest, place_labels};
use crate::map::land::{self, Detail};
use crate::map::scene::{LegendStyle, Scene};
use crate::map::{MapPoint, MapRect, WORLD_WIDTH, unwrap_near};
use crate::model::EntityRef;
use crate::ui::ViewCtx;

/// Converts map points to screen positions for one frame.
#[derive(Clone, Copy)]
struct Transform {
    origin: Pos2,
    centre: MapPoint,
    scale: f32,
}

impl Transform {
    fn screen_of(self, p: MapPoint, shift: f64) -> Pos2 {
        Pos2::new(
            self.origin.x + ((p.x + shift - self.centre.x) as f32) * self.scale,
            self.origin.y - ((p.y - self.centre.y) as f32) * self.scale,
        )
    }

    fn screen_of_f32(self, [x, y]: [f32; 2], shift: f64) -> Pos2 {
        Pos2::new(
            self.origin.x + ((f64::from(x) + shift - self.centre.x) as f32) * self.scale,
            self.origin.y - ((f64::from(y) - self.centre.y) as f32) * self.scale,
        )
    }

    /// Where world pixels (see [`super::OverlayCache`]) land on screen,
    /// for the copy of the world `turns` turns east.
    fn world_offset(self, turns: i32) -> Vec2 {
        let shift = f64::from(turns) * WORLD_WIDTH;
        Vec2::new(
            self.origin.x + ((shift - self.centre.x) as f32) * self.scale,
            self.origin.y + (self.centre.y as f32) * self.scale,
        )
    }

    /// The copies of something spanning `span` world pixels sideways that
    /// meet the screen `rect`.
    fn copies(self, span: (f32, f32), rect: Rect) -> std::ops::RangeInclusive<i32> {
        let turn = self.scale * WORLD_WIDTH as f32;
        let offset = self.world_offset(0).x;
        let first = ((rect.left() - offset - span.1) / turn).ceil() as i32;
        let last = ((rect.right() - offset - span.0) / turn).floor() as i32;
        first..=last
    }
}

/// What the pointer is over.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Hit {
    Port(usize),
    Arc(usize),
    /// A route badge (index into the overlay's badges).
    Stop(usize),
}

pub(super) fn canvas_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut MapState) {
    let size = ui.available_size().max(Vec2::new(200.0, 150.0));
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    // Named, or a screen reader calls it "unknown"; each port and route
    // badge on it is a button of its own.
    crate::ui::widgets::set_accessible_name(
        &response,
        egui::Role::Canvas,
        "Map of the ports and corridors",
    );
    let rect = response.rect;
    state.canvas = rect.size();
    if !state.fitted {
        state.fit(ctx.project, ctx.generation, rect.size());
        state.fitted = true;
    }
    input(ui, ctx, state, &response);
    if std::mem::take(&mut state.reveal) {
        reveal_selected(state, rect);
    }

    let dark = ui.visuals().dark_mode;
    let (water, land_color, ink) = palette(dark);
    let visible = state.visible(rect.size());
    let transform = Transform {
        origin: rect.center(),
        centre: state.centre,
        scale: state.scale,
    };
    painter.rect_filled(rect, 0.0, water);
    painter.add(Shape::mesh(land_mesh(&visible, &transform, land_color)));

    state.scene(ctx.project, ctx.generation);
    refresh_overlay(ui, state, dark, ink);
    let cache = &state.overlay;
    let overlay = &cache.overlay;
    // Each chunk of the overlay, in every copy of the world that shows it.
    let placed_chunks: Vec<(usize, Vec2)> = overlay
        .chunks
        .iter()
        .enumerate()
        .flat_map(|(i, chunk)| {
            transform
                .copies(chunk.span, rect)
                .map(move |turns| (i, transform.world_offset(turns)))
        })
        .collect();
    for (i, offset) in &placed_chunks {
        painter.add(Shape::mesh(moved(&overlay.chunks[*i].arcs, *offset)));
    }
    let scene = &state.scene.scene;
    route_lines_ui(&painter, scene, &visible, transform, ink);
    for (i, offset) in &placed_chunks {
        painter.add(Shape::mesh(moved(&overlay.chunks[*i].markers, *offset)));
    }
    let copies = transform.copies(overlay_span(overlay), rect);
    if let Some(EntityRef::Port(id)) = state.selected
        && let Some(i) = scene.ports.iter().position(|p| p.id == id)
    {
        let (at, radius) = overlay.markers_at[i];
        for turns in copies.clone() {
            painter.circle_stroke(
                at + transform.world_offset(turns),
                radius + 4.0,
                Stroke::new(2.5, ink),
            );
        }
    }
    labels_ui(
        &painter,
        &cache.galleys,
        &cache.placed,
        &cache.label_order,
        transform,
        rect,
        dark,
        ink,
    );
    let hit = response
        .hover_pos()
        .and_then(|pointer| pick(overlay, &cache.placed, transform, copies.clone(), pointer));
    // The arc under the pointer, brighter and wider.
    if let Some(Hit::Arc(i)) = hit {
        let (path, _) = &overlay.arc_paths[i];
        let arc = &scene.arcs[i];
        for turns in copies.clone() {
            let offset = transform.world_offset(turns);
            painter.add(Shape::line(
                path.iter().map(|p| *p + offset).collect(),
                Stroke::new(4.5, color(arc.color).gamma_multiply(0.9)),
            ));
        }
    }
    route_badges_ui(&painter, overlay, transform, copies.clone());
    let ports_on_screen: Vec<Pos2> = overlay
        .markers_at
        .iter()
        .flat_map(|(at, _)| copies.clone().map(move |turns| (*at, turns)))
        .map(|(at, turns)| at + transform.world_offset(turns))
        .filter(|at| rect.contains(*at))
        .collect();
    legend_ui(&painter, rect, &overlay.legend, &ports_on_screen, dark, ink);
    accessible_markers(ui, state, transform, rect);

    let scene = &state.scene.scene;
    let mut response = response;
    if let Some(hit) = hit {
        response = response.on_hover_ui_at_pointer(|ui| match hit {
            Hit::Port(i) => {
                let port = &scene.ports[i];
                ui.strong(&port.name);
                if !port.local_name.is_empty() {
                    ui.label(&port.local_name);
                }
                ui.label(format!(
                    "{}  {:.4}°, {:.4}°",
                    port.locode, port.latitude, port.longitude
                ));
            }
            Hit::Arc(i) => {
                let arc = &scene.arcs[i];
                ui.strong(&arc.label);
                ui.label(arc.legend_name());
            }
            Hit::Stop(b) => {
                for &stop in &state.overlay.overlay.badges[b].stops {
                    let stop = &scene.route[stop];
                    ui.label(format!("{}. {} {}", stop.number, stop.time, stop.title));
                }
            }
        });
    }
    if response.clicked() {
        state.selected = match hit {
            Some(Hit::Port(i)) => Some(EntityRef::Port(scene.ports[i].id)),
            Some(Hit::Arc(i)) => Some(scene.arcs[i].target),
            Some(Hit::Stop(b)) => state.overlay.overlay.badges[b]
                .stops
                .first()
                .map(|&stop| EntityRef::Port(scene.route[stop].port)),
            None => None,
        };
        state.reveal = state.selected.is_some();
    }
}

/// What the whole overlay spans sideways, world pixels.
fn overlay_span(overlay: &Overlay) -> (f32, f32) {
    overlay
        .chunks
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), c| {
            (a.min(c.span.0), b.max(c.span.1))
        })
}

/// What is under the pointer: a route badge, else a port's label, else
/// the nearest marker, else the nearest arc, within [`PICK_RADIUS`].
fn pick(
    overlay: &Overlay,
    labels: &[Option<crate::map::labels::LabelRect>],
    transform: Transform,
    copies: std::ops::RangeInclusive<i32>,
    pointer: Pos2,
) -> Option<Hit> {
    let mut best: Option<(Hit, f32)> = None;
    for turns in copies {
        // The pointer in world pixels of this copy.
        let at = pointer - transform.world_offset(turns);
        for (i, badge) in overlay.badges.iter().enumerate() {
            if (at.x - badge.at.x).abs() <= badge.half_width
                && (at.y - badge.at.y).abs() <= super::overlay::BADGE_RADIUS
            {
                return Some(Hit::Stop(i));
            }
        }
        // A label is a bigger target than its marker (and names the port
        // where markers overlap).
        for (i, label) in labels.iter().enumerate() {
            if let Some(label) = label
                && at.x >= label.x
                && at.x <= label.x + label.width
                && at.y >= label.y
                && at.y <= label.y + label.height
            {
                return Some(Hit::Port(i));
            }
        }
        for (i, (centre, radius)) in overlay.markers_at.iter().enumerate() {
            let distance = at.distance(*centre) - radius;
            if distance <= PICK_RADIUS / 2.0 && best.is_none_or(|(_, d)| distance < d) {
                best = Some((Hit::Port(i), distance));
            }
        }
        if best.is_some() {
            continue;
        }
        for (i, (path, bounds)) in overlay.arc_paths.iter().enumerate() {
            if !bounds.expand(PICK_RADIUS).contains(at) {
                continue;
            }
            let distance = distance_to_polyline(at, path);
            if distance <= PICK_RADIUS && best.is_none_or(|(_, d)| distance < d) {
                best = Some((Hit::Arc(i), distance));
            }
        }
    }
    best.map(|(hit, _)| hit)
}

/// Pans so that what was just selected shows, when the form opening
/// beside the map has pushed it out of view.
fn reveal_selected(state: &mut MapState, rect: Rect) {
    let overlay = &state.overlay.overlay;
    let scene = &state.scene.scene;
    let world = match state.selected {
        Some(EntityRef::Port(id)) => scene
            .ports
            .iter()
            .position(|p| p.id == id)
            .and_then(|i| overlay.markers_at.get(i))
            .map(|(at, _)| *at),
        Some(target) => scene
            .arcs
            .iter()
            .position(|a| a.target == target)
            .and_then(|i| overlay.arc_paths.get(i))
            .map(|(_, bounds)| bounds.center()),
        None => None,
    };
    let Some(world) = world else {
        return;
    };
    let transform = Transform {
        origin: rect.center(),
        centre: state.centre,
        scale: state.scale,
    };
    let inner = rect.shrink(40.0);
    let shown = transform
        .copies((world.x, world.x), rect)
        .any(|turns| inner.contains(world + transform.world_offset(turns)));
    if !shown {
        state.centre = MapPoint {
            x: f64::from(world.x / state.scale),
            y: f64::from(-world.y / state.scale),
        };
    }
}

/// Builds the overlay and places the labels when the project, filters,
/// zoom, theme or selection change.
fn refresh_overlay(ui: &Ui, state: &mut MapState, dark: bool, ink: Color32) {
    let key = (
        state.scene.key.as_ref().map_or(0, |k| k.0),
        state.filters.clone(),
        state.scale.to_bits(),
        dark,
        state.selected,
    );
    if state.overlay.key.as_ref() == Some(&key) {
        return;
    }
    let scene = &state.scene.scene;
    let textures = state
        .textures
        .get_or_insert_with(|| super::overlay::Textures::load(ui.ctx()));
    let cache = &mut state.overlay;
    cache.overlay = Overlay::build(scene, state.scale, state.selected, dark, textures);
    // Labels depend on the zoom, not on the selection: keep them if only it changed.
    let same_labels = cache
        .key
        .as_ref()
        .is_some_and(|old| (old.0, &old.1, old.2, old.3) == (key.0, &key.1, key.2, key.3));
    cache.key = Some(key);
    if same_labels {
        return;
    }
    let weak = ink.gamma_multiply(0.6);
    let galleys: Vec<Arc<Galley>> = scene
        .ports
        .iter()
        .map(|port| {
            let mut job = egui::text::LayoutJob::default();
            job.append(
                &port.name,
                0.0,
                egui::TextFormat::simple(FontId::proportional(LABEL_FONT), ink),
            );
            if !port.local_name.is_empty() {
                job.append(
                    &port.local_name,
                    5.0,
                    egui::TextFormat::simple(FontId::proportional(LABEL_FONT), weak),
                );
            }
            ui.fonts_mut(|f| f.layout_job(job))
        })
        .collect();
    let requests: Vec<LabelRequest> = cache
        .overlay
        .markers_at
        .iter()
        .zip(&scene.ports)
        .zip(&galleys)
        .map(|(((at, _), port), galley)| LabelRequest {
            anchor: [at.x, at.y],
            size: [galley.size().x, galley.size().y],
            priority: port.priority,
        })
        .collect();
    // No label over a marker or a route badge.
    let obstacles: Vec<crate::map::labels::LabelRect> = cache
        .overlay
        .markers_at
        .iter()
        .map(|(at, radius)| (*at, radius + 1.5, radius + 1.5))
        .chain(
            cache
                .overlay
                .badges
                .iter()
                .map(|b| (b.at, b.half_width, super::overlay::BADGE_RADIUS)),
        )
        .map(|(at, half_w, half_h)| crate::map::labels::LabelRect {
            x: at.x - half_w,
            y: at.y - half_h,
            width: 2.0 * half_w,
            height: 2.0 * half_h,
        })
        .collect();
    cache.placed = place_labels(&requests, &obstacles, None);
    let mut order: Vec<usize> = (0..scene.ports.len()).collect();
    order.sort_by_key(|&i| scene.ports[i].priority);
    cache.label_order = order;
    cache.galleys = galleys;
}

/// Labels drawn at most in one frame (the others show on hover).
const MAX_LABELS_SHOWN: usize = 150;

#[allow(clippy::too_many_arguments)]
fn labels_ui(
    painter: &egui::Painter,
    galleys: &[Arc<Galley>],
    placed: &[Option<crate::map::labels::LabelRect>],
    order: &[usize],
    transform: Transform,
    rect: Rect,
    dark: bool,
    ink: Color32,
) {
    let back = if dark {
        Color32::from_black_alpha(150)
    } else {
        Color32::from_white_alpha(170)
    };
    let turn = transform.scale * WORLD_WIDTH as f32;
    let offset0 = transform.world_offset(0);
    // The labels' backgrounds in one mesh, then the text; the most
    // important first, and no more than a reader can take in.
    let mut backs = egui::Mesh::default();
    let mut texts = Vec::new();
    for &i in order {
        if texts.len() >= MAX_LABELS_SHOWN {
            break;
        }
        let (Some(galley), Some(Some(placed))) = (galleys.get(i), placed.get(i)) else {
            continue;
        };
        if galley.text().is_empty() {
            continue;
        }
        let world = Rect::from_min_size(
            Pos2::new(placed.x, placed.y),
            Vec2::new(placed.width, placed.height),
        );
        let left = offset0.x + world.left();
        let first = ((rect.left() - left - world.width()) / turn).ceil() as i32;
        let last = ((rect.right() - left) / turn).floor() as i32;
        for turns in first..=last {
            let mut on_screen = world.translate(transform.world_offset(turns));
            if rect.intersects(on_screen) {
                // Slid inside the map rather than cut by its edge.
                on_screen = on_screen.translate(Vec2::new(
                    (rect.left() - on_screen.left()).max(0.0)
                        + (rect.right() - on_screen.right()).min(0.0),
                    (rect.top() - on_screen.top()).max(0.0)
                        + (rect.bottom() - on_screen.bottom()).min(0.0),
                ));
                backs.add_colored_rect(on_screen.expand(1.0), back);
                texts.push(Shape::galley(on_screen.min, galley.clone(), ink));
            }
        }
    }
    painter.add(Shape::mesh(backs));
    painter.extend(texts);
}

/// Lines between the day's stops, in order.
fn route_lines_ui(
    painter: &egui::Painter,
    scene: &Scene,
    visible: &MapRect,
    transform: Transform,
    ink: Color32,
) {
    let stroke = Stroke::new(2.0, ink.gamma_multiply(0.8));
    for pair in scene.route.windows(2) {
        let to = MapPoint {
            x: unwrap_near(pair[1].point.x, pair[0].point.x),
            y: pair[1].point.y,
        };
        let bounds = MapRect {
            min: MapPoint {
                x: pair[0].point.x.min(to.x),
                y: pair[0].point.y.min(to.y),
            },
            max: MapPoint {
                x: pair[0].point.x.max(to.x),
                y: pair[0].point.y.max(to.y),
            },
        };
        for k in bounds.copies_in(visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            painter.line_segment(
                [
                    transform.screen_of(pair[0].point, shift),
                    transform.screen_of(to, shift),
                ],
                stroke,
            );
        }
    }
}

/// The day's numbered stops, one badge a port, on top of everything.
fn route_badges_ui(
    painter: &egui::Painter,
    overlay: &Overlay,
    transform: Transform,
    copies: std::ops::RangeInclusive<i32>,
) {
    let fill = color(crate::map::scene::ROUTE_COLOR);
    for badge in &overlay.badges {
        for turns in copies.clone() {
            let at = badge.at + transform.world_offset(turns);
            let shape = Rect::from_center_size(
                at,
                Vec2::new(2.0 * badge.half_width, 2.0 * super::overlay::BADGE_RADIUS),
            );
            painter.rect(
                shape,
                super::overlay::BADGE_RADIUS,
                fill,
                Stroke::new(1.5, Color32::WHITE),
                egui::StrokeKind::Outside,
            );
            painter.text(
                at,
                Align2::CENTER_CENTER,
                &badge.text,
                FontId::proportional(11.0),
                Color32::WHITE,
            );
        }
    }
}

/// Each visible marker, and each corridor or agreement line (at its middle),
/// as a widget a screen reader names (and a UI test clicks by label); at
/// most the first 300 in the view.
fn accessible_markers(ui: &mut Ui, state: &mut MapState, transform: Transform, rect: Rect) {
    const MAX_ACCESSIBLE: usize = 300;
    let scene = &state.scene.scene;
    let overlay = &state.overlay.overlay;
    let ports = scene
        .ports
        .iter()
        .zip(&overlay.markers_at)
        .map(|(port, (centre, _))| {
            (
                *centre,
                egui::IdSalt::new(("marker", port.id)),
                Named::Port(&port.name),
                EntityRef::Port(port.id),
            )
        });
    // Lines were only drawn: a screen reader heard the ports but not what
    // joins them. Lines between the same two ports lie side by side: each
    // one's place is further along it, so their places do not overlap.
    let lines = scene
        .arcs
        .iter()
        .zip(&overlay.arc_paths)
        .enumerate()
        .filter_map(|(i, (arc, (path, _)))| {
            let along = (0.5 + 0.1 * arc.lane as f32).min(0.9);
            let place = *path.get((path.len() as f32 * along) as usize)?;
            Some((
                place,
                egui::IdSalt::new(("line", i)),
                Named::Line(arc),
                arc.target,
            ))
        });
    let mut clicked = None;
    let visible = ports.chain(lines).filter_map(|(place, id, name, target)| {
        let at = transform
            .copies((place.x, place.x), rect)
            .map(|turns| place + transform.world_offset(turns))
            .find(|at| rect.contains(*at))?;
        Some((at, id, name, target))
    });
    for (at, id, name, target) in visible.take(MAX_ACCESSIBLE) {
        let response = ui.interact(
            Rect::from_center_size(at, Vec2::splat(10.0)),
            ui.scope_id().with(id),
            Sense::click(),
        );
        // Named only when in view: a thousand ports' names are not copied
        // every frame.
        let name = match name {
            Named::Port(name) => name.to_owned(),
            Named::Line(arc) => format!("{} ({})", arc.label, arc.legend_name().to_lowercase()),
        };
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if response.clicked() {
            clicked = Some(target);
        }
    }
    if clicked.is_some() {
        state.selected = clicked;
        state.reveal = true;
    }
}

/// What a place on the map is named by.
enum Named<'a> {
    Port(&'a str),
    Line(&'a crate::map::scene::Arc),
}

fn distance_to_polyline(p: Pos2, points: &[Pos2]) -> f32 {
    points
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let ab = b - a;
            let t = if ab.length_sq() > 0.0 {
                ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
            } else {
                0.0
            };
            p.distance(a + ab * t)
        })
        .fold(f32::INFINITY, f32::min)
}

/// The triangles of the visible land, in screen positions.
fn land_mesh(visible: &MapRect, transform: &Transform, fill: Color32) -> egui::Mesh {
    let level = land::bundled().level(Detail::for_view_width(visible.width()));
    let mut mesh = egui::Mesh::default();
    for polygon in &level.polygons {
        let Some(bounds) = polygon.bounds else {
            continue;
        };
        for k in bounds.copies_in(visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            let base = mesh.vertices.len() as u32;
            mesh.vertices
                .extend(polygon.points.iter().map(|p| egui::epaint::Vertex {
                    pos: transform.screen_of_f32(*p, shift),
                    uv: egui::epaint::WHITE_UV,
                    color: fill,
                }));
            mesh.indices
                .extend(polygon.triangles.iter().map(|i| base + i));
        }
    }
    mesh
}

fn input(ui: &Ui, ctx: &ViewCtx, state: &mut MapState, response: &egui::Response) {
    let canvas = response.rect.size();
    if response.dragged() {
        let delta = response.drag_delta();
        state.centre.x -= f64::from(delta.x / state.scale);
        state.centre.y += f64::from(delta.y / state.scale);
        state.clamp(canvas);
    }
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = zoom * (scroll * 0.0025).exp();
        if (factor - 1.0).abs() > 1e-4 {
            let anchor = response
                .hover_pos()
                .map_or(Vec2::ZERO, |p| p - response.rect.center());
            state.zoom_about(factor, anchor, canvas);
        }
    }
    if !ctx.keys
        || ui.ctx().egui_wants_keyboard_input()
        || !(response.hovered() || response.has_focus())
    {
        return;
    }
    let step = 60.0 / state.scale;
    let (pan, zoom_in, zoom_out, fit) = ui.input(|i| {
        let mut pan = Vec2::ZERO;
        if i.key_pressed(Key::ArrowLeft) {
            pan.x -= 1.0;
        }
        if i.key_pressed(Key::ArrowRight) {
            pan.x += 1.0;
        }
        if i.key_pressed(Key::ArrowUp) {
            pan.y += 1.0;
        }
        if i.key_pressed(Key::ArrowDown) {
            pan.y -= 1.0;
        }
        (
            pan,
            i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
            i.key_pressed(Key::Minus),
            i.key_pressed(Key::F) && i.modifiers.is_none(),
        )
    });
    state.centre.x += f64::from(pan.x * step);
    state.centre.y += f64::from(pan.y * step);
    if zoom_in {
        state.zoom_about(1.5, Vec2::ZERO, canvas);
    }
    if zoom_out {
        state.zoom_about(1.0 / 1.5, Vec2::ZERO, canvas);
    }
    if fit {
        state.fit(ctx.project, ctx.generation, canvas);
    }
    state.clamp(canvas);
}

/// Where the legend of `size` goes in `rect`: the first corner (bottom
/// left, bottom right, top right, top left) that covers fewest of the
/// `ports`, each with room for its name to the right.
fn legend_corner(rect: Rect, size: Vec2, ports: &[Pos2]) -> Rect {
    let inner = rect.shrink(8.0);
    let corners = [
        Pos2::new(inner.left(), inner.bottom() - size.y),
        Pos2::new(inner.right() - size.x, inner.bottom() - size.y),
        Pos2::new(inner.right() - size.x, inner.top()),
        inner.left_top(),
    ];
    let covered = |frame: &Rect| {
        ports
            .iter()
            .filter(|at| {
                let named = Rect::from_min_max(
                    Pos2::new(at.x - 10.0, at.y - 10.0),
                    Pos2::new(at.x + 170.0, at.y + 10.0),
                );
                frame.intersects(named)
            })
            .count()
    };
    corners
        .iter()
        .map(|corner| Rect::from_min_size(*corner, size))
        .min_by_key(covered)
        .unwrap_or_else(|| Rect::from_min_size(corners[0], size))
}

/// The colours in use, in the corner that hides fewest ports (bottom left
/// unless ports are there: at a high zoom it covered Singapore).
fn legend_ui(
    painter: &egui::Painter,
    rect: Rect,
    rows: &[crate::map::scene::LegendEntry],
    ports: &[Pos2],
    dark: bool,
    ink: Color32,
) {
    if rows.is_empty() {
        return;
    }
    let row_height = 16.0;
    let height = rows.len() as f32 * row_height + 10.0;
    let frame = legend_corner(rect, Vec2::new(210.0, height), ports);
    let back = if dark {
        Color32::from_black_alpha(190)
    } else {
        Color32::from_white_alpha(220)
    };
    painter.rect_filled(frame, 4.0, back);
    for (i, row) in rows.iter().enumerate() {
        let y = frame.top() + 5.0 + (i as f32 + 0.5) * row_height;
        let a = Pos2::new(frame.left() + 8.0, y);
        let b = Pos2::new(frame.left() + 36.0, y);
        let stroke = Stroke::new(2.5, color(row.color));
        match row.style {
            LegendStyle::Dashed => {
                painter.extend(Shape::dashed_line(&[a, b], stroke, 5.0, 3.0));
            }
            LegendStyle::Line => {
                painter.line_segment([a, b], stroke);
            }
            LegendStyle::Dot => {
                painter.circle(
                    Pos2::new(frame.left() + 22.0, y),
                    4.5,
                    color(row.color),
                    Stroke::new(1.2, if dark { Color32::BLACK } else { Color32::WHITE }),
                );
            }
        }
        painter.text(
            Pos2::new(frame.left() + 44.0, y),
            Align2::LEFT_CENTER,
            &row.name,
            FontId::proportional(11.5),
            ink,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_keeps_out_of_the_way_of_ports() {
        let map = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        let size = Vec2::new(210.0, 100.0);
        let bottom_left = Pos2::new(8.0, 492.0);
        assert_eq!(legend_corner(map, size, &[]).min, bottom_left);
        // A port (and its name) in the bottom-left corner: bottom right.
        let singapore = Pos2::new(100.0, 550.0);
        let frame = legend_corner(map, size, &[singapore]);
        assert_eq!(frame.min, Pos2::new(582.0, 492.0));
        // A name reaching into the bottom right too: top right.
        let east = Pos2::new(500.0, 560.0);
        assert_eq!(
            legend_corner(map, size, &[singapore, east]).min,
            Pos2::new(582.0, 8.0)
        );
        // Ports in every corner: the one hiding fewest (the first of equals).
        let ports = [
            singapore,
            Pos2::new(150.0, 520.0),
            east,
            Pos2::new(650.0, 530.0),
            Pos2::new(700.0, 50.0),
            Pos2::new(20.0, 20.0),
            Pos2::new(30.0, 40.0),
        ];
        assert_eq!(legend_corner(map, size, &ports).min, Pos2::new(582.0, 8.0));
        let one_in_each = [
            singapore,
            east,
            Pos2::new(700.0, 50.0),
            Pos2::new(20.0, 20.0),
        ];
        assert_eq!(legend_corner(map, size, &one_in_each).min, bottom_left);
    }
}
