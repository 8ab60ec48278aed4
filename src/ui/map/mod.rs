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

mod canvas;
mod overlay;

use std::sync::Arc;

use egui::{Color32, Galley, Ui, Vec2};

use super::entity_list::{ListState, entity_form_ui};
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::map::labels::LabelRect;
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
    /// Something was just clicked: keep it in view when its form opens.
    reveal: bool,
    scene: SceneCache,
    overlay: OverlayCache,
    /// Loaded on the first frame that draws the map.
    textures: Option<overlay::Textures>,
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
            reveal: false,
            scene: SceneCache::default(),
            overlay: OverlayCache::default(),
            textures: None,
            canvas: Vec2::new(1000.0, 600.0),
        }
    }
}

#[derive(Default)]
struct SceneCache {
    key: Option<(u64, MapFilters)>,
    scene: Scene,
}

/// The overlay (arcs, markers) and the labels, in "world pixels" (map
/// units × scale, y down), made again when the project, the filters, the
/// zoom, the theme or the selection change, so that panning only offsets
/// them.
#[derive(Default)]
struct OverlayCache {
    key: Option<(u64, MapFilters, u32, bool, Option<EntityRef>)>,
    overlay: overlay::Overlay,
    galleys: Vec<Arc<Galley>>,
    placed: Vec<Option<LabelRect>>,
    /// Ports by label priority.
    label_order: Vec<usize>,
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
        // A margin for the labels of the outermost ports.
        self.scale = (canvas.x / width).min(canvas.y / height) * 0.72;
        self.clamp(canvas);
    }

    fn clamp(&mut self, canvas: Vec2) {
        // Never more than the whole world across: a second copy of it
        // only repeats what is shown.
        let min = MIN_SCALE.max(canvas.x / WORLD_WIDTH as f32);
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
        MapRect::around(
            self.centre,
            f64::from(self.scale),
            f64::from(size.x),
            f64::from(size.y),
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
        // The map keeps what was clicked in view when this opens (see
        // `canvas::reveal_selected`).
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
    egui::CentralPanel::default_margins().show(ui, |ui| canvas::canvas_ui(ui, ctx, state));
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
        ui.menu_button("Filter corridors", |ui| {
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
        ui.menu_button("Filter agreements", |ui| {
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
    let days = std::iter::successors(Some(mission.first_day), |day| day.tomorrow().ok())
        .take_while(|day| *day <= mission.last_day)
        .take(62);
    // Worked out only while the list is open (the iterator is lazy).
    let choices = std::iter::once((None, "no day".to_owned())).chain(days.map(|day| {
        let text = match scene::stops_on(ctx.project, day) {
            0 => format!("{}  · no port events", day.strftime("%a %-d %b %Y")),
            1 => format!("{}  · 1 stop", day.strftime("%a %-d %b %Y")),
            n => format!("{}  · {n} stops", day.strftime("%a %-d %b %Y")),
        };
        (Some(day), text)
    }));
    let width = ui.spacing().combo_width;
    crate::ui::widgets::choice_list(ui, "map day", shown, width, &mut state.filters.day, choices)
        .labelled_by(label.id);
}
