//! Trade Mission Planner: plan a trade mission and the agreements it carries,
//! offline.
//!
//! # Architecture
//!
//! Data flows one way:
//!
//! - [`model`] is the document: plain data with stable ids, and
//!   [`model::validate`] which explains what is wrong. No UI, no files.
//! - [`edit`] is the only way to change a project: an [`edit::Edit`] value
//!   applied by [`edit::apply`], which refuses anything that would break an
//!   invariant and returns the inverse edit.
//! - [`history`] keeps those inverses for undo/redo and knows whether the
//!   document differs from the last save; [`document::Document`] bundles a
//!   project with its history and cached validation.
//! - [`io`] reads and writes project files (versioned RON) atomically; it
//!   has no UI.
//! - [`sample`] is the embedded 2023 California–Japan mission.
//! - [`cli`] is the command line.
//! - [`ui`] has one module per view: a view reads the project and pushes
//!   edits and [`commands::Command`]s into an outbox.
//! - [`app`] is the desktop app: [`app::Session`] holds the open document
//!   and its file (no egui); the frame loop drains the outbox once per frame,
//!   and one gate asks before anything replaces a document with unsaved work.
//!
//! # Errors
//!
//! Library functions return typed errors (`thiserror`). Messages do not
//! include file paths; the caller that knows the path adds it. Parse errors
//! carry a line and column. Nothing that comes from a file or from the user is
//! `unwrap`ped.

pub mod app;
pub mod cli;
pub mod commands;
pub mod document;
pub mod edit;
pub mod finder;
pub mod history;
pub mod io;
pub mod map;
pub mod merge;
pub mod model;
pub mod sample;
pub mod settings;
pub mod synthetic;
pub mod ui;
pub mod zones;
