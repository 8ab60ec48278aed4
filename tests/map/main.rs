//! The map without a window: projection and arcs, the bundled land, label
//! placement, the port catalogue and the zone of a place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod catalogue;
mod geometry;
mod zones;
