//! The `srmap` binary: parse the command line, set up logging, hand off to the library.

use std::process::ExitCode;

use clap::Parser;
use srmap::cli::{self, Cli};
use srmap::telemetry::{get_subscriber, init_subscriber};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_subscriber(get_subscriber("info", cli.log_format, std::io::stderr));
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error{error:#}");
            ExitCode::from(cli::exit_code(&error))
        }
    }
}
