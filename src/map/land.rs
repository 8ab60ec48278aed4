//! The bundled land: Natural Earth's 1:110m and 1:50m land polygons,
//! projected, simplified and triangulated once by `examples/make_map_asset.rs`
//! into `assets/map/land.bin`, so that start-up parses no GeoJSON and the
//! map fills ready-made triangles (egui fills only convex paths).
//!
//! The file is little-endian: the magic `TMPLAND1`, a level count, and per
//! level a polygon count and per polygon its bounds (4 × f32), its ring
//! lengths, its points (x, y as f32 map units) and its triangle indices.

use std::ops::Range;
use std::sync::LazyLock;

use super::{MapPoint, MapRect};

/// How detailed the land is: coarse for the world, detailed zoomed in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Detail {
    /// Natural Earth 1:110m.
    Coarse,
    /// Natural Earth 1:50m.
    Detailed,
}

impl Detail {
    /// The detail for a view this many map units (degrees) wide: the 1:50m
    /// land once the view spans less than a quarter of the world.
    pub fn for_view_width(width: f64) -> Self {
        if width < 90.0 {
            Self::Detailed
        } else {
            Self::Coarse
        }
    }
}

/// One land polygon: its outer ring and holes, and triangles covering it.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct LandPolygon {
    pub bounds: Option<MapRect>,
    /// The rings (outer first) as ranges of `points`; rings are not closed
    /// (the last point is not the first again).
    pub rings: Vec<Range<usize>>,
    /// `[x, y]` in map units.
    pub points: Vec<[f32; 2]>,
    /// Indices into `points`, three a triangle.
    pub triangles: Vec<u32>,
}

/// All the polygons of one level of detail.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct LandLevel {
    pub polygons: Vec<LandPolygon>,
}

/// Both levels.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Land {
    pub coarse: LandLevel,
    pub detailed: LandLevel,
}

impl Land {
    pub fn level(&self, detail: Detail) -> &LandLevel {
        match detail {
            Detail::Coarse => &self.coarse,
            Detail::Detailed => &self.detailed,
        }
    }
}

const MAGIC: &[u8; 8] = b"TMPLAND1";

/// Why the land file could not be read (only a broken build gets this: the
/// file is compiled in and checked by the tests).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LandError {
    #[error("the land file does not start with {MAGIC:?}")]
    Magic,
    #[error("the land file ends early, at byte {0}")]
    Truncated(usize),
    #[error("the land file has a triangle index out of range in polygon {0}")]
    Index(usize),
}

/// The land compiled into the binary, decoded on first use (a few ms).
pub fn bundled() -> &'static Land {
    static LAND: LazyLock<Land> =
        LazyLock::new(|| decode(include_bytes!("../../assets/map/land.bin")).unwrap_or_default());
    &LAND
}

/// Writes the file format (used by the asset maker).
pub fn encode(land: &Land) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    let push_u32 = |out: &mut Vec<u8>, v: usize| {
        out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
    };
    push_u32(&mut out, 2);
    for level in [&land.coarse, &land.detailed] {
        push_u32(&mut out, level.polygons.len());
        for polygon in &level.polygons {
            let b = polygon.bounds.unwrap_or(MapRect {
                min: MapPoint::default(),
                max: MapPoint::default(),
            });
            for v in [b.min.x, b.min.y, b.max.x, b.max.y] {
                out.extend_from_slice(&(v as f32).to_le_bytes());
            }
            push_u32(&mut out, polygon.rings.len());
            for ring in &polygon.rings {
                push_u32(&mut out, ring.len());
            }
            for [x, y] in &polygon.points {
                out.extend_from_slice(&x.to_le_bytes());
                out.extend_from_slice(&y.to_le_bytes());
            }
            push_u32(&mut out, polygon.triangles.len());
            for i in &polygon.triangles {
                out.extend_from_slice(&i.to_le_bytes());
            }
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], LandError> {
        let chunk = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or(LandError::Truncated(self.at))?;
        self.at += N;
        let mut out = [0; N];
        out.copy_from_slice(chunk);
        Ok(out)
    }

    fn u32(&mut self) -> Result<usize, LandError> {
        Ok(u32::from_le_bytes(self.take()?) as usize)
    }

    fn f32(&mut self) -> Result<f32, LandError> {
        Ok(f32::from_le_bytes(self.take()?))
    }

    /// A count of items of `size` bytes each that the rest of the file can hold.
    fn count(&mut self, size: usize) -> Result<usize, LandError> {
        let n = self.u32()?;
        if n.saturating_mul(size) > self.bytes.len() - self.at {
            return Err(LandError::Truncated(self.bytes.len()));
        }
        Ok(n)
    }
}

/// Reads the file format.
pub fn decode(bytes: &[u8]) -> Result<Land, LandError> {
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err(LandError::Magic);
    }
    let mut r = Reader { bytes, at: 8 };
    let levels = r.u32()?;
    let mut land = Land::default();
    for level_index in 0..levels.min(2) {
        let count = r.count(20)?;
        let mut polygons = Vec::with_capacity(count);
        for polygon_index in 0..count {
            let [x0, y0, x1, y1] = [r.f32()?, r.f32()?, r.f32()?, r.f32()?].map(f64::from);
            let ring_count = r.count(4)?;
            let mut rings = Vec::with_capacity(ring_count);
            let mut start = 0;
            for _ in 0..ring_count {
                let len = r.u32()?;
                rings.push(start..start + len);
                start += len;
            }
            if start.saturating_mul(8) > bytes.len() - r.at {
                return Err(LandError::Truncated(bytes.len()));
            }
            let mut points = Vec::with_capacity(start);
            for _ in 0..start {
                points.push([r.f32()?, r.f32()?]);
            }
            let index_count = r.count(4)?;
            let mut triangles = Vec::with_capacity(index_count);
            for _ in 0..index_count {
                let i = r.u32()?;
                if i >= start {
                    return Err(LandError::Index(polygon_index));
                }
                triangles.push(i as u32);
            }
            polygons.push(LandPolygon {
                bounds: Some(MapRect {
                    min: MapPoint { x: x0, y: y0 },
                    max: MapPoint { x: x1, y: y1 },
                }),
                rings,
                points,
                triangles,
            });
        }
        let level = LandLevel { polygons };
        if level_index == 0 {
            land.coarse = level;
        } else {
            land.detailed = level;
        }
    }
    Ok(land)
}

/// The area a polygon's rings enclose (outer minus holes), map units².
pub fn ring_area(polygon: &LandPolygon) -> f64 {
    polygon
        .rings
        .iter()
        .map(|ring| {
            let pts = &polygon.points[ring.clone()];
            let mut twice = 0.0;
            for (i, a) in pts.iter().enumerate() {
                let b = pts[(i + 1) % pts.len()];
                twice += f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1]);
            }
            (twice / 2.0).abs()
        })
        .enumerate()
        .map(|(i, area)| if i == 0 { area } else { -area })
        .sum()
}

/// The area the triangles cover, map units².
pub fn triangle_area(polygon: &LandPolygon) -> f64 {
    polygon
        .triangles
        .chunks_exact(3)
        .map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| polygon.points[i as usize]);
            let cross = (f64::from(b[0]) - f64::from(a[0])) * (f64::from(c[1]) - f64::from(a[1]))
                - (f64::from(c[0]) - f64::from(a[0])) * (f64::from(b[1]) - f64::from(a[1]));
            cross.abs() / 2.0
        })
        .sum()
}
