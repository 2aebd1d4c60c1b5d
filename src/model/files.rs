//! Reading a dataset folder from disk: shared by the server and by the build script, which
//! reads `data/` to build the embedded dataset's index at compile time.

use std::path::Path;

use anyhow::Context;

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

pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
