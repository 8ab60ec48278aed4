//! Where a Map frame's time goes (layout vs tessellation), for tuning.
use trade_mission_planner::app::{Origin, PlannerApp};
use trade_mission_planner::settings::Settings;
use trade_mission_planner::synthetic::{Size, add_corridors, generate};
use trade_mission_planner::ui::View;
use trade_mission_planner::ui::dialogs::NativeDialogs;

fn main() {
    let agreements: usize = std::env::var("AGREEMENTS")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let mut project = generate(Size {
        agreements,
        ..Size::LARGE
    });
    add_corridors(&mut project, 500);
    let mut app = PlannerApp::with_project(
        project,
        Origin::Untitled,
        Settings::default(),
        Box::new(NativeDialogs),
        Box::new(jiff::Timestamp::now),
    );
    app.set_view(View::Map);
    let ctx = egui::Context::default();
    ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let (mut layout, mut tess, mut shapes, mut vertices) = (0.0, 0.0, 0, 0);
    let frames: usize = 60;
    for i in 0..frames + 5 {
        let key = if i.is_multiple_of(2) {
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
        let t = std::time::Instant::now();
        let output = ctx.run_ui(input, |ui| app.ui(ui));
        let t2 = std::time::Instant::now();
        let n = output.shapes.len();
        let meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
        let t3 = std::time::Instant::now();
        if i >= 5 {
            layout += (t2 - t).as_secs_f64();
            tess += (t3 - t2).as_secs_f64();
            shapes = n;
            vertices = meshes
                .iter()
                .map(|m| match &m.primitive {
                    egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
                    _ => 0,
                })
                .sum();
        }
    }
    println!(
        "layout {:.2} ms, tessellate {:.2} ms, {shapes} shapes, {vertices} vertices",
        layout * 1000.0 / frames as f64,
        tess * 1000.0 / frames as f64
    );
}
