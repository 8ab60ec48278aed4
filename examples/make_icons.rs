//! Renders the app icon's PNG sizes from its SVG source, for the window,
//! the .deb and the install script:
//! `cargo run --example make_icons` (writes assets/icons/png/).

use std::path::Path;

/// The sizes freedesktop's hicolor theme and the packagers look for.
const SIZES: [u32; 7] = [16, 32, 48, 64, 128, 256, 512];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons");
    let svg = std::fs::read(source.join("trade-mission-planner.svg"))?;
    let tree = resvg::usvg::Tree::from_data(&svg, &resvg::usvg::Options::default())?;
    let out = source.join("png");
    std::fs::create_dir_all(&out)?;
    for size in SIZES {
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or("empty icon size")?;
        let scale = size as f32 / tree.size().width();
        let transform = resvg::tiny_skia::Transform::from_scale(scale, scale);
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        let file = out.join(format!("trade-mission-planner-{size}.png"));
        pixmap.save_png(&file)?;
        println!("{}", file.display());
    }
    Ok(())
}
