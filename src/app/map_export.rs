//! File → Export map (.png): the Map view's part of the world, as filtered,
//! at twice the size it has on screen.

use std::path::Path;

use super::PlannerApp;
use crate::io::map_image::{MapView, map_png};
use crate::map::scene::MapFilters;

/// Pixels a point in the exported picture: crisp on slides and in print.
const PIXELS_PER_POINT: f64 = 2.0;

impl PlannerApp {
    /// What the Map view shows now (fitted to the ports if it was never drawn).
    pub(super) fn map_export_view(&self) -> (MapView, MapFilters) {
        let map = &self.views.map;
        let width = f64::from(map.canvas.x.max(200.0));
        let height = f64::from(map.canvas.y.max(150.0));
        let view = if map.was_drawn() {
            MapView {
                centre: map.centre,
                scale: f64::from(map.scale),
                width,
                height,
            }
        } else {
            let scene = crate::map::scene::Scene::of(self.session.project(), &map.filters);
            MapView::fitted(&scene, width, height)
        };
        (view, map.filters.clone())
    }

    pub(super) fn export_map(&mut self, view: &MapView, filters: &MapFilters, path: &Path) {
        let path = if path.extension().is_none() {
            path.with_extension("png")
        } else {
            path.to_path_buf()
        };
        let png = map_png(
            self.session.project(),
            filters,
            view,
            PIXELS_PER_POINT,
            jiff::Timestamp::now(),
        );
        let written = png
            .map_err(|e| e.to_string())
            .and_then(|bytes| crate::io::write_atomic(&path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.exported(format!("Exported the map to {}", path.display())),
            Err(err) => self.notices.error(format!(
                "Could not export the map: {err}: {}",
                path.display()
            )),
        }
    }
}
