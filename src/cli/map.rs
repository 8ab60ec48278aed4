//! The map and the port catalogue on the command line: `export map` draws
//! the mission's map as a PNG without a window, and `ports search` looks up
//! the bundled catalogue.

use std::io::Write;
use std::path::Path;

use super::{EXIT_FILE_ERROR, EXIT_INVALID, EXIT_OK, load_for_command, terminal_safe};
use crate::io::map_image::{MAX_SIDE, MIN_SIDE, MapView, map_png};
use crate::map::catalogue;
use crate::map::scene::{MapFilters, Scene};
use crate::map::zone_lookup::zone_for;

/// Pixels a point: the picture is laid out at half its pixel size, so that
/// labels and lines are as large as on a screen at 200 %.
const PIXELS_PER_POINT: f64 = 2.0;

pub(super) fn export_map_command(
    file: &Path,
    output: &Path,
    width: u32,
    height: u32,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let filters = MapFilters::default();
    let scene = Scene::of(&project, &filters);
    let view = MapView::fitted(
        &scene,
        f64::from(width) / PIXELS_PER_POINT,
        f64::from(height) / PIXELS_PER_POINT,
    );
    let png = match map_png(
        &project,
        &filters,
        &view,
        PIXELS_PER_POINT,
        jiff::Timestamp::now(),
    ) {
        Ok(png) => png,
        Err(e) => {
            let _ = writeln!(err, "error: {}", terminal_safe(&e.to_string()));
            return EXIT_FILE_ERROR;
        }
    };
    match crate::io::write_atomic(output, &png) {
        Ok(()) => {
            let ports = match scene.ports.len() {
                1 => "1 port".to_string(),
                n => format!("{n} ports"),
            };
            let _ = writeln!(
                out,
                "{width}×{height} map of {ports} written to {}",
                output.display()
            );
            if scene.left_out > 0 {
                let _ = writeln!(
                    err,
                    "warning: {} port(s) left off the map: coordinates beyond ±90°/±180° (`check` names them)",
                    scene.left_out
                );
            }
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "error: cannot write the map: {e}: {}",
                output.display()
            );
            EXIT_FILE_ERROR
        }
    }
}

/// The picture size a command line may ask for.
pub(super) fn side(text: &str) -> Result<u32, String> {
    let value: u32 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number of pixels"))?;
    if (MIN_SIDE..=MAX_SIDE).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be {MIN_SIDE} to {MAX_SIDE} pixels"))
    }
}

pub(super) fn ports_search_command(query: &str, limit: usize, out: &mut dyn Write) -> u8 {
    let hits = catalogue::bundled().search(query, limit);
    if hits.is_empty() {
        return EXIT_INVALID;
    }
    for entry in hits {
        let (lat, lon, zone) = if entry.has_coordinates() {
            (
                format!("{:.5}", entry.latitude),
                format!("{:.5}", entry.longitude),
                zone_for(entry.latitude, entry.longitude, &entry.country)
                    .map(|z| z.zone)
                    .unwrap_or_default(),
            )
        } else {
            Default::default()
        };
        let clean = |s: &str| terminal_safe(s).replace('\t', " ");
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{lat}\t{lon}\t{zone}",
            clean(&entry.locode),
            clean(&entry.name),
            clean(&entry.country),
        );
    }
    EXIT_OK
}
