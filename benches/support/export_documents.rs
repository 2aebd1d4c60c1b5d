//! Writes the embedded dataset's documents as JSON lines, one per document with the same
//! searchable fields srmap indexes, so that `benches/tantivy_cli.sh` can index them with
//! tantivy-cli and compare the two servers on the same documents and queries.
//!
//! Build with `cargo build --release --example export_documents`; it writes to stdout.

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let dataset = srmap::dataset::prebuilt_dataset()
        .ok_or_else(|| anyhow::anyhow!("the embedded dataset is invalid"))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for document in srmap::index::document_texts(&dataset) {
        serde_json::to_writer(&mut out, &document)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
