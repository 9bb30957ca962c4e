//! dockhand: a terminal UI for managing Docker hosts.
//!
//! Data flows one way: terminal input, engine reports and ticks become [`app::Msg`];
//! [`app::App::update`] changes the state and returns [`app::Effect`]s; the [`runtime`] carries
//! those out and redraws with [`ui::draw`] when something changed.

pub mod app;
pub mod cli;
pub mod clock;
pub mod command_line;
pub mod config;
pub mod engine;
pub mod ids;
pub mod inspect;
pub mod json;
pub mod logging;
pub mod logs;
#[cfg(any(test, feature = "testing"))]
pub mod pictures;
pub mod remembered;
pub mod runtime;
pub mod sanitize;
pub mod security;
pub mod shell;
pub mod stats;
pub mod terminal;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod time;
pub mod ui;
pub mod units;
