//! CPU time of one frame of each main view with a large generated project
//! (10,000 events, 2,000 agreements, 1,000 ports, 2,000 people), headless:
//! egui layout plus tessellation, as the real window does each frame, without
//! a GPU.

use criterion::{Criterion, criterion_group, criterion_main};
use trade_mission_planner::app::{Origin, PlannerApp};
use trade_mission_planner::io::dialogs::NativeDialogs;
use trade_mission_planner::model::{Entity, EntityRef};
use trade_mission_planner::settings::Settings;
use trade_mission_planner::synthetic::{Size, generate};
use trade_mission_planner::ui::View;

fn frame(ctx: &egui::Context, app: &mut PlannerApp) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.ui(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// The app on `project`, with a fixed "now" inside the 2023 mission.
fn bench_app(project: trade_mission_planner::model::Project) -> PlannerApp {
    PlannerApp::with_project(
        project,
        Origin::Untitled,
        Settings::default(),
        Box::new(NativeDialogs),
        Box::new(|| {
            "2023-03-12T00:00:00Z"
                .parse()
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        }),
    )
}

/// One frame in which the user types a character (`erase` false) or takes
/// it back with Backspace, so the draft stays the same length however many
/// iterations criterion runs.
fn typed_frame(ctx: &egui::Context, app: &mut PlannerApp, erase: bool) -> usize {
    let event = if erase {
        egui::Event::Key {
            key: egui::Key::Backspace,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    } else {
        egui::Event::Text("a".into())
    };
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        events: vec![event],
        ..Default::default()
    };
    let output = ctx.run_ui(input, |ui| app.ui(ui));
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn frames(c: &mut Criterion) {
    let project = generate(Size::LARGE);
    let selections: Vec<(View, Option<EntityRef>)> = vec![
        (View::Overview, None),
        (View::Ports, Some(project.ports[500].entity_ref())),
        (
            View::Organisations,
            Some(project.organisations[10].entity_ref()),
        ),
        (View::People, Some(project.people[1000].entity_ref())),
        (
            View::Agreements,
            Some(project.agreements[1000].entity_ref()),
        ),
        (View::Corridors, None),
        (View::Events, Some(project.events[5000].entity_ref())),
        (View::Schedule, None),
        (View::Problems, None),
    ];
    let mut app = bench_app(project);
    let ctx = egui::Context::default();
    let mut group = c.benchmark_group("frame");
    group.sample_size(30);
    for (view, selection) in selections {
        app.set_view(view);
        if let Some(target) = selection {
            app.show_entity(target);
        }
        // Warm the caches (row order, validation) and let layout settle.
        for _ in 0..3 {
            frame(&ctx, &mut app);
        }
        group.bench_function(view.label(), |b| b.iter(|| frame(&ctx, &mut app)));
    }
    group.finish();

    // The same frames through egui_kittest's harness, which also builds the
    // accessibility tree every frame (the window does that only when a
    // screen reader asks).
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    let mut group = c.benchmark_group("frame (kittest harness)");
    group.sample_size(20);
    for view in View::ALL {
        harness.state_mut().set_view(view);
        for _ in 0..3 {
            harness.step();
        }
        group.bench_function(view.label(), |b| b.iter(|| harness.step()));
    }
    group.finish();
}

/// Typing into a 200 KB draft: one character per frame, through the whole
/// app (the edit, its undo step, revalidation and the redraw).
fn draft_typing(c: &mut Criterion) {
    use egui_kittest::kittest::Queryable;
    let mut project = trade_mission_planner::sample::sample_project().unwrap_or_default();
    let paragraph = "The ports will cooperate on zero-emission cargo-handling equipment, \
                     shore power and the digitisation of the supply chain.\n";
    let draft: String = paragraph.repeat(200_000 / paragraph.len());
    let draft_chars = draft.chars().count();
    project.agreements[0].draft = draft;
    let target = project.agreements[0].entity_ref();
    let mut app = bench_app(project);
    app.show_entity(target);
    let ctx = egui::Context::default();
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    let mut group = c.benchmark_group("draft");
    group.sample_size(20);
    group.bench_function("frame with a 200 KB draft (bare context)", |b| {
        b.iter(|| frame(&ctx, &mut app))
    });
    // Typing: the editor focused, one character per frame, no accessibility tree.
    let editor = trade_mission_planner::ui::agreements::draft_editor_id(
        trade_mission_planner::model::AgreementId(301),
    );
    ctx.memory_mut(|m| m.request_focus(editor));
    frame(&ctx, &mut app);
    // The cursor in the middle of the draft, inside a paragraph of normal length.
    let mut state = egui::TextEdit::load_state(&ctx, editor).unwrap_or_default();
    let middle = egui::text::CCursor::new(draft_chars / 2);
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(middle)));
    state.store(&ctx, editor);
    frame(&ctx, &mut app);
    let mut erase = false;
    group.bench_function(
        "type one character into a 200 KB draft (bare context)",
        |b| {
            b.iter(|| {
                erase = !erase;
                typed_frame(&ctx, &mut app, !erase)
            })
        },
    );
    group.finish();
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1280.0, 800.0])
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    harness.run_steps(3);
    harness
        .get_by_role_and_label(egui::Role::MultilineTextInput, "Draft text")
        .focus();
    harness.run_steps(2);
    let mut group = c.benchmark_group("draft");
    group.sample_size(20);
    group.bench_function("idle frame with a 200 KB draft focused", |b| {
        b.iter(|| harness.step())
    });
    let mut state = egui::TextEdit::load_state(&harness.ctx, editor).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(middle)));
    state.store(&harness.ctx, editor);
    harness.step();
    group.bench_function("type one character into a 200 KB draft", |b| {
        b.iter(|| {
            erase = !erase;
            if erase {
                harness.key_press(egui::Key::Backspace);
            } else {
                harness.event(egui::Event::Text("a".into()));
            }
            harness.step();
        })
    });
    group.finish();
}

criterion_group!(benches, frames, draft_typing);
criterion_main!(benches);
