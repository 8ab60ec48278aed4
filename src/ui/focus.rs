//! Where the keyboard goes around questions (egui's modals): to a chosen
//! widget once a question has gone, back to where it was when one closes.

const FOCUS_AFTER_QUESTION: &str = "focus this once no question is over the window";

/// Gives `id` the keyboard focus once the question over the window that is
/// closing now has gone: egui keeps the focus to a question's layer until
/// the frame after the one it was last drawn in.
pub fn focus_after_question(ctx: &egui::Context, id: egui::Id) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(FOCUS_AFTER_QUESTION), id));
}

/// Called as each frame begins: see [`focus_after_question`].
pub fn apply_focus_after_question(ctx: &egui::Context) {
    if let Some(id) = take_once_questions_gone(ctx, FOCUS_AFTER_QUESTION) {
        ctx.memory_mut(|m| m.request_focus(id));
    }
}

/// The widget kept under `key` once no question is over the window (egui
/// keeps a closing question's layer a frame longer): taken, so once.
fn take_once_questions_gone(ctx: &egui::Context, key: &str) -> Option<egui::Id> {
    let key = egui::Id::unique(key);
    let id = ctx.data(|d| d.get_temp::<egui::Id>(key))?;
    if ctx.memory(|m| m.top_modal_layer()).is_some() {
        ctx.request_repaint();
        return None;
    }
    ctx.data_mut(|d| d.remove::<egui::Id>(key));
    Some(id)
}

const FOCUS_GIVEN_BACK: &str = "focus given back once the question has gone";

/// Gives the keyboard back to `id` (where it was before a question opened)
/// once the question closing now has gone, unless a control of the window
/// has taken it by then (Ctrl+K's choice opens a form with the cursor in
/// it). Without this the focus went nowhere, and Tab started again at the
/// File menu.
pub fn give_focus_back(ctx: &egui::Context, id: egui::Id) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::unique(FOCUS_GIVEN_BACK), id));
}

/// Another question opened: the focus is given back when that one closes.
pub fn keep_focus_for_later(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<egui::Id>(egui::Id::unique(FOCUS_GIVEN_BACK)));
}

/// Called as each frame begins: see [`give_focus_back`].
pub fn apply_focus_given_back(ctx: &egui::Context) {
    let Some(id) = take_once_questions_gone(ctx, FOCUS_GIVEN_BACK) else {
        return;
    };
    // Still on the question's controls (gone now), or on nothing.
    let stale = ctx.memory(|m| m.focused()).is_none_or(|focused| {
        ctx.read_response(focused)
            .is_none_or(|r| r.layer_id.order != egui::Order::Background)
    });
    if stale {
        ctx.memory_mut(|m| m.request_focus(id));
    }
}

/// A ring around `response` while it has the keyboard: a focused menu item
/// was a dark grey on a darker one (about 1.2:1), where a person could not
/// see which item Enter would choose.
pub fn ring_when_focused(ui: &egui::Ui, response: &egui::Response) {
    if response.has_focus() {
        ui.painter().rect_stroke(
            response.rect,
            ui.visuals().widgets.hovered.corner_radius,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
}
