//! Where the dataset's files come from: the copy of `data/` embedded in the binary at build
//! time, or a folder on disk given with `--data`. Checking them is `model`'s job.

use std::path::Path;

use anyhow::Context;
use include_dir::{Dir, include_dir};

use crate::model::{Dataset, ValidationError, merge_files};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// The files of the embedded dataset as `(relative path, contents)` pairs.
pub fn embedded_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort();
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push((slash_path(file.path()), text.to_string()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// The TOML and Markdown files under `root`, as `(path relative to root, contents)` pairs.
pub fn files_in(root: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("reading folder {}", dir.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("reading folder {}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "toml" || ext == "md")
            {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let relative = path.strip_prefix(root).unwrap_or(&path);
                files.push((slash_path(relative), text));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Loads and validates the dataset from `dir` (the embedded one when `None`), with the
/// folder `overlay` merged over it when given. An unreadable folder is an `Err` of the outer
/// result; invalid data of the inner one.
pub fn load(
    dir: Option<&Path>,
    overlay: Option<&Path>,
) -> anyhow::Result<Result<Dataset, ValidationError>> {
    let mut files = match dir {
        Some(dir) => files_in(dir)?,
        None => embedded_files(),
    };
    if let Some(overlay) = overlay {
        let extra = files_in(overlay)?;
        files = match merge_files(&files, &extra) {
            Ok(merged) => merged,
            Err(error) => return Ok(Err(error)),
        };
    }
    Ok(Dataset::from_files(&files))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bad record fails `cargo test` here, with its file and field, before it can fail at
    /// start-up.
    #[test]
    fn embedded_dataset_validates() {
        if let Err(error) = Dataset::from_files(&embedded_files()) {
            panic!("{error}");
        }
    }
}
