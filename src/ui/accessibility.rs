//! What the screen reader is told about long texts: the lines in view.
//!
//! egui describes every laid-out row of a text widget to the screen reader
//! each frame (one `TextRun` node per row, with the position and width of
//! each character). For the 200 KB draft that is some 4,000 nodes, and the
//! screen reader's side compares them all with the last frame's: a typed
//! character took 30 times as long with a screen reader running. A screen
//! reader reads what is around the caret and what is shown, so the runs far
//! from the window (more than a window's height above or below it) are left
//! out of the tree, as editors that draw only what is in view do; the runs
//! holding the caret and the selection's ends always stay. Scrolling brings
//! the other lines in.

use std::collections::{HashMap, HashSet};

use egui::accesskit::{self, NodeId, Role};

/// An egui plugin that trims each frame's accessibility tree to the text
/// runs near the window. Added once to the context ([`install`]).
pub struct TextInView;

/// Adds [`TextInView`] to `ctx` unless it has it (cheap enough to ask each
/// frame, so that any context the app is drawn in has it).
pub fn install(ctx: &egui::Context) {
    if ctx.plugin_opt::<TextInView>().is_none() {
        ctx.add_plugin(TextInView);
    }
}

impl egui::Plugin for TextInView {
    fn debug_name(&self) -> &'static str {
        "text in view"
    }

    fn output_hook(&mut self, ctx: &egui::Context, output: &mut egui::FullOutput) {
        if let Some(update) = output.platform_output.accesskit_update.as_mut() {
            let window = ctx.content_rect();
            trim_text_runs(update, near(window));
        }
    }
}

/// Names the window in the accessibility tree, as its title bar does.
pub fn name_window(ctx: &egui::Context, title: &str) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
        node.set_label(title);
    });
}

/// Makes `message` (the status bar's) a live region: a screen reader says
/// a new message when it appears ("Saved …", "Could not compare …"),
/// interrupting for an error.
pub fn announce(message: &egui::Response, is_error: bool) {
    message.ctx.accesskit_node_builder(message.id, |node| {
        node.set_live(if is_error {
            accesskit::Live::Assertive
        } else {
            accesskit::Live::Polite
        });
    });
}

/// The band of the window and a window's height above and below it, in
/// egui points, as accessibility bounds are.
fn near(window: egui::Rect) -> (f64, f64) {
    let height = f64::from(window.height());
    (
        f64::from(window.top()) - height,
        f64::from(window.bottom()) + height,
    )
}

/// Leaves out of `update` every text run whose bounds lie wholly outside
/// the vertical `band`, unless it is on the line of the caret or of a
/// selection's end (the whole line: its runs point to each other). What is
/// kept runs from the start of a paragraph to its end, so that the text a
/// screen reader is given never joins the middle of one line to another
/// far away (it read "shore power and Clause 2951" as one sentence).
/// Returns how many runs were left out.
pub fn trim_text_runs(update: &mut accesskit::TreeUpdate, band: (f64, f64)) -> usize {
    let selection_ends: HashSet<NodeId> = update
        .nodes
        .iter()
        .filter_map(|(_, node)| node.text_selection())
        .flat_map(|selection| [selection.anchor.node, selection.focus.node])
        .collect();
    let selection_lines: Vec<(f64, f64)> = update
        .nodes
        .iter()
        .filter(|(id, _)| selection_ends.contains(id))
        .filter_map(|(_, node)| node.bounds())
        .map(|rect| (rect.y0, rect.y1))
        .collect();
    let far = |node: &accesskit::Node| {
        node.role() == Role::TextRun
            && node.bounds().is_some_and(|rect| {
                let outside = |(top, bottom): (f64, f64)| rect.y1 < top || rect.y0 > bottom;
                outside(band) && selection_lines.iter().all(|line| outside(*line))
            })
    };
    let mut left_out: HashSet<NodeId> = update
        .nodes
        .iter()
        .filter(|(_, node)| far(node))
        .map(|(id, _)| *id)
        .collect();
    if left_out.is_empty() {
        return 0;
    }
    keep_whole_paragraphs(update, &mut left_out);
    update.nodes.retain(|(id, _)| !left_out.contains(id));
    // A node no longer in its parent's children is gone from the tree.
    for (_, node) in &mut update.nodes {
        if node.children().iter().any(|child| left_out.contains(child)) {
            let children: Vec<NodeId> = node
                .children()
                .iter()
                .copied()
                .filter(|child| !left_out.contains(child))
                .collect();
            node.set_children(children);
        }
    }
    left_out.len()
}

/// Takes back into the tree the runs that finish the paragraph a kept run
/// is in, and those that begin it: a paragraph's last run ends with a line
/// break.
fn keep_whole_paragraphs(update: &accesskit::TreeUpdate, left_out: &mut HashSet<NodeId>) {
    let index: HashMap<NodeId, usize> = update
        .nodes
        .iter()
        .enumerate()
        .map(|(at, (id, _))| (*id, at))
        .collect();
    let ends_paragraph = |id: &NodeId| {
        index
            .get(id)
            .and_then(|at| update.nodes[*at].1.value())
            .is_some_and(|text| text.ends_with('\n'))
    };
    for (_, parent) in &update.nodes {
        let children = parent.children();
        if !children.iter().any(|child| left_out.contains(child)) {
            continue;
        }
        for pair in children.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            if !left_out.contains(before) && left_out.contains(after) && !ends_paragraph(before) {
                left_out.remove(after);
            }
        }
        for pair in children.windows(2).rev() {
            let (before, after) = (&pair[0], &pair[1]);
            if left_out.contains(before) && !left_out.contains(after) && !ends_paragraph(before) {
                left_out.remove(before);
            }
        }
    }
}

/// A modal's heading, which also names the modal's dialog for screen
/// readers (egui's modal is an unnamed dialog: an opened dialog was not
/// announced by name).
pub fn dialog_heading(ui: &mut egui::Ui, text: impl Into<egui::RichText>) -> egui::Response {
    let heading = ui.heading(text);
    dialog_node(ui, |node| node.push_labelled_by(heading.id.accesskit_id()));
    heading
}

/// Names the dialog of the modal `ui` draws in `name` for screen readers.
pub fn name_dialog(ui: &egui::Ui, name: &str) {
    dialog_node(ui, |node| node.set_label(name));
}

/// The modal's own dialog node (egui's, its area's), else `ui`'s made one.
fn dialog_node(ui: &egui::Ui, name: impl FnOnce(&mut accesskit::Node)) {
    let modal = ui
        .stack()
        .iter()
        .find(|frame| frame.kind() == Some(egui::UiKind::Modal))
        .map(|frame| frame.unique_id);
    ui.ctx()
        .accesskit_node_builder(modal.unwrap_or(ui.unique_id()), |node| {
            node.set_role(Role::Dialog);
            node.set_modal();
            name(node);
        });
}
