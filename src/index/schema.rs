//! The tantivy schema, defined once, with typed handles to its fields.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

use super::stemmer::MemoStemmer;

/// Tokenizer of every free-text field: lowercasing and English stemming, so "patches",
/// "patching" and "patched" meet. The name is tantivy's for the same tokens; [`use_text_analyzer`]
/// puts the memoizing analyzer under it.
pub(crate) const TEXT_TOKENIZER: &str = "en_stem";

/// The analyzer of the free-text fields: tantivy's `en_stem` chain with the memoizing
/// stemmer, token for token the same.
pub(crate) fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(MemoStemmer)
        .build()
}

/// Makes `index` tokenize its text fields with [`text_analyzer`]; needed on every index
/// created or opened, since tantivy does not store analyzers.
pub(crate) fn use_text_analyzer(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
}

/// Handles to the schema's fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Position of the document in `SearchIndex::docs`; the only value read back.
    pub ord: Field,
    pub kind: Field,
    pub service_id: Field,
    pub duty_id: Field,
    pub owner: Field,
    pub area: Field,
    pub model: Field,
    pub category: Field,
    /// Service id, names and aliases.
    pub names: Field,
    /// Service name or duty title.
    pub title: Field,
    /// Duty synonyms, statement keywords, control ids.
    pub keywords: Field,
    /// Summaries, descriptions, statement text.
    pub body: Field,
    /// The questions a duty entry, statement or catalogue duty answers (`asks`).
    pub asks: Field,
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        ord: builder.add_u64_field("ord", FAST | INDEXED),
        kind: builder.add_text_field("kind", STRING),
        service_id: builder.add_text_field("service_id", STRING),
        duty_id: builder.add_text_field("duty_id", STRING),
        owner: builder.add_text_field("owner", STRING),
        area: builder.add_text_field("area", STRING),
        model: builder.add_text_field("model", STRING),
        category: builder.add_text_field("category", STRING),
        names: builder.add_text_field("names", text.clone()),
        title: builder.add_text_field("title", text.clone()),
        keywords: builder.add_text_field("keywords", text.clone()),
        body: builder.add_text_field("body", text.clone()),
        asks: builder.add_text_field("asks", text),
    };
    (builder.build(), fields)
}
