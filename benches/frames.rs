//! CPU time of one frame of each main view with a large generated project
//! (10,000 events, 2,000 agreements, 1,000 ports, 2,000 people), headless:
//! egui layout plus tessellation, as the real window does each frame, without
//! a GPU.

use criterion::{Criterion, criterion_group, criterion_main};
use trade_mission_planner::app::{Origin, PlannerApp};
use trade_mission_planner::model::{Entity, EntityRef};
use trade_mission_planner::settings::Settings;
use trade_mission_planner::synthetic::{Size, generate};
use trade_mission_planner::ui::View;
use trade_mission_planner::ui::dialogs::NativeDialogs;

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

/// The window's fallback to the system's fonts, for the Japanese names
/// (without it egui refuses to lay out 人物 or 東京港).
fn add_system_fonts(ctx: &egui::Context) {
    ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

fn context() -> egui::Context {
    let ctx = egui::Context::default();
    add_system_fonts(&ctx);
    ctx
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

/// Typing the letter a, or Backspace.
fn typing_event(erase: bool) -> egui::Event {
    if erase {
        egui::Event::Key {
            key: egui::Key::Backspace,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    } else {
        egui::Event::Text("a".into())
    }
}

/// One frame in which the user types a character (`erase` false) or takes
/// it back with Backspace, so the draft stays the same length however many
/// iterations criterion runs.
fn typed_frame(ctx: &egui::Context, app: &mut PlannerApp, erase: bool) -> usize {
    let event = typing_event(erase);
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
    let ctx = context();
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
        .with_context_setup(add_system_fonts)
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
    // Shaped like a real agreement: numbered clause headings, paragraphs
    // separated by blank lines, a little Japanese.
    let mut draft = String::from("# Memorandum of Understanding\n\n");
    for n in 1.. {
        if draft.len() >= 200_000 {
            break;
        }
        draft += &format!(
            "## {n}. Cooperation area {n}\n\n\
             {n}.1 The ports will cooperate on zero-emission cargo-handling equipment, \
             shore power and the digitisation of the supply chain (東京港).\n\n\
             {n}.2 Each port will report its progress to the other every quarter.\n\n"
        );
    }
    let draft_chars = draft.chars().count();
    // Revised ten times: ten recorded versions of the same size.
    let revisions = project.agreements[0].revisions.clone();
    project.agreements[0].revisions = (1..=10)
        .map(|number| trade_mission_planner::model::Revision {
            number,
            text: draft.as_str().into(),
            ..revisions[0].clone()
        })
        .collect();
    project.agreements[0].draft = draft;
    let target = project.agreements[0].entity_ref();
    let mut app = bench_app(project);
    app.show_entity(target);
    // Ctrl+H: the agreement form's Draft page, as a delegate would open it.
    app.run_command(trade_mission_planner::commands::Command::FindInDraft);
    let ctx = context();
    // The real window's fallback fonts, so the Japanese in the draft is
    // shaped as it is on screen.
    ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    let mut group = c.benchmark_group("draft");
    group.sample_size(20);
    group.bench_function("frame with a 200 KB draft (bare context)", |b| {
        b.iter(|| frame(&ctx, &mut app))
    });
    let preview_ctx = egui::Context::default();
    let preview_text = app.document().project().agreements[0].draft.clone();
    let mut preview_cache = egui_commonmark::CommonMarkCache::default();
    group.bench_function("preview of a 200 KB draft (bare context)", |b| {
        b.iter(|| {
            let output = preview_ctx.run_ui(egui::RawInput::default(), |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    trade_mission_planner::ui::drafting::preview_ui(
                        ui,
                        trade_mission_planner::model::AgreementId(301),
                        &preview_text,
                        500.0,
                        &mut preview_cache,
                    )
                });
            });
            output.shapes.len()
        })
    });
    // The same draft in a bare egui TextEdit (with the same buffer), for
    // comparison: what egui itself costs per frame for this much text.
    {
        let ectx = egui::Context::default();
        let mut text = preview_text.clone();
        let id = egui::Id::unique("lone editor");
        let run = |ectx: &egui::Context, text: &mut String, events: Vec<egui::Event>| {
            let input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(1280.0, 800.0),
                )),
                events,
                ..Default::default()
            };
            let out = ectx.run_ui(input, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(
                            &mut trade_mission_planner::ui::text_buffer::LongText(text),
                        )
                        .id(id)
                        .desired_width(f32::INFINITY),
                    );
                });
            });
            ectx.tessellate(out.shapes, out.pixels_per_point).len()
        };
        run(&ectx, &mut text, vec![]);
        ectx.memory_mut(|m| m.request_focus(id));
        run(&ectx, &mut text, vec![]);
        let mut state = egui::TextEdit::load_state(&ectx, id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(
                egui::text::CCursor::new(draft_chars / 2),
            )));
        state.store(&ectx, id);
        run(&ectx, &mut text, vec![]);
        group.bench_function("egui TextEdit alone, idle (reference)", |b| {
            b.iter(|| run(&ectx, &mut text, vec![]))
        });
        let mut erase = false;
        group.bench_function("egui TextEdit alone, typing (reference)", |b| {
            b.iter(|| {
                erase = !erase;
                run(&ectx, &mut text, vec![typing_event(erase)])
            })
        });
    }
    // Typing: the editor focused, one character per frame, no accessibility tree.
    let editor = trade_mission_planner::ui::drafting::draft_editor_id(
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
        .with_context_setup(add_system_fonts)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::FindInDraft);
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

criterion_group!(benches, frames, draft_typing, map_panning);
criterion_main!(benches);

/// The Map view with 1,000 ports and 500 corridors, panned by an arrow key
/// every frame with the pointer over the map (land, arcs and markers move;
/// labels were placed for this zoom already).
fn map_panning(c: &mut Criterion) {
    let mut project = generate(Size::LARGE);
    trade_mission_planner::synthetic::add_corridors(&mut project, 500);
    let mut app = bench_app(project);
    app.set_view(View::Map);
    let ctx = context();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let mut step = 0_usize;
    let mut panned_frame = |app: &mut PlannerApp| {
        step += 1;
        let key = if step.is_multiple_of(2) {
            egui::Key::ArrowLeft
        } else {
            egui::Key::ArrowRight
        };
        let input = egui::RawInput {
            screen_rect: Some(screen),
            events: vec![
                egui::Event::PointerMoved(egui::pos2(700.0, 450.0)),
                egui::Event::Key {
                    key,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: egui::Modifiers::NONE,
                },
            ],
            ..Default::default()
        };
        let output = ctx.run_ui(input, |ui| app.ui(ui));
        ctx.tessellate(output.shapes, output.pixels_per_point).len()
    };
    for _ in 0..5 {
        panned_frame(&mut app);
    }
    let mut group = c.benchmark_group("map");
    group.sample_size(30);
    group.bench_function("frame while panning (1,000 ports, 500 corridors)", |b| {
        b.iter(|| panned_frame(&mut app))
    });
    group.finish();
}
