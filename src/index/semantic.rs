//! Matching by meaning: the static embedding model in `models/minilm-static/`, embedded in
//! the binary, and one vector per text of the documents answers are chosen from (each duty
//! entry's and statement's `asks` and its own text).
//!
//! A text's vector is the normalized mean of its tokens' vectors (model2vec), so questions
//! worded differently from the facts ("does RDS back up my database by itself?" against
//! "automated backups in the backup window") still land near them. Identical texts share one
//! vector: every service inherits the same default entries.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use model2vec_rs::model::StaticModel;

const TOKENIZER: &[u8] = include_bytes!("../../models/minilm-static/tokenizer.json");
const WEIGHTS: &[u8] = include_bytes!("../../models/minilm-static/model.safetensors");
const CONFIG: &[u8] = include_bytes!("../../models/minilm-static/config.json");
/// Tokens of a text that count; questions and facts are far shorter.
const MAX_TOKENS: usize = 128;

/// The model, read once from the embedded bytes. `None` only if the embedded files are
/// damaged, which the tests rule out; answers then rank by words alone.
static MODEL: LazyLock<Option<StaticModel>> =
    LazyLock::new(
        || match StaticModel::from_bytes(TOKENIZER, WEIGHTS, CONFIG, Some(true)) {
            Ok(model) => Some(model),
            Err(error) => {
                tracing::error!(%error, "the embedded embedding model could not be read");
                None
            }
        },
    );

/// The unit vector of `text`, or `None` when the model is unavailable or the text has no
/// token it knows.
pub(crate) fn embed(text: &str) -> Option<Vec<f32>> {
    let model = MODEL.as_ref()?;
    let vector = model.encode_with_args(&[text.to_string()], Some(MAX_TOKENS), 1);
    let vector = vector.into_iter().next()?;
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm > 0.0).then(|| vector.into_iter().map(|x| x / norm).collect())
}

/// The vectors of every document's texts.
pub(crate) struct SemanticIndex {
    dim: usize,
    /// Unit vectors, one after another.
    vectors: Vec<f32>,
    /// For each document (by position): which vectors are its texts.
    by_doc: Vec<Vec<u32>>,
}

impl SemanticIndex {
    /// Embeds `texts[i]`, the texts of document `i`; identical texts are embedded once.
    pub(crate) fn build(texts: &[Vec<String>]) -> SemanticIndex {
        let dim = MODEL.as_ref().map_or(0, StaticModel::dim);
        let mut known: HashMap<&str, u32> = HashMap::new();
        let mut distinct: Vec<&str> = Vec::new();
        let by_doc = texts
            .iter()
            .map(|doc| {
                doc.iter()
                    .map(|text| {
                        *known.entry(text.as_str()).or_insert_with(|| {
                            distinct.push(text.as_str());
                            (distinct.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        let mut vectors = Vec::with_capacity(distinct.len() * dim);
        for text in distinct {
            match embed(text) {
                Some(vector) if vector.len() == dim => vectors.extend(vector),
                _ => vectors.extend(std::iter::repeat_n(0.0, dim)),
            }
        }
        SemanticIndex {
            dim,
            vectors,
            by_doc,
        }
    }

    fn vector(&self, id: u32) -> Option<&[f32]> {
        let start = id as usize * self.dim;
        let range: Range<usize> = start..start + self.dim;
        self.vectors.get(range)
    }

    /// The best cosine between `question` (a unit vector) and any text of document `ord`;
    /// 0 when it has none.
    pub(crate) fn similarity(&self, ord: usize, question: &[f32]) -> f32 {
        let Some(ids) = self.by_doc.get(ord) else {
            return 0.0;
        };
        ids.iter()
            .filter_map(|&id| self.vector(id))
            .map(|vector| dot(vector, question))
            .fold(0.0, f32::max)
    }

    /// Distinct texts embedded.
    pub(crate) fn len(&self) -> usize {
        self.vectors.len().checked_div(self.dim).unwrap_or(0)
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_loads_and_puts_paraphrases_nearer_than_unrelated_text() {
        let backups = embed("does the database service take backups by itself").unwrap();
        let automated = embed("automated daily backups of the DB instance").unwrap();
        let weather = embed("the weather in Paris this weekend").unwrap();

        assert!(dot(&backups, &automated) > dot(&backups, &weather) + 0.1);
    }

    #[test]
    fn the_embedded_files_match_their_checksums() {
        use sha2::{Digest, Sha256};
        let sums = include_str!("../../models/minilm-static/SHA256SUMS");
        for (name, bytes) in [
            ("config.json", CONFIG),
            ("model.safetensors", WEIGHTS),
            ("tokenizer.json", TOKENIZER),
        ] {
            let digest: String = Sha256::digest(bytes)
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            assert!(
                sums.lines().any(|line| line == format!("{digest}  {name}")),
                "{name} does not match SHA256SUMS"
            );
        }
    }
}
