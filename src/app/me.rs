//! Edit → This is me…: the delegate says which person of the project they
//! are (remembered on this computer, by name, so a colleague's copy knows
//! them too). The schedule and Export calendar then begin with their agenda,
//! the second ruler shows their zone, and revisions are recorded in their
//! name.

use egui::RichText;

use super::PlannerApp;
use super::modals::{Answer, Modal};
use crate::commands::Command;
use crate::model::{Person, Project};

pub(super) struct ThisIsMe {
    /// (name, what they are), as listed.
    people: Vec<(String, String)>,
    current: Option<String>,
    focused: bool,
}

impl PlannerApp {
    pub(super) fn open_this_is_me(&mut self) {
        let project = self.session.project();
        let people = project
            .people
            .iter()
            .map(|p| (p.name.clone(), describe(project, p)))
            .collect();
        self.modals.push(Modal::ThisIsMe(ThisIsMe {
            people,
            current: self.me().map(|p| p.name.clone()),
            focused: false,
        }));
    }

    /// The person of this project the delegate said they are.
    pub fn me(&self) -> Option<&Person> {
        let name = self.settings.me.as_deref()?.trim();
        self.session
            .project()
            .people
            .iter()
            .find(|p| !name.is_empty() && p.name.trim().eq_ignore_ascii_case(name))
    }

    /// Remembers who the delegate is (`None`: nobody in particular).
    pub(super) fn set_me(&mut self, name: Option<String>) {
        if let Some(name) = &name {
            self.settings.delegate_name.clone_from(name);
        }
        self.settings.me = name;
        self.views.schedule.filters.person = None;
        self.views.schedule.second_zone = None;
        self.apply_me_to_views();
        match self.me() {
            Some(me) => self.notices.info(format!(
                "You are {}: the schedule shows your agenda, and revisions are recorded in your name",
                me.name
            )),
            None => self
                .notices
                .info("Nobody in particular: the schedule shows everyone".to_owned()),
        }
    }

    /// Fresh views for a new document, begun from the delegate's agenda.
    pub(super) fn fresh_views(&mut self) {
        self.views = Default::default();
        self.apply_me_to_views();
    }

    pub(super) fn apply_me_to_views(&mut self) {
        let project = self.session.project();
        let Some(me) = self.me() else {
            return;
        };
        let (id, zone) = (me.id, my_zone(project, me));
        self.views.schedule.filters.person = Some(id);
        if let Some(zone) = zone
            && zone != project.mission.host_zone
        {
            self.views.schedule.second_zone = Some(zone);
        }
    }
}

/// The zone of the port whose authority is the person's organisation (the
/// Port of Los Angeles for its staff); else, for the home side, the home zone.
fn my_zone(project: &Project, person: &Person) -> Option<String> {
    let organisation = person.organisation?;
    project
        .ports
        .iter()
        .find(|port| port.authority == Some(organisation) && !port.time_zone.is_empty())
        .map(|port| port.time_zone.clone())
}

fn describe(project: &Project, person: &Person) -> String {
    let organisation = person
        .organisation
        .and_then(|id| project.organisations.iter().find(|o| o.id == id))
        .map_or("", |o| o.name.as_str());
    [person.role.label(), organisation]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

impl ThisIsMe {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let response = egui::Modal::new(egui::Id::unique("this is me")).show(ctx, |ui| {
            ui.set_width(480.0);
            crate::ui::accessibility::dialog_heading(ui, "This is me");
            ui.label(
                "The schedule and Export calendar begin with your agenda, the second ruler \
                 shows your zone, and revisions are recorded in your name. Remembered on this \
                 computer.",
            );
            ui.add_space(6.0);
            egui::ScrollArea::vertical()
                .max_height(
                    320.0_f32
                        .min(ctx.content_rect().height() - 200.0)
                        .max(100.0),
                )
                .show(ui, |ui| {
                    let nobody = ui.selectable_label(
                        self.current.is_none(),
                        "Nobody in particular (show everyone)",
                    );
                    if nobody.clicked() {
                        answer = Answer::Run(Command::SetMe(None));
                    }
                    for (name, detail) in &self.people {
                        let text = RichText::new(format!("{name}  ·  {detail}"));
                        let row = ui.selectable_label(self.current.as_ref() == Some(name), text);
                        // The keyboard starts on the current choice (Tab,
                        // Shift+Tab move; Enter or Space chooses).
                        if !self.focused && self.current.as_ref() == Some(name) {
                            row.request_focus();
                            self.focused = true;
                        }
                        if row.clicked() {
                            answer = Answer::Run(Command::SetMe(Some(name.clone())));
                        }
                    }
                    if !self.focused {
                        nobody.request_focus();
                        self.focused = true;
                    }
                });
            ui.add_space(6.0);
            if ui.button("Cancel").clicked() {
                answer = Answer::Closed;
            }
        });
        if super::modals::dismissed(ctx, &response, false) && matches!(answer, Answer::Open) {
            answer = Answer::Closed;
        }
        answer
    }
}
