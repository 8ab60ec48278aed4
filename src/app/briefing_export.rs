//! File → Export briefing book…: the book is typeset off the UI thread and
//! its first pages previewed in a modal, where the delegate picks whose
//! itinerary and which paper; Save PDF… writes the very bytes previewed.

use std::path::Path;
use std::sync::Arc;

use egui::RichText;

use super::PlannerApp;
use super::files::Job;
use super::modals::{Answer, Modal};
use crate::commands::{Command, DialogPurpose};
use crate::io::briefing::{BriefingOptions, Paper, render_page, to_pdf, typeset};
use crate::model::{PersonId, Project};
use crate::ui::dialogs::DialogKind;

/// Pages drawn for the preview; a 10,000-event book has hundreds, and the
/// PDF has them all.
pub const PREVIEW_PAGES: usize = 12;
/// Pixels per typographic point of the preview images (A4 ≈ 360 × 500 px).
const PREVIEW_SCALE: f32 = 0.6;

/// A PDF's bytes, shared between the preview and the save; printed by size.
#[derive(Clone, PartialEq)]
pub struct PdfBytes(pub Arc<[u8]>);

impl std::fmt::Debug for PdfBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PdfBytes({} bytes)", self.0.len())
    }
}

/// A typeset book: its PDF and pictures of its first pages.
pub struct TypesetBook {
    pub options: BriefingOptions,
    pub pdf: PdfBytes,
    pub page_count: usize,
    pub previews: Vec<egui::ColorImage>,
}

/// Typesets, writes the PDF and draws the first pages (run off the UI thread).
pub fn typeset_book(
    project: &Project,
    options: BriefingOptions,
    now: jiff::Timestamp,
) -> Result<TypesetBook, String> {
    let document = typeset(project, &options, now).map_err(|e| e.to_string())?;
    let pdf = to_pdf(&document).map_err(|e| e.to_string())?;
    let previews = (0..document.pages().len().min(PREVIEW_PAGES))
        .filter_map(|i| render_page(&document, i, PREVIEW_SCALE))
        .map(|page| {
            egui::ColorImage::from_rgba_premultiplied(
                [page.width as usize, page.height as usize],
                &page.rgba,
            )
        })
        .collect();
    Ok(TypesetBook {
        options,
        pdf: PdfBytes(Arc::from(pdf)),
        page_count: document.pages().len(),
        previews,
    })
}

impl PlannerApp {
    /// Opens the preview for the schedule's person (if one is picked) and
    /// starts typesetting.
    pub(super) fn open_briefing(&mut self) {
        let people = people_choices(self.session.project());
        let options = BriefingOptions {
            person: self
                .views
                .schedule
                .filters
                .person
                .filter(|p| people.iter().any(|(id, _)| id == p)),
            paper: Paper::default(),
        };
        self.modals.push(Modal::Briefing(BriefingPreview::new(
            people,
            options.clone(),
        )));
        self.typeset_briefing(options);
    }

    pub(super) fn typeset_briefing(&mut self, options: BriefingOptions) {
        let (project, _) = self.session.import_inputs();
        let now = (self.clock)();
        let receiver = self.in_background(move || typeset_book(&project, options, now));
        self.job = Some(Job::Briefing { receiver });
    }

    /// The typeset book reached the preview (dropped if it was closed).
    pub(super) fn briefing_typeset(&mut self, book: Result<TypesetBook, String>) {
        match self.modals.iter_mut().rev().find_map(Modal::as_briefing) {
            Some(preview) if book.as_ref().is_ok_and(|b| b.options != preview.options) => {
                // Typeset for options changed since; the newer job follows.
            }
            Some(preview) => preview.show(book),
            None => {}
        }
    }

    pub(super) fn save_briefing(&mut self, pdf: PdfBytes, person: Option<PersonId>) {
        self.show_dialog(
            DialogKind::ExportBriefing,
            DialogPurpose::ExportBriefing { pdf, person },
        );
    }

    pub(super) fn write_briefing(&mut self, pdf: &PdfBytes, path: &Path) {
        let path = if path.extension().is_none() {
            path.with_extension("pdf")
        } else {
            path.to_path_buf()
        };
        match crate::io::write_atomic(&path, &pdf.0) {
            Ok(()) => {
                self.modals.retain(|m| !matches!(m, Modal::Briefing(_)));
                self.exported(format!("Saved the briefing book to {}", path.display()));
            }
            Err(err) => self.notices.error(format!(
                "Could not save the briefing book: {err}: {}",
                path.display()
            )),
        }
    }
}

/// The project's people as a picker lists them: by name, case aside.
pub(super) fn people_choices(project: &Project) -> Vec<(PersonId, String)> {
    let mut people: Vec<(PersonId, String)> = project
        .people
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    people.sort_by_cached_key(|(_, name)| name.to_lowercase());
    people
}

/// The preview: who and which paper, the first pages, Save PDF….
pub(super) struct BriefingPreview {
    people: Vec<(PersonId, String)>,
    pub(super) options: BriefingOptions,
    /// `None` while typesetting.
    book: Option<Result<TypesetBook, String>>,
    textures: Vec<egui::TextureHandle>,
    focused: bool,
}

impl BriefingPreview {
    fn new(people: Vec<(PersonId, String)>, options: BriefingOptions) -> Self {
        Self {
            people,
            options,
            book: None,
            textures: Vec::new(),
            focused: false,
        }
    }

    fn show(&mut self, book: Result<TypesetBook, String>) {
        self.book = Some(book);
        self.textures.clear();
        self.focused = false;
    }

    fn person_name(&self, person: Option<PersonId>) -> &str {
        person
            .and_then(|p| self.people.iter().find(|(id, _)| *id == p))
            .map_or("Whole mission", |(_, name)| name.as_str())
    }

    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        if let Some(Ok(book)) = &self.book
            && self.textures.is_empty()
        {
            self.textures = book
                .previews
                .iter()
                .enumerate()
                .map(|(i, image)| {
                    ctx.load_texture(
                        format!("briefing page {i}"),
                        image.clone(),
                        egui::TextureOptions::LINEAR,
                    )
                })
                .collect();
        }
        let list_was_open = egui::Popup::is_any_open(ctx);
        let response = egui::Modal::new(egui::Id::unique("briefing book")).show(ctx, |ui| {
            ui.set_width(820.0);
            crate::ui::accessibility::dialog_heading(ui, "Export briefing book");
            let mut options = self.options.clone();
            ui.horizontal(|ui| {
                let label = ui.label("For");
                egui::ComboBox::from_id_salt("briefing person")
                    .selected_text(self.person_name(options.person))
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut options.person, None, "Whole mission");
                        for (id, name) in &self.people {
                            ui.selectable_value(&mut options.person, Some(*id), name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.add_space(12.0);
                let label = ui.label("Paper");
                egui::ComboBox::from_id_salt("briefing paper")
                    .selected_text(options.paper.label())
                    .show_ui(ui, |ui| {
                        for paper in Paper::ALL {
                            ui.selectable_value(&mut options.paper, paper, paper.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.weak(if options.person.is_some() {
                "The map, their events only, a page a day, with travel between ports; then \
                 agreements, ports and contacts."
            } else {
                "Cover with both zones, contents, the map, the week day by day, agreements \
                 and corridors, port fact sheets, contacts."
            });
            if options != self.options {
                self.options = options.clone();
                self.book = None;
                self.textures.clear();
                answer = Answer::RunAndStay(Command::TypesetBriefing(options));
            }
            ui.add_space(6.0);
            let mut save = None;
            // The pages' place keeps its size while typesetting, so the
            // dialog does not jump under the pointer when they arrive.
            let preview_height = (ui.ctx().content_rect().height() * 0.6).max(200.0);
            let preview = egui::vec2(ui.available_width(), preview_height);
            ui.allocate_ui_with_layout(preview, egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.set_min_size(preview);
                match &self.book {
                    None => {
                        ui.horizontal(|ui| {
                            crate::ui::busy::spinner(ui);
                            ui.label("Typesetting…");
                        });
                    }
                    Some(Err(err)) => {
                        ui.colored_label(ui.visuals().error_fg_color, err);
                    }
                    Some(Ok(book)) => {
                        ui.label(if book.page_count > book.previews.len() {
                            format!(
                                "{} pages; the first {} shown.",
                                book.page_count,
                                book.previews.len()
                            )
                        } else {
                            format!("{} pages.", book.page_count)
                        });
                        egui::ScrollArea::vertical()
                            .max_height(ui.available_height())
                            .show(ui, |ui| {
                                ui.horizontal_wrapped(|ui| {
                                    for (i, texture) in self.textures.iter().enumerate() {
                                        let size =
                                            texture.size_vec2() * (250.0 / texture.size_vec2().x);
                                        ui.add(
                                            egui::Image::new((texture.id(), size))
                                                .alt_text(format!("Page {}", i + 1)),
                                        )
                                        .on_hover_text(format!("Page {}", i + 1));
                                    }
                                });
                            });
                        save = Some((book.pdf.clone(), book.options.person));
                    }
                }
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let button = ui.add_enabled(save.is_some(), egui::Button::new("Save PDF…"));
                if save.is_some() && !self.focused {
                    button.request_focus();
                    self.focused = true;
                }
                if (button.clicked() || super::modals::enter_for_default(ctx, list_was_open))
                    && let Some((pdf, person)) = save.take()
                {
                    answer = Answer::RunAndStay(Command::SaveBriefing { pdf, person });
                }
                if ui.button("Close").clicked() {
                    answer = Answer::Closed;
                }
                ui.label(RichText::new("Made here, offline; nothing leaves the computer.").weak());
            });
        });
        if super::modals::dismissed(ctx, &response, list_was_open) && matches!(answer, Answer::Open)
        {
            answer = Answer::Closed;
        }
        answer
    }
}
