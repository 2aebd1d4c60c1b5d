//! Indexes the embedded dataset at compile time, so that a start on it opens a finished index
//! instead of parsing, checking, stemming, embedding and indexing `data/` again: the library's
//! own `model` and `index` code, compiled into this script, writes `$OUT_DIR/prebuilt.bin`,
//! which `src/dataset.rs` embeds. When `data/` does not validate the file is left empty and
//! the binary checks the files at start, reporting every problem as it always has. It also
//! tells Cargo to rebuild when `data/` or `openapi.yaml` change: `include_dir!` and
//! `include_str!` embed them, but on stable Rust a macro cannot say which files it read.

// The script uses a few entry points of these modules; the rest is the library's.
#[allow(dead_code, unused_imports)]
#[path = "src/index/mod.rs"]
mod index;
#[allow(dead_code, unused_imports)]
#[path = "src/model/mod.rs"]
mod model;

use std::path::{Path, PathBuf};

fn main() {
    let watched = [
        "data",
        "openapi.yaml",
        "src/model",
        "src/index",
        "models",
        "build.rs",
    ];
    for watched in watched {
        println!("cargo::rerun-if-changed={watched}");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let target = out_dir.join("prebuilt.bin");
    let bytes = match prebuild(Path::new("data")) {
        Ok(bytes) => bytes,
        Err(reason) => {
            println!("cargo::warning=the embedded dataset is not prebuilt: {reason}");
            Vec::new()
        }
    };
    if let Err(error) = std::fs::write(&target, bytes) {
        panic!("writing {}: {error}", target.display());
    }
}

fn prebuild(data: &Path) -> Result<Vec<u8>, String> {
    let files = model::files_in(data).map_err(|error| format!("{error:#}"))?;
    let dataset = model::Dataset::from_files(&files).map_err(|error| error.to_string())?;
    index::SearchIndex::prebuild(dataset).map_err(|error| error.to_string())
}
