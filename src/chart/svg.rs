//! A chart as a static, accessible SVG document (native only: the command line and tests).

use plotters::prelude::IntoDrawingArea;
use plotters_svg::SVGBackend;

use super::scene::Scene;

/// The scene painted into an SVG string, with `role="img"`, a `<title>` and a `<desc>` (the
/// chart's name and its text summary) so a screen reader can read a chart pasted into a
/// report. `cursor` draws the cursor at that month as well.
pub fn to_svg(scene: &Scene, title: &str, desc: &str, cursor: Option<usize>) -> String {
    let mut out = String::new();
    {
        let size = (
            scene.size.width.round().max(1.0) as u32,
            scene.size.height.round().max(1.0) as u32,
        );
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        // The SVG backend writes to a string: it cannot fail.
        let _ = super::paint(scene, &area);
        if let Some(i) = cursor {
            let _ = super::paint_cursor(scene, i, &area);
        }
        let _ = area.present();
    }
    let Some(open_end) = out
        .find("<svg")
        .and_then(|a| out[a..].find('>').map(|b| a + b))
    else {
        return out;
    };
    let head = format!(
        " role=\"img\" aria-labelledby=\"pcc-spc-title pcc-spc-desc\">\n<title id=\"pcc-spc-title\">{}</title>\n<desc id=\"pcc-spc-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    out.replace_range(open_end..open_end + 1, &head);
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
