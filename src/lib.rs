//! # pcc-spc
//!
//! Statistical process control (SPC) charts and Community Safety Partnership (CSP) area
//! breakdowns of police performance data, from a Police and Crime Commissioner's published
//! performance JSON.
//!
//! The crate is a pure core (`month`, `spc`, `model`, …) that knows no browser, a native
//! command line (`pcc-spc build`, `pcc-spc analyse`) and, on `wasm32`, a web module that
//! draws the charts on a canvas.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod areas;
#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod chart;
pub mod describe;
pub mod error;
pub mod interact;
pub mod map;
pub mod model;
pub mod month;
pub mod spc;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, ErrorKind, Location, Result};
pub use month::Month;

/// The browser modules' allocator: rlsf's TLSF in its code-size configuration (about 1.3 KB
/// of wasm, where std's default dlmalloc is some 7 KB of the download), with constant-time
/// allocation and free. Safe to construct; the module is single-threaded.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
