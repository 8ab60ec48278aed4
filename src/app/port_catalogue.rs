//! Ports → Add port from catalogue…: search the bundled sea ports as you
//! type, pick one with the arrow keys or the mouse, and add it with its
//! code, country, city, harbour coordinates and time zone (one undo step).

use egui::{Key, RichText};

use super::PlannerApp;
use super::modals::{Answer, Modal};
use crate::commands::Command;
use crate::edit::Edit;
use crate::map::catalogue::{self, CatalogueEntry, CoordinatesFrom};
use crate::map::zone_lookup::{self, ZoneFrom};
use crate::model::{EntityRef, Port, Project};

/// Results listed at most.
const SHOWN: usize = 50;

pub(super) struct PortCatalogue {
    query: String,
    /// The query the results are for (`None`: not searched yet).
    searched: Option<String>,
    results: Vec<&'static CatalogueEntry>,
    chosen: usize,
    /// The chosen row moved (arrow keys, a new search): scroll it into view.
    follow_chosen: bool,
    focused: bool,
    /// Codes of the project's ports (to say "already in the project").
    in_project: Vec<(String, crate::model::PortId)>,
}

impl PlannerApp {
    pub(super) fn open_port_catalogue(&mut self) {
        // Both load in the background while the delegate starts typing.
        catalogue::preload();
        std::thread::spawn(zone_lookup::preload);
        self.modals.push(Modal::PortCatalogue(PortCatalogue::new(
            self.session.project(),
        )));
    }

    /// Adds the port picked in the catalogue and shows it in the Ports view.
    pub(super) fn add_port_from_catalogue(&mut self, port: Port) {
        let id = port.id;
        let name = port.name.clone();
        self.apply_edit(
            Edit::Add {
                entity: crate::model::AnyEntity::Port(port),
                index: None,
            },
            None,
        );
        if crate::model::entity::find::<Port>(self.session.project(), id).is_some() {
            self.run_command(Command::Select(EntityRef::Port(id)));
            self.notices
                .info(format!("Added {name} from the catalogue"));
        }
    }
}

impl PortCatalogue {
    fn new(project: &Project) -> Self {
        Self {
            query: String::new(),
            searched: None,
            results: Vec::new(),
            chosen: 0,
            follow_chosen: false,
            focused: false,
            in_project: project
                .ports
                .iter()
                .filter(|p| !p.locode.is_empty())
                .map(|p| (p.locode.clone(), p.id))
                .collect(),
        }
    }

    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let loaded = catalogue::loaded();
        if let Some(catalogue) = loaded
            && self.searched.as_deref() != Some(self.query.as_str())
        {
            self.results = catalogue.search(&self.query, SHOWN);
            self.searched = Some(self.query.clone());
            self.chosen = 0;
            self.follow_chosen = true;
        }
        let response = egui::Modal::new(egui::Id::unique("port catalogue")).show(ctx, |ui| {
            ui.set_width(640.0);
            crate::ui::accessibility::dialog_heading(ui, "Add port from catalogue");
            let label = ui.label("Search by name, code, city or country");
            let search = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .id_salt("catalogue search")
                    .hint_text("e.g. Yokohama, JPYOK, Rotterdam, Chile")
                    .desired_width(f32::INFINITY),
            );
            search.clone().labelled_by(label.id);
            if !self.focused {
                search.request_focus();
                self.focused = true;
            }
            if search.has_focus() && !self.results.is_empty() {
                let (down, up) =
                    ui.input(|i| (i.key_pressed(Key::ArrowDown), i.key_pressed(Key::ArrowUp)));
                if down {
                    self.chosen = (self.chosen + 1).min(self.results.len() - 1);
                    self.follow_chosen = true;
                }
                if up {
                    self.chosen = self.chosen.saturating_sub(1);
                    self.follow_chosen = true;
                }
            }
            ui.add_space(4.0);
            if loaded.is_none() {
                ui.horizontal(|ui| {
                    crate::ui::busy::spinner(ui);
                    ui.label("Reading the catalogue…");
                });
                ctx.request_repaint();
            } else if self.query.trim().is_empty() {
                ui.weak(
                    "17,500 sea ports from UN/LOCODE (UNECE) and the World Port Index (NGA). \
                     Misspellings are found too.",
                );
            } else if self.results.is_empty() {
                ui.label(format!("No port matches “{}”.", self.query.trim()));
            }
            self.results_ui(ui);
            if let Some(entry) = self.results.get(self.chosen) {
                ui.separator();
                details_ui(ui, entry);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let chosen = self.results.get(self.chosen).copied();
                let existing = chosen.and_then(|entry| self.existing(entry));
                let enter = search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if let Some(id) = existing {
                    // Already there: show it rather than add it twice.
                    if ui.button("Show port").clicked() || enter {
                        answer = Answer::Run(Command::Select(EntityRef::Port(id)));
                    }
                } else {
                    let add = ui.add_enabled(
                        chosen.is_some_and(CatalogueEntry::has_coordinates),
                        egui::Button::new("Add port"),
                    );
                    if (add.clicked() || enter)
                        && let Some(entry) = chosen.filter(|e| e.has_coordinates())
                    {
                        answer = Answer::Run(Command::AddCataloguePort(Box::new(port_from(entry))));
                    }
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if super::modals::dismissed(ctx, &response, false) && matches!(answer, Answer::Open) {
            answer = Answer::Closed;
        }
        answer
    }

    /// The project's port with this entry's code, if there is one.
    fn existing(&self, entry: &CatalogueEntry) -> Option<crate::model::PortId> {
        self.in_project
            .iter()
            .find(|(code, _)| !entry.locode.is_empty() && *code == entry.locode)
            .map(|(_, id)| *id)
    }

    fn results_ui(&mut self, ui: &mut egui::Ui) {
        if self.results.is_empty() {
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("catalogue results")
            .max_height(260.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (i, entry) in self.results.iter().enumerate() {
                    let mut text = format!(
                        "{:<6} {} — {}",
                        if entry.locode.is_empty() {
                            "—"
                        } else {
                            &entry.locode
                        },
                        entry.name,
                        if entry.country_name.is_empty() {
                            &entry.country
                        } else {
                            &entry.country_name
                        }
                    );
                    if !entry.harbour_name.is_empty() {
                        text.push_str(&format!("  ({})", entry.harbour_name));
                    }
                    if self.existing(entry).is_some() {
                        text.push_str("  · in the project");
                    }
                    let row =
                        ui.selectable_label(i == self.chosen, RichText::new(text).monospace());
                    if i == self.chosen && std::mem::take(&mut self.follow_chosen) {
                        row.scroll_to_me(None);
                    }
                    if row.clicked() {
                        self.chosen = i;
                    }
                    if row.double_clicked() {
                        self.chosen = i;
                    }
                }
            });
    }
}

fn details_ui(ui: &mut egui::Ui, entry: &CatalogueEntry) {
    match entry.coordinates_from {
        CoordinatesFrom::WorldPortIndex => ui.label(format!(
            "{:.4}°, {:.4}° (the harbour, from the World Port Index){}",
            entry.latitude,
            entry.longitude,
            if entry.harbour_size.is_empty() {
                String::new()
            } else {
                format!(" · {} harbour", entry.harbour_size.to_lowercase())
            }
        )),
        CoordinatesFrom::UnLocode => ui.label(format!(
            "{:.4}°, {:.4}° (from UN/LOCODE: often the town, not the harbour)",
            entry.latitude, entry.longitude
        )),
        CoordinatesFrom::Missing => ui.colored_label(
            ui.visuals().warn_fg_color,
            "Neither source gives coordinates for this code; add the port by hand.",
        ),
    };
    if !entry.note.is_empty() {
        ui.label(RichText::new(&entry.note).italics());
    }
}

/// The port a catalogue entry becomes.
pub(super) fn port_from(entry: &CatalogueEntry) -> Port {
    let zone = zone_lookup::zone_for(entry.latitude, entry.longitude, &entry.country);
    let mut notes = Vec::new();
    notes.push(match entry.coordinates_from {
        CoordinatesFrom::WorldPortIndex => "Coordinates: World Port Index (harbour).",
        _ => "Coordinates: UN/LOCODE (may be the town, not the harbour).",
    });
    if let Some(answer) = &zone
        && answer.from != ZoneFrom::Country
    {
        notes.push("Time zone: from the coordinates (check it).");
    }
    let mut note = notes.join(" ");
    if !entry.note.is_empty() {
        note = format!("{} {note}", entry.note);
    }
    Port {
        name: format!("Port of {}", entry.name),
        locode: entry.locode.clone(),
        country: entry.country.clone(),
        city: entry.name.clone(),
        latitude: (entry.latitude * 1e5).round() / 1e5,
        longitude: (entry.longitude * 1e5).round() / 1e5,
        time_zone: zone.map(|z| z.zone).unwrap_or_default(),
        notes: note,
        ..Port::new("")
    }
}
