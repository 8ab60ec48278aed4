//! A month calendar under a date's button, as usable by keyboard as by
//! mouse: it opens on the date the field holds (every time), says which
//! month it shows, names each day in full for a screen reader, and moves
//! with the arrows (a day, a week), Page Up/Down (a month) and Home/End
//! (the month's first and last day). Enter or a click picks, Esc closes.
//! egui_extras' picker showed no month or year once its lists were hidden
//! for want of names, reopened on a month the person had left with Esc,
//! and took fifty Tabs to reach its Save.

use egui::{Align2, Key, Modifiers, Response, RichText, Ui};
use jiff::ToSpan;
use jiff::civil::Date;

/// What a day's button, or the calendar, is answered with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Picked {
    /// Nothing yet (or the calendar is closed).
    Nothing,
    /// This day was chosen: the calendar closed.
    Day(Date),
    /// Closed without a choice (Esc, a click elsewhere).
    Closed,
}

/// The calendar's day with the keyboard while it is open, under the
/// button's id.
#[derive(Clone, Copy)]
struct Open {
    cursor: Date,
    /// The frame it opened in: a click elsewhere closes it, not the click
    /// that opened it.
    since: u64,
}

/// A button showing `value` ("Sat 11 Mar") that opens the calendar below
/// it. Returns the button and what was picked this frame.
pub fn button(ui: &mut Ui, id_salt: &str, value: Date) -> (Response, Picked) {
    let state_id = ui.make_persistent_id(("calendar", id_salt));
    let mut open: Option<Open> = ui.data(|d| d.get_temp(state_id));
    let text = value.strftime("%a %-d %b").to_string();
    let response = ui.add(egui::Button::new(text).selected(open.is_some()));
    let frame = ui.ctx().cumulative_frame_nr();
    if response.clicked() {
        open = match open {
            Some(_) => None,
            None => Some(Open {
                cursor: value,
                since: frame,
            }),
        };
    }
    let mut picked = Picked::Nothing;
    if let Some(mut state) = open {
        let opened_now = state.since == frame;
        picked = calendar_ui(ui, &response, &mut state, value, opened_now);
        open = match picked {
            Picked::Nothing => Some(state),
            Picked::Day(_) | Picked::Closed => {
                // The keyboard goes on from the button, as from a list.
                response.request_focus();
                None
            }
        };
        if open.is_none() && picked == Picked::Nothing {
            picked = Picked::Closed;
        }
    } else if response.clicked() {
        picked = Picked::Closed;
    }
    ui.data_mut(|d| match open {
        Some(state) => {
            d.insert_temp(state_id, state);
        }
        None => d.remove::<Open>(state_id),
    });
    if open.is_some() {
        let frame = ui.ctx().cumulative_frame_nr();
        ui.data_mut(|d| d.insert_temp(egui::Id::unique(CALENDAR_OPEN), frame));
    }
    (response, picked)
}

const CALENDAR_OPEN: &str = "a date field's calendar is open";

/// Whether a calendar was open in the last frame: what reads keys before
/// the fields draw (a dialog's Esc) leaves them to it.
pub fn is_open(ctx: &egui::Context) -> bool {
    let last = ctx.data(|d| d.get_temp::<u64>(egui::Id::unique(CALENDAR_OPEN)));
    last.is_some_and(|frame| frame + 1 >= ctx.cumulative_frame_nr())
}

/// The month of `state.cursor` under `button`; moves the cursor with the
/// keys, and says what was picked.
fn calendar_ui(
    ui: &mut Ui,
    button: &Response,
    state: &mut Open,
    value: Date,
    opened_now: bool,
) -> Picked {
    let keys = [
        (Key::ArrowLeft, -1.days()),
        (Key::ArrowRight, 1.days()),
        (Key::ArrowUp, -7.days()),
        (Key::ArrowDown, 7.days()),
        (Key::PageUp, -1.month()),
        (Key::PageDown, 1.month()),
    ];
    let mut moved = false;
    // The key that opened it (Enter, Space) is not also its first answer.
    let keys = if opened_now { &keys[..0] } else { &keys[..] };
    for &(key, span) in keys {
        let presses = ui.input_mut(|i| i.count_and_consume_key(Modifiers::NONE, key));
        for _ in 0..presses {
            if let Ok(date) = state.cursor.checked_add(span) {
                state.cursor = date;
                moved = true;
            }
        }
    }
    if !opened_now && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Home)) {
        state.cursor = state.cursor.first_of_month();
        moved = true;
    }
    if !opened_now && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::End)) {
        state.cursor = state.cursor.last_of_month();
        moved = true;
    }
    if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        return Picked::Closed;
    }
    let enter = !opened_now && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
    let area = egui::Area::new(button.id.with("calendar area"))
        .order(egui::Order::Foreground)
        .fixed_pos(button.rect.left_bottom() + egui::vec2(0.0, 4.0))
        .pivot(Align2::LEFT_TOP)
        .constrain(true);
    let mut picked = if enter {
        Picked::Day(state.cursor)
    } else {
        Picked::Nothing
    };
    let shown = area.show(ui.ctx(), |ui| {
        egui::Frame::popup(ui.style()).show(ui, |ui| {
            let month = state.cursor.strftime("%B %Y").to_string();
            ui.horizontal(|ui| {
                let previous = ui.small_button("◀");
                crate::ui::widgets::set_accessible_name(
                    &previous,
                    egui::Role::Button,
                    "Previous month",
                );
                ui.add_sized(
                    [150.0, 18.0],
                    egui::Label::new(RichText::new(&month).strong()),
                );
                let next = ui.small_button("▶");
                crate::ui::widgets::set_accessible_name(&next, egui::Role::Button, "Next month");
                let step = if previous.clicked() {
                    Some(-1.month())
                } else if next.clicked() {
                    Some(1.month())
                } else {
                    None
                };
                if let Some(date) = step.and_then(|span| state.cursor.checked_add(span).ok()) {
                    state.cursor = date;
                }
            });
            if let Some(day) = month_grid(ui, state.cursor, value, moved || opened_now) {
                picked = Picked::Day(day);
            }
            ui.weak("← → ↑ ↓ a day or week, Page Up/Down a month, Enter picks, Esc closes")
                .on_hover_text("Home and End: the month's first and last day");
        });
    });
    let elsewhere = ui.input(|i| i.pointer.any_click())
        && ui.ctx().cumulative_frame_nr() > state.since
        && !shown.response.contains_pointer()
        && !button.contains_pointer();
    if picked == Picked::Nothing && elsewhere {
        picked = Picked::Closed;
    }
    picked
}

/// The weeks of `cursor`'s month, Monday first; the cursor's day is
/// selected (and takes the keyboard when `focus`), `value`'s is underlined.
/// Returns a day clicked.
fn month_grid(ui: &mut Ui, cursor: Date, value: Date, focus: bool) -> Option<Date> {
    let first = cursor.first_of_month();
    let lead = i64::from(first.weekday().to_monday_zero_offset());
    let mut clicked = None;
    egui::Grid::new("calendar days")
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for name in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
                ui.weak(name);
            }
            ui.end_row();
            for cell in 0..42_i64 {
                let Ok(day) = first.checked_add((cell - lead).days()) else {
                    continue;
                };
                if day.month() != first.month() {
                    ui.label("");
                } else {
                    let mut text = RichText::new(day.day().to_string());
                    if day == value {
                        text = text.strong().underline();
                    }
                    let response = ui.add_sized(
                        [28.0, 22.0],
                        egui::Button::new(text).selected(day == cursor),
                    );
                    let name = day.strftime("%A %-d %B %Y").to_string();
                    crate::ui::widgets::set_accessible_name(&response, egui::Role::Button, &name);
                    if day == cursor && focus {
                        response.request_focus();
                    }
                    if response.clicked() {
                        clicked = Some(day);
                    }
                }
                if cell % 7 == 6 {
                    ui.end_row();
                }
            }
        });
    clicked
}
