//! `scry`: reads a static site or a file of records and writes a scry index, with the browser
//! assets, into one folder.
//!
//! The binary is a thin shell over this library, so tests reach every step: [`html`] reads one page,
//! [`site`] crawls a folder, [`records`] reads JSON Lines, JSON or CSV, [`pipeline`] feeds documents
//! to the [`scry::Builder`] in parallel chunks, [`output`] writes the index and the assets into a
//! temporary folder and swaps it in, [`serve`] previews a folder, [`watch`] rebuilds on changes, [`run`] ties the commands together.
#![forbid(unsafe_code)]

pub mod cli;
pub mod config;
pub mod console;
mod entities;
pub mod html;
pub mod output;
pub mod pipeline;
pub mod records;
pub mod run;
pub mod serve;
pub mod service;
pub mod site;
pub mod source;
pub mod text;
pub mod watch;
