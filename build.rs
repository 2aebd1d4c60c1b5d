//! Rebuilds the crate when the dataset changes: `include_dir!` embeds `data/`, but on stable
//! Rust the compiler cannot tell Cargo which files a macro read.

fn main() {
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=openapi.yaml");
}
