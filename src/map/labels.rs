//! Where the ports' labels go: each beside its marker, in order of
//! priority, on the first side where it overlaps no label already placed;
//! a label with no free side is left out (the marker's tooltip still names
//! it). Placed rectangles are kept in a grid of cells, so placing is about
//! linear in the number of labels.

use std::collections::HashMap;

/// A rectangle in screen units (pixels, y down).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct LabelRect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl LabelRect {
    /// Do the two overlap (touching edges do not)?
    pub fn overlaps(&self, other: &LabelRect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// A label to place: its marker's centre, its text's size, and its
/// priority (lower is placed first).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct LabelRequest {
    pub anchor: [f32; 2],
    pub size: [f32; 2],
    pub priority: u32,
}

/// Gap between a marker's centre and its label (more than a marker's radius).
const GAP: f32 = 8.0;

/// The candidate rectangles around an anchor, best first: right, left,
/// above, below, then the four diagonals.
fn candidates(request: &LabelRequest) -> [LabelRect; 8] {
    let [x, y] = request.anchor;
    let [w, h] = request.size;
    let at = |x: f32, y: f32| LabelRect {
        x,
        y,
        width: w,
        height: h,
    };
    [
        at(x + GAP, y - h / 2.0),
        at(x - GAP - w, y - h / 2.0),
        at(x - w / 2.0, y - GAP - h),
        at(x - w / 2.0, y + GAP),
        at(x + GAP, y - GAP - h),
        at(x + GAP, y + GAP),
        at(x - GAP - w, y - GAP - h),
        at(x - GAP - w, y + GAP),
    ]
}

/// Places the labels: the result has one entry per request, in the same
/// order, `None` where the label is left out. No two placed rectangles
/// overlap, none covers an obstacle (the markers, so that no port hides
/// under another's name), and none leaves `bounds` (when given).
pub fn place_labels(
    requests: &[LabelRequest],
    obstacles: &[LabelRect],
    bounds: Option<LabelRect>,
) -> Vec<Option<LabelRect>> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| requests[i].priority);
    let cell = requests
        .iter()
        .map(|r| r.size[0].max(r.size[1]))
        .fold(16.0_f32, f32::max)
        .min(400.0);
    let mut grid: HashMap<(i32, i32), Vec<LabelRect>> = HashMap::new();
    let cells_of = |rect: &LabelRect| {
        let x0 = (rect.x / cell).floor() as i32;
        let x1 = ((rect.x + rect.width) / cell).floor() as i32;
        let y0 = (rect.y / cell).floor() as i32;
        let y1 = ((rect.y + rect.height) / cell).floor() as i32;
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    };
    for obstacle in obstacles {
        for key in cells_of(obstacle) {
            grid.entry(key).or_default().push(*obstacle);
        }
    }
    let mut placed = vec![None; requests.len()];
    for i in order {
        let request = &requests[i];
        if !(request.anchor[0].is_finite() && request.anchor[1].is_finite()) {
            continue;
        }
        let free = candidates(request).into_iter().find(|rect| {
            let inside = bounds.is_none_or(|b| {
                rect.x >= b.x
                    && rect.y >= b.y
                    && rect.x + rect.width <= b.x + b.width
                    && rect.y + rect.height <= b.y + b.height
            });
            inside
                && cells_of(rect).all(|key| {
                    grid.get(&key)
                        .is_none_or(|others| others.iter().all(|o| !o.overlaps(rect)))
                })
        });
        if let Some(rect) = free {
            for key in cells_of(&rect) {
                grid.entry(key).or_default().push(rect);
            }
            placed[i] = Some(rect);
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_label_goes_right_of_its_marker() {
        let placed = place_labels(
            &[LabelRequest {
                anchor: [100.0, 100.0],
                size: [40.0, 12.0],
                priority: 0,
            }],
            &[],
            None,
        );
        assert_eq!(
            placed[0],
            Some(LabelRect {
                x: 108.0,
                y: 94.0,
                width: 40.0,
                height: 12.0
            })
        );
    }

    #[test]
    fn the_more_important_label_keeps_its_place() {
        let near = |priority, x| LabelRequest {
            anchor: [x, 100.0],
            size: [40.0, 12.0],
            priority,
        };
        let placed = place_labels(&[near(5, 100.0), near(0, 102.0)], &[], None);
        assert_eq!(placed[1].map(|r| r.x), Some(110.0), "right of its marker");
        assert!(
            placed[0].is_some_and(|r| r.x < 100.0),
            "moved aside: {placed:?}"
        );
    }

    #[test]
    fn a_label_never_covers_another_ports_marker() {
        // A marker just right of the first port: its label goes elsewhere.
        let marker = LabelRect {
            x: 112.0,
            y: 94.0,
            width: 12.0,
            height: 12.0,
        };
        let placed = place_labels(
            &[LabelRequest {
                anchor: [100.0, 100.0],
                size: [40.0, 12.0],
                priority: 0,
            }],
            &[marker],
            None,
        );
        let label = placed[0].unwrap_or(marker);
        assert!(!label.overlaps(&marker), "{label:?}");
        assert_eq!(label.x, 100.0 - 8.0 - 40.0, "left of its marker");
    }
}
