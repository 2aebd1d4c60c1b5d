//! The `srmap` binary: parse the command line, set up logging, hand off to the library.

use std::process::ExitCode;

use clap::Parser;
use srmap::cli::{self, Cli};
use srmap::telemetry::{get_subscriber, init_subscriber, stderr_is_terminal};

// mimalloc returns freed memory to the system: after a burst (thousands of MCP sessions
// opened and expired, a reload that built a second index) the process shrinks back, where
// glibc's allocator kept most of it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options, by their place in `mi_option_t` (mimalloc.h, v3), which the Rust
/// binding does not name.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // No transparent huge pages: the heap is tens of MB, and 2 MiB pages filled a third of
    // it with untouched zeroes (the server idled at 77 MB instead of 56, benches/README.md).
    // mimalloc's own switch comes too late: its arena is reserved, and marked for huge
    // pages, before `main` runs; the process-wide flag also covers that arena.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Commit arena memory as it is used and give freed memory back at once, rather than
    // keeping it committed for a reuse that a server's bursts rarely bring.
    // SAFETY: plain setters of mimalloc's option table, called before any thread starts.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
    let cli = Cli::parse();
    init_subscriber(get_subscriber(
        "info",
        cli.log_format,
        stderr_is_terminal(),
        std::io::stderr,
    ));
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error{error:#}");
            ExitCode::from(cli::exit_code(&error))
        }
    }
}
