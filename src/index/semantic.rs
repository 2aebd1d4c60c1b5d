//! Matching by meaning: the static embedding model in `models/minilm-static/`, embedded in
//! the binary, and one vector per text of the documents answers are chosen from (each duty
//! entry's and statement's `asks` and its own text).
//!
//! A text's vector is the normalized mean of its tokens' vectors (model2vec), so questions
//! worded differently from the facts ("does RDS back up my database by itself?" against
//! "automated backups in the backup window") still land near them. Identical texts share one
//! vector: every service inherits the same default entries.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use model2vec_rs::model::StaticModel;
use serde::{Deserialize, Serialize};

const TOKENIZER: &[u8] = include_bytes!("../../models/minilm-static/tokenizer.json");
const WEIGHTS: &[u8] = include_bytes!("../../models/minilm-static/model.safetensors");
const CONFIG: &[u8] = include_bytes!("../../models/minilm-static/config.json");
/// Tokens of a text that count; questions and facts are far shorter.
const MAX_TOKENS: usize = 128;
/// Running sums of a cosine: enough independent additions to keep vector units busy.
const LANES: usize = 16;

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

/// Starts reading the model on a thread of its own, so that it is ready by the time the
/// index is open: both take some tens of milliseconds, and a one-shot `srmap ask` waits
/// for both.
pub fn load_model_in_background() {
    std::thread::spawn(|| LazyLock::force(&MODEL));
}

/// The unit vector of `text`, or `None` when the model is unavailable or the text has no
/// token it knows.
pub(crate) fn embed(text: &str) -> Option<Vec<f32>> {
    let model = MODEL.as_ref()?;
    let vector = model.encode_with_args(&[text.to_string()], Some(MAX_TOKENS), 1);
    let vector = vector.into_iter().next()?;
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm > 0.0).then(|| vector.into_iter().map(|x| x / norm).collect())
}

/// The vectors of every document's texts, each kept as 8-bit codes with one scale: a quarter
/// of the memory of floats, and cosines within about 0.002 of the exact ones.
#[derive(Serialize, Deserialize)]
pub(crate) struct SemanticIndex {
    dim: usize,
    /// The codes of every vector, one after another (`i8` values as bytes). A prebuilt
    /// index lends them from the binary (see `prebuilt`), so they are kept out of serde.
    #[serde(skip)]
    codes: Cow<'static, [u8]>,
    /// For each vector: what one code step is worth.
    scales: Vec<f32>,
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
        let mut codes = Vec::with_capacity(distinct.len() * dim);
        let mut scales = Vec::with_capacity(distinct.len());
        for text in distinct {
            let vector = embed(text).filter(|vector| vector.len() == dim);
            let vector = vector.unwrap_or_else(|| vec![0.0; dim]);
            let largest = vector.iter().fold(0.0f32, |max, x| max.max(x.abs()));
            let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
            codes.extend(
                vector
                    .iter()
                    .map(|x| ((x / scale).round().clamp(-127.0, 127.0) as i8) as u8),
            );
            scales.push(scale);
        }
        SemanticIndex {
            dim,
            codes: Cow::Owned(codes),
            scales,
            by_doc,
        }
    }

    /// The codes, for a prebuilt index to keep apart.
    pub(crate) fn codes(&self) -> &[u8] {
        &self.codes
    }

    /// Takes the codes of a prebuilt index from the binary, checking they fit.
    pub(crate) fn with_codes(mut self, codes: &'static [u8]) -> Option<SemanticIndex> {
        (codes.len() == self.scales.len() * self.dim).then(|| {
            self.codes = Cow::Borrowed(codes);
            self
        })
    }

    /// The cosine between vector `id` and `question` (a unit vector); 0 when there is none.
    fn cosine(&self, id: u32, question: &[f32]) -> f32 {
        let start = id as usize * self.dim;
        let range: Range<usize> = start..start + self.dim;
        let (Some(codes), Some(scale)) = (self.codes.get(range), self.scales.get(id as usize))
        else {
            return 0.0;
        };
        // Separate running sums let the compiler use vector instructions: a single one
        // makes every addition wait for the one before (floats do not reassociate).
        let mut lanes = [0.0_f32; LANES];
        let mut code_chunks = codes.chunks_exact(LANES);
        let mut question_chunks = question.chunks_exact(LANES);
        for (codes, values) in code_chunks.by_ref().zip(question_chunks.by_ref()) {
            for ((lane, &code), value) in lanes.iter_mut().zip(codes).zip(values) {
                *lane += f32::from(code as i8) * value;
            }
        }
        let rest: f32 = code_chunks
            .remainder()
            .iter()
            .zip(question_chunks.remainder())
            .map(|(&code, value)| f32::from(code as i8) * value)
            .sum();
        (lanes.iter().sum::<f32>() + rest) * scale
    }

    /// The best cosine between `question` (a unit vector) and any text of document `ord`;
    /// 0 when it has none.
    pub(crate) fn similarity(&self, ord: usize, question: &[f32]) -> f32 {
        let Some(ids) = self.by_doc.get(ord) else {
            return 0.0;
        };
        ids.iter()
            .map(|&id| self.cosine(id, question))
            .fold(0.0, f32::max)
    }

    /// Distinct texts embedded.
    pub(crate) fn len(&self) -> usize {
        self.scales.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn the_embedded_model_loads_and_puts_paraphrases_nearer_than_unrelated_text() {
        let backups = embed("does the database service take backups by itself").unwrap();
        let automated = embed("automated daily backups of the DB instance").unwrap();
        let weather = embed("the weather in Paris this weekend").unwrap();

        assert!(dot(&backups, &automated) > dot(&backups, &weather) + 0.1);
    }

    #[test]
    fn eight_bit_codes_keep_cosines_within_a_hair_of_the_exact_ones() {
        let texts = [
            "automated daily backups of the DB instance",
            "the customer patches the guest operating system",
            "TLS between clients and the load balancer",
        ];
        let index = SemanticIndex::build(&[texts.iter().map(|t| t.to_string()).collect()]);
        let question = embed("does the database service take backups by itself").unwrap();
        for (id, text) in texts.iter().enumerate() {
            let exact = dot(&embed(text).unwrap(), &question);
            let coded = index.cosine(id as u32, &question);
            assert!(
                (exact - coded).abs() < 0.01,
                "{text}: {exact} against {coded}"
            );
        }
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
