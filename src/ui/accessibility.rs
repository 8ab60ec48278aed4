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

use std::collections::HashSet;

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
/// selection's end (the whole line: its runs point to each other).
/// Returns how many were left out.
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
    let left_out: HashSet<NodeId> = update
        .nodes
        .iter()
        .filter(|(_, node)| far(node))
        .map(|(id, _)| *id)
        .collect();
    if left_out.is_empty() {
        return 0;
    }
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
