//! `scry`: see `scry --help`, or the library docs of this crate.

use std::process::ExitCode;

use build_index::cli::{Cli, Command};
use build_index::console::{Console, Verbosity};
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let matches = match Cli::command()
        .after_long_help(build_index::cli::after_long_help())
        .try_get_matches()
    {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::DisplayHelp => {
            let _ = e.print();
            if build_index::cli::wants_reference(&e.render().to_string()) {
                print!("\n{}", build_index::cli::reference());
            }
            return ExitCode::SUCCESS;
        }
        Err(e) => e.exit(),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let console = Console::new(verbosity);
    let result = match &cli.command {
        Some(Command::Search(args)) => build_index::run::search(args),
        Some(Command::Serve(args)) => build_index::run::serve(args, &console).map(|_| true),
        Some(Command::Service) => build_index::service::run().map(|_| true),
        // Watching runs until stopped; it never counts as a successful build.
        None if cli.build.watch => build_index::watch::run(&cli.build, &console).map(|()| false),
        None => build_index::run::build(&cli.build, &console).map(|built| built.is_some()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            console.clear_progress();
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
