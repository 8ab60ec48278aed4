//! Map view: the mission's ports, corridors and agreements on the world,
//! Pacific-centred so that Los Angeles–Tokyo does not split at the edge.
//!
//! Drag or the arrow keys pan, the wheel, a pinch or +/− zoom, F fits the
//! ports. Only what is visible is drawn: the land's triangles (ready-made,
//! see [`crate::map::land`]) of the polygons in view, at 1:110m zoomed out
//! and 1:50m zoomed in, and the world repeats sideways. What the project
//! puts on the map ([`Scene`]) and where labels go are cached until the
//! project, the filters or the zoom change, so a frame while panning only
//! moves them.

use std::sync::Arc;

use egui::{Align2, Color32, FontId, Galley, Key, Pos2, Rect, Sense, Shape, Stroke, Ui, Vec2};

use super::entity_list::{ListState, entity_form_ui};
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::map::labels::{LabelRect, LabelRequest, place_labels};
use crate::map::land::{self, Detail};
use crate::map::scene::{self, MapFilters, Rgb, Scene};
use crate::map::{MapPoint, MapRect, WORLD_WIDTH, unwrap_near};
use crate::model::{Agreement, AgreementStatus, Corridor, CorridorStage, EntityRef, Port, Project};

/// Zoom limits, pixels per map unit (degree of longitude).
const MIN_SCALE: f32 = 1.0;
const MAX_SCALE: f32 = 4000.0;
/// How near (pixels) the pointer must be to pick a marker or an arc.
const PICK_RADIUS: f32 = 8.0;
const LABEL_FONT: f32 = 12.0;

/// What the map keeps between frames.
pub struct MapState {
    /// The map point at the middle of the view.
    pub centre: MapPoint,
    /// Pixels per map unit.
    pub scale: f32,
    pub filters: MapFilters,
    /// The port, corridor or agreement whose form is open beside the map.
    pub selected: Option<EntityRef>,
    /// The view was fitted to the ports once.
    fitted: bool,
    scene: SceneCache,
    labels: LabelCache,
    /// The size of the canvas last drawn (what an export reproduces).
    pub canvas: Vec2,
}

impl Default for MapState {
    fn default() -> Self {
        Self {
            // Pacific-centred.
            centre: MapPoint { x: 180.0, y: 20.0 },
            scale: 3.0,
            filters: MapFilters::default(),
            selected: None,
            fitted: false,
            scene: SceneCache::default(),
            labels: LabelCache::default(),
            canvas: Vec2::new(1000.0, 600.0),
        }
    }
}

#[derive(Default)]
struct SceneCache {
    key: Option<(u64, MapFilters)>,
    scene: Scene,
    /// Each arc's bounds, same order as the scene's.
    arc_bounds: Vec<MapRect>,
}

/// Label rectangles in "world pixels" (map units × scale, y down), so that
/// panning only offsets them.
#[derive(Default)]
struct LabelCache {
    key: Option<(u64, MapFilters, u32, bool)>,
    galleys: Vec<Arc<Galley>>,
    placed: Vec<Option<LabelRect>>,
}

/// The list states whose forms the map opens beside itself.
pub struct MapForms<'a> {
    pub ports: &'a mut ListState<Port>,
    pub corridors: &'a mut ListState<Corridor>,
    pub agreements: &'a mut ListState<Agreement>,
}

impl MapState {
    /// The map's view of the project, rebuilt when it or the filters change.
    fn scene(&mut self, project: &Project, generation: u64) -> &Scene {
        let key = (generation, self.filters.clone());
        if self.scene.key.as_ref() != Some(&key) {
            let scene = Scene::of(project, &self.filters);
            self.scene.arc_bounds = scene.arcs.iter().map(|a| bounds_of(&a.points)).collect();
            self.scene.scene = scene;
            self.scene.key = Some(key);
        }
        &self.scene.scene
    }

    /// Whether the view was drawn (and fitted) yet.
    pub fn was_drawn(&self) -> bool {
        self.fitted
    }

    /// Zooms and pans so that every port shows, with a margin.
    pub fn fit(&mut self, project: &Project, generation: u64, canvas: Vec2) {
        let Some(bounds) = self.scene(project, generation).bounds() else {
            return;
        };
        self.centre = MapPoint {
            x: (bounds.min.x + bounds.max.x) / 2.0,
            y: (bounds.min.y + bounds.max.y) / 2.0,
        };
        let width = bounds.width().max(2.0) as f32;
        let height = bounds.height().max(2.0) as f32;
        self.scale = (canvas.x / width).min(canvas.y / height) * 0.8;
        self.clamp(canvas);
    }

    fn clamp(&mut self, canvas: Vec2) {
        let min = MIN_SCALE.max(canvas.x / WORLD_WIDTH as f32 / 2.0);
        self.scale = self.scale.clamp(min, MAX_SCALE);
        self.centre.y = self.centre.y.clamp(-180.0, 180.0);
        // Keep the centre within one turn, so numbers never grow.
        self.centre.x = unwrap_near(self.centre.x, 180.0);
    }

    /// Zooms by `factor`, keeping the map point under `anchor` (a screen
    /// offset from the canvas centre) where it is.
    fn zoom_about(&mut self, factor: f32, anchor: Vec2, canvas: Vec2) {
        let before = self.scale;
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        self.clamp(canvas);
        let after = self.scale;
        self.centre.x += f64::from(anchor.x / before - anchor.x / after);
        self.centre.y -= f64::from(anchor.y / before - anchor.y / after);
    }

    /// The map rectangle a canvas of `size` shows.
    pub fn visible(&self, size: Vec2) -> MapRect {
        let half_w = f64::from(size.x / self.scale / 2.0);
        let half_h = f64::from(size.y / self.scale / 2.0);
        MapRect {
            min: MapPoint {
                x: self.centre.x - half_w,
                y: self.centre.y - half_h,
            },
            max: MapPoint {
                x: self.centre.x + half_w,
                y: self.centre.y + half_h,
            },
        }
    }
}

/// The smallest rectangle holding `points`.
fn bounds_of(points: &[MapPoint]) -> MapRect {
    let mut rect = MapRect {
        min: MapPoint {
            x: f64::MAX,
            y: f64::MAX,
        },
        max: MapPoint {
            x: f64::MIN,
            y: f64::MIN,
        },
    };
    for p in points {
        rect.min.x = rect.min.x.min(p.x);
        rect.min.y = rect.min.y.min(p.y);
        rect.max.x = rect.max.x.max(p.x);
        rect.max.y = rect.max.y.max(p.y);
    }
    rect
}

/// The whole turns `bounds` must move east by to meet `visible`.
pub fn world_copies(bounds: &MapRect, visible: &MapRect) -> std::ops::RangeInclusive<i32> {
    let first = ((visible.min.x - bounds.max.x) / WORLD_WIDTH).ceil() as i32;
    let last = ((visible.max.x - bounds.min.x) / WORLD_WIDTH).floor() as i32;
    first..=last
}

/// Converts map points to screen positions for one frame.
#[derive(Clone, Copy)]
struct Transform {
    origin: Pos2,
    centre: MapPoint,
    scale: f32,
}

impl Transform {
    fn to_screen(self, p: MapPoint, shift: f64) -> Pos2 {
        Pos2::new(
            self.origin.x + ((p.x + shift - self.centre.x) as f32) * self.scale,
            self.origin.y - ((p.y - self.centre.y) as f32) * self.scale,
        )
    }

    fn to_screen_f32(self, [x, y]: [f32; 2], shift: f64) -> Pos2 {
        Pos2::new(
            self.origin.x + ((f64::from(x) + shift - self.centre.x) as f32) * self.scale,
            self.origin.y - ((f64::from(y) - self.centre.y) as f32) * self.scale,
        )
    }

    /// Screen offset of world pixels (see [`LabelCache`]) for a copy.
    fn label_offset(self, shift: f64) -> Vec2 {
        Vec2::new(
            self.origin.x + ((shift - self.centre.x) as f32) * self.scale,
            self.origin.y + (self.centre.y as f32) * self.scale,
        )
    }
}

fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// Water and land, light or dark.
fn palette(dark: bool) -> (Color32, Color32, Color32) {
    if dark {
        (
            Color32::from_rgb(24, 36, 52),
            Color32::from_rgb(58, 64, 58),
            Color32::from_rgb(230, 230, 230),
        )
    } else {
        (
            Color32::from_rgb(205, 225, 240),
            Color32::from_rgb(238, 234, 222),
            Color32::from_rgb(30, 30, 30),
        )
    }
}

/// The map with its toolbar and, for what is selected, its form.
pub fn map_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    state: &mut MapState,
    forms: MapForms<'_>,
    outbox: &mut Outbox,
) {
    if let Some(target) = state.selected
        && !target_exists(ctx.project, target)
    {
        state.selected = None;
    }
    toolbar_ui(ui, ctx, state, outbox);
    ui.separator();
    if let Some(target) = state.selected {
        egui::Panel::right("map form")
            .resizable(true)
            .default_size(380.0)
            .min_size(260.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui
                        .button("Show in list")
                        .on_hover_text("Open the list this entry belongs to")
                        .clicked()
                    {
                        outbox.command(Command::Select(target));
                    }
                    if ui.button("Close").clicked() {
                        state.selected = None;
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("map form scroll")
                    .show(ui, |ui| match target {
                        EntityRef::Port(id) => {
                            forms.ports.selected = Some(id);
                            entity_form_ui(ui, ctx, forms.ports, outbox);
                        }
                        EntityRef::Corridor(id) => {
                            forms.corridors.selected = Some(id);
                            entity_form_ui(ui, ctx, forms.corridors, outbox);
                        }
                        EntityRef::Agreement(id) => {
                            forms.agreements.selected = Some(id);
                            entity_form_ui(ui, ctx, forms.agreements, outbox);
                        }
                        _ => {}
                    });
            });
    }
    egui::CentralPanel::default_margins().show(ui, |ui| canvas_ui(ui, ctx, state));
}

fn target_exists(project: &Project, target: EntityRef) -> bool {
    crate::with_entity_ref!(target, |T, id| crate::model::entity::find::<T>(project, id)
        .is_some())
}

fn toolbar_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut MapState, outbox: &mut Outbox) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Fit to ports")
            .on_hover_text("Show every port of the mission (F)")
            .clicked()
        {
            state.fit(ctx.project, ctx.generation, state.canvas);
        }
        if ui.button("−").on_hover_text("Zoom out (−)").clicked() {
            state.zoom_about(1.0 / 1.5, Vec2::ZERO, state.canvas);
        }
        if ui.button("+").on_hover_text("Zoom in (+)").clicked() {
            state.zoom_about(1.5, Vec2::ZERO, state.canvas);
        }
        ui.separator();
        day_choice_ui(ui, ctx, state);
        ui.separator();
        ui.menu_button("Corridors ▾", |ui| {
            let mut show = !state.filters.hide_corridors;
            if ui.checkbox(&mut show, "Show corridors").changed() {
                state.filters.hide_corridors = !show;
            }
            ui.separator();
            ui.weak("Stages");
            for stage in CorridorStage::ALL {
                let mut shown = !state.filters.hidden_stages.contains(&stage);
                if ui.checkbox(&mut shown, stage.label()).changed() {
                    toggle(&mut state.filters.hidden_stages, stage, shown);
                }
            }
            ui.separator();
            ui.weak("Fuel");
            ui.radio_value(&mut state.filters.fuel, None, "Any fuel");
            for fuel in scene::all_fuels(ctx.project) {
                ui.radio_value(&mut state.filters.fuel, Some(fuel.clone()), fuel);
            }
        });
        ui.menu_button("Agreements ▾", |ui| {
            let mut show = !state.filters.hide_agreements;
            if ui.checkbox(&mut show, "Show agreements").changed() {
                state.filters.hide_agreements = !show;
            }
            ui.separator();
            ui.weak("Statuses");
            for status in AgreementStatus::ALL {
                let mut shown = !state.filters.hidden_statuses.contains(&status);
                if ui.checkbox(&mut shown, status.label()).changed() {
                    toggle(&mut state.filters.hidden_statuses, status, shown);
                }
            }
        });
        ui.separator();
        if ui
            .button("Export PNG…")
            .on_hover_text("Save this map as a picture for a briefing or slides")
            .clicked()
        {
            outbox.command(Command::ExportMap);
        }
    });
}

fn toggle<T: Ord>(hidden: &mut std::collections::BTreeSet<T>, item: T, shown: bool) {
    if shown {
        hidden.remove(&item);
    } else {
        hidden.insert(item);
    }
}

fn day_choice_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut MapState) {
    let mission = &ctx.project.mission;
    let label = ui.label("Route of");
    let shown = state.filters.day.map_or("no day".to_string(), |d| {
        d.strftime("%a %-d %b").to_string()
    });
    egui::ComboBox::from_id_salt("map day")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut state.filters.day, None, "no day");
            let mut day = mission.first_day;
            let mut count = 0;
            while day <= mission.last_day && count < 62 {
                ui.selectable_value(
                    &mut state.filters.day,
                    Some(day),
                    day.strftime("%a %-d %b %Y").to_string(),
                );
                let Ok(next) = day.tomorrow() else { break };
                day = next;
                count += 1;
            }
        })
        .response
        .labelled_by(label.id);
}

/// What the pointer is over.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Hit {
    Port(usize),
    Arc(usize),
}

fn canvas_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut MapState) {
    let size = ui.available_size().max(Vec2::new(200.0, 150.0));
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    let rect = response.rect;
    state.canvas = rect.size();
    if !state.fitted {
        state.fit(ctx.project, ctx.generation, rect.size());
        state.fitted = true;
    }
    input(ui, ctx, state, &response);

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
    labels(ui, state, dark, ink);
    let scene = &state.scene.scene;
    let arc_bounds = &state.scene.arc_bounds;
    let pointer = response.hover_pos();
    let mut hit: Option<(Hit, f32)> = None;
    let mut consider = |candidate: Hit, distance: f32| {
        if distance <= PICK_RADIUS && hit.is_none_or(|(_, d)| distance < d) {
            hit = Some((candidate, distance));
        }
    };

    // Arcs under the markers.
    for (i, (arc, bounds)) in scene.arcs.iter().zip(arc_bounds).enumerate() {
        let selected = state.selected == Some(arc.target);
        let width = match (arc.dashed, selected) {
            (_, true) => 4.0,
            (false, false) => 2.5,
            (true, false) => 1.6,
        };
        let stroke = Stroke::new(width, color(arc.color));
        for k in world_copies(bounds, &visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            let mut points: Vec<Pos2> = arc
                .points
                .iter()
                .map(|p| transform.to_screen(*p, shift))
                .collect();
            if arc.dashed {
                // Beside the corridor between the same ports, not on top of it.
                let flat: Vec<[f32; 2]> = points.iter().map(|p| [p.x, p.y]).collect();
                points = crate::map::offset_polyline(&flat, -3.5)
                    .into_iter()
                    .map(|[x, y]| Pos2::new(x, y))
                    .collect();
            }
            if let Some(p) = pointer {
                consider(Hit::Arc(i), distance_to_polyline(p, &points) + 2.0);
            }
            if arc.dashed {
                painter.extend(Shape::dashed_line(&points, stroke, 7.0, 5.0));
            } else {
                painter.add(Shape::line(points, stroke));
            }
        }
    }

    // The day's route: lines between the stops, in order.
    let route_stroke = Stroke::new(2.0, ink.gamma_multiply(0.8));
    for pair in scene.route.windows(2) {
        let to = MapPoint {
            x: unwrap_near(pair[1].point.x, pair[0].point.x),
            y: pair[1].point.y,
        };
        for k in world_copies(&bounds_of(&[pair[0].point, to]), &visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            painter.line_segment(
                [
                    transform.to_screen(pair[0].point, shift),
                    transform.to_screen(to, shift),
                ],
                route_stroke,
            );
        }
    }

    // Markers, then their labels.
    let marker_stroke = Stroke::new(1.2, if dark { Color32::BLACK } else { Color32::WHITE });
    for (i, port) in scene.ports.iter().enumerate() {
        let point_rect = MapRect {
            min: port.point,
            max: port.point,
        };
        let selected = state.selected == Some(EntityRef::Port(port.id));
        let (radius, fill) = match port.priority {
            0 => (5.5, Color32::from_rgb(214, 96, 40)),
            1 => (4.5, Color32::from_rgb(50, 110, 190)),
            _ => (3.5, Color32::from_gray(120)),
        };
        for k in world_copies(&point_rect, &visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            let at = transform.to_screen(port.point, shift);
            if !rect.expand(20.0).contains(at) {
                continue;
            }
            if let Some(p) = pointer {
                consider(Hit::Port(i), p.distance(at) - 2.0);
            }
            if selected {
                painter.circle_stroke(at, radius + 4.0, Stroke::new(2.5, ink));
            }
            painter.circle(at, radius, fill, marker_stroke);
        }
    }
    let label_back = if dark {
        Color32::from_black_alpha(150)
    } else {
        Color32::from_white_alpha(170)
    };
    for (galley, placed) in state.labels.galleys.iter().zip(&state.labels.placed) {
        let Some(placed) = placed else { continue };
        let world = Rect::from_min_size(
            Pos2::new(placed.x, placed.y),
            Vec2::new(placed.width, placed.height),
        );
        for k in label_copies(placed, &transform, rect) {
            let shift = f64::from(k) * WORLD_WIDTH;
            let on_screen = world.translate(transform.label_offset(shift));
            if rect.intersects(on_screen) {
                painter.rect_filled(on_screen.expand(1.0), 2.0, label_back);
                painter.galley(on_screen.min, galley.clone(), ink);
            }
        }
    }

    // Numbered stops on top of everything.
    for stop in &scene.route {
        let point_rect = MapRect {
            min: stop.point,
            max: stop.point,
        };
        for k in world_copies(&point_rect, &visible) {
            let at = transform.to_screen(stop.point, f64::from(k) * WORLD_WIDTH);
            painter.circle(
                at,
                10.0,
                Color32::from_rgb(200, 40, 60),
                Stroke::new(1.5, Color32::WHITE),
            );
            painter.text(
                at,
                Align2::CENTER_CENTER,
                stop.number.to_string(),
                FontId::proportional(11.0),
                Color32::WHITE,
            );
        }
    }

    legend_ui(&painter, rect, scene, dark, ink);
    accessible_markers(ui, state, &transform, &visible, rect);

    let hit = hit.map(|(h, _)| h);
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
                ui.label(arc.state);
            }
        });
    }
    if response.clicked() {
        state.selected = match hit {
            Some(Hit::Port(i)) => Some(EntityRef::Port(scene.ports[i].id)),
            Some(Hit::Arc(i)) => Some(scene.arcs[i].target),
            None => None,
        };
    }
}

/// Each visible marker as a widget a screen reader names (and a UI test
/// clicks by label); at most a few hundred, nearest the middle first.
fn accessible_markers(
    ui: &mut Ui,
    state: &mut MapState,
    transform: &Transform,
    visible: &MapRect,
    rect: Rect,
) {
    const MAX_ACCESSIBLE: usize = 300;
    let scene = &state.scene.scene;
    let mut shown = 0;
    let mut clicked = None;
    for port in &scene.ports {
        if shown >= MAX_ACCESSIBLE {
            break;
        }
        let point_rect = MapRect {
            min: port.point,
            max: port.point,
        };
        let Some(k) = world_copies(&point_rect, visible).next() else {
            continue;
        };
        let at = transform.to_screen(port.point, f64::from(k) * WORLD_WIDTH);
        if !rect.contains(at) {
            continue;
        }
        shown += 1;
        let response = ui.interact(
            Rect::from_center_size(at, Vec2::splat(10.0)),
            ui.scope_id().with(("marker", port.id)),
            Sense::click(),
        );
        let name = port.name.clone();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if response.clicked() {
            clicked = Some(EntityRef::Port(port.id));
        }
    }
    if clicked.is_some() {
        state.selected = clicked;
    }
}

/// The turns a label must move to show in `rect`.
fn label_copies(
    placed: &LabelRect,
    transform: &Transform,
    rect: Rect,
) -> std::ops::RangeInclusive<i32> {
    let offset0 = transform.label_offset(0.0).x;
    let turn = transform.scale * WORLD_WIDTH as f32;
    let left = offset0 + placed.x;
    let first = ((rect.left() - left - placed.width) / turn).ceil() as i32;
    let last = ((rect.right() - left) / turn).floor() as i32;
    first..=last
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
        for k in world_copies(&bounds, visible) {
            let shift = f64::from(k) * WORLD_WIDTH;
            let base = mesh.vertices.len() as u32;
            mesh.vertices
                .extend(polygon.points.iter().map(|p| egui::epaint::Vertex {
                    pos: transform.to_screen_f32(*p, shift),
                    uv: egui::epaint::WHITE_UV,
                    color: fill,
                }));
            mesh.indices
                .extend(polygon.triangles.iter().map(|i| base + i));
        }
    }
    mesh
}

/// Lays out and places the labels when the project, filters or zoom change.
fn labels(ui: &Ui, state: &mut MapState, dark: bool, ink: Color32) {
    let key = (
        state.scene.key.as_ref().map_or(0, |k| k.0),
        state.filters.clone(),
        state.scale.to_bits(),
        dark,
    );
    if state.labels.key.as_ref() == Some(&key) {
        return;
    }
    let scene = &state.scene.scene;
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
    let requests: Vec<LabelRequest> = scene
        .ports
        .iter()
        .zip(&galleys)
        .map(|(port, galley)| LabelRequest {
            anchor: [
                (port.point.x as f32) * state.scale,
                -(port.point.y as f32) * state.scale,
            ],
            size: [galley.size().x, galley.size().y],
            priority: port.priority,
        })
        .collect();
    state.labels.placed = place_labels(&requests, None);
    state.labels.galleys = galleys;
    state.labels.key = Some(key);
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
        let factor = zoom * (scroll * 0.003).exp();
        if (factor - 1.0).abs() > 1e-4 {
            let anchor = response
                .hover_pos()
                .map_or(Vec2::ZERO, |p| p - response.rect.center());
            state.zoom_about(factor, anchor, canvas);
        }
    }
    if ui.ctx().egui_wants_keyboard_input() || !(response.hovered() || response.has_focus()) {
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

/// The colours in use, in the bottom-left corner.
fn legend_ui(painter: &egui::Painter, rect: Rect, scene: &Scene, dark: bool, ink: Color32) {
    let mut rows: Vec<(String, Rgb, bool)> = Vec::new();
    for arc in &scene.arcs {
        let name = if arc.dashed {
            format!("Agreement: {}", arc.state)
        } else {
            format!("Corridor: {}", arc.state)
        };
        if !rows.iter().any(|(n, _, _)| *n == name) {
            rows.push((name, arc.color, arc.dashed));
        }
    }
    rows.sort();
    if !scene.route.is_empty() {
        rows.push((
            format!("Route: {} stops", scene.route.len()),
            [200, 40, 60],
            false,
        ));
    }
    if rows.is_empty() {
        return;
    }
    let row_height = 16.0;
    let height = rows.len() as f32 * row_height + 10.0;
    let frame = Rect::from_min_size(
        Pos2::new(rect.left() + 8.0, rect.bottom() - height - 8.0),
        Vec2::new(210.0, height),
    );
    let back = if dark {
        Color32::from_black_alpha(190)
    } else {
        Color32::from_white_alpha(220)
    };
    painter.rect_filled(frame, 4.0, back);
    for (i, (name, rgb, dashed)) in rows.iter().enumerate() {
        let y = frame.top() + 5.0 + (i as f32 + 0.5) * row_height;
        let a = Pos2::new(frame.left() + 8.0, y);
        let b = Pos2::new(frame.left() + 36.0, y);
        let stroke = Stroke::new(2.5, color(*rgb));
        if *dashed {
            painter.extend(Shape::dashed_line(&[a, b], stroke, 5.0, 3.0));
        } else {
            painter.line_segment([a, b], stroke);
        }
        painter.text(
            Pos2::new(frame.left() + 44.0, y),
            Align2::LEFT_CENTER,
            name,
            FontId::proportional(11.5),
            ink,
        );
    }
}
